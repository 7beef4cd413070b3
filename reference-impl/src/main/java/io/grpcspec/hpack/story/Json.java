package io.grpcspec.hpack.story;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader (RFC 8259), enough for the hpack-test-case stories, so that the module
 * needs no JSON library. Objects become {@code Map<String, Object>} in document order (a repeated
 * name keeps its last value), arrays {@code List<Object>}, integers {@code Long} (or
 * {@code BigInteger} beyond a long), other numbers {@code Double}, plus {@code String},
 * {@code Boolean} and {@code null}. Everything RFC 8259 allows is read as it says (escaped
 * slashes, backslash-u escapes, exponents, a leading byte order mark, which RFC 8259 §8.1 lets a
 * parser ignore); anything else raises {@link JsonException} with the offset.
 */
public final class Json {

    /** The text is not JSON; {@code offset} is where reading stopped. */
    public static final class JsonException extends RuntimeException {
        private final int offset;

        JsonException(String message, int offset) {
            super(message + " at offset " + offset);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    /** Deeper nesting than this is refused rather than risking a stack overflow. */
    private static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    public static Object parse(String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        Json j = new Json(text);
        j.skipSpace();
        Object v = j.value(0);
        j.skipSpace();
        if (j.pos != text.length()) throw j.fail("unexpected text after the value");
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw fail("nesting deeper than " + MAX_DEPTH);
        if (pos >= text.length()) throw fail("unexpected end of input");
        char c = text.charAt(pos);
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw fail("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++; // {
        skipSpace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw fail("expected a member name");
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value(depth + 1));
            skipSpace();
            char c = next();
            if (c == '}') return Collections.unmodifiableMap(map);
            if (c != ',') throw fail("expected ',' or '}'");
        }
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<>();
        pos++; // [
        skipSpace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') return Collections.unmodifiableList(list);
            if (c != ',') throw fail("expected ',' or ']'");
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw fail("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw fail("control character in a string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw fail("short \\u escape");
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(pos++), 16);
                        if (d < 0) throw fail("bad hex digit in \\u escape");
                        code = code * 16 + d;
                    }
                    sb.append((char) code);
                }
                default -> throw fail("bad escape '\\" + e + "'");
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0' && pos + 1 < text.length() && text.charAt(pos + 1) >= '0' && text.charAt(pos + 1) <= '9') {
            throw fail("a number may not start with 0 followed by digits");
        }
        digits();
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            digits();
        }
        String s = text.substring(start, pos);
        try {
            if (!integral) return Double.parseDouble(s);
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException beyondLong) {
                return new java.math.BigInteger(s);
            }
        } catch (NumberFormatException ex) {
            pos = start;
            throw fail("bad number '" + s + "'");
        }
    }

    private void digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
        if (pos == start) throw fail("expected a digit");
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) throw fail("unexpected word");
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= text.length()) throw fail("unexpected end of input");
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw fail("expected '" + c + "'");
        }
    }

    private JsonException fail(String message) {
        return new JsonException(message, pos);
    }
}
