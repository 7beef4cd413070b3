package io.grpcspec.wire;

import java.util.List;

/** A minimal JSON object builder: enough for flat frame and error records, no library needed. */
public final class JsonText {
    private final StringBuilder sb = new StringBuilder("{");

    JsonText field(String name, long value) {
        return key(name).raw(Long.toString(value));
    }

    JsonText field(String name, boolean value) {
        return key(name).raw(Boolean.toString(value));
    }

    JsonText field(String name, String value) {
        key(name);
        quote(sb, value);
        return this;
    }

    JsonText field(String name, List<String> values) {
        key(name).sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(',');
            quote(sb, values.get(i));
        }
        sb.append(']');
        return this;
    }

    /** {@code json} must already be valid JSON (a nested object or array). */
    JsonText rawField(String name, String json) {
        return key(name).raw(json);
    }

    String done() {
        return sb.append('}').toString();
    }

    private JsonText key(String name) {
        if (sb.length() > 1) sb.append(',');
        quote(sb, name);
        sb.append(':');
        return this;
    }

    private JsonText raw(String s) {
        sb.append(s);
        return this;
    }

    /** RFC 8259 string; everything outside printable ASCII is \\u-escaped so output stays ASCII. */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
