package io.grpcspec.hpack.story;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One story of the hpack-test-case corpus: header blocks sharing one compression context.
 * A case holds the expected header list and, except in {@code raw-data}, the encoded block
 * ({@code wire}); {@code header_table_size} is the SETTINGS_HEADER_TABLE_SIZE acknowledged just
 * before the case. Optional members ({@code header_table_size}, {@code wire}, {@code seqno},
 * {@code description}) may be absent or JSON {@code null}, as other encoders' stories write them.
 *
 * <p>Header strings are text in JSON; they become octets the way encoders put them on the wire:
 * ASCII as is, anything else as its UTF-8 octets (each octet one char, see {@link HeaderField}).
 */
public record Story(String description, List<Case> cases) {

    public Story {
        cases = List.copyOf(cases);
    }

    /** {@code headerTableSize} and {@code wire} are null when the case has none. */
    public record Case(int seqno, Long headerTableSize, Bytes wire, List<HeaderField> headers) {
        public Case {
            headers = List.copyOf(headers);
        }
    }

    /** The file is readable but is not a story. */
    public static final class FormatException extends Exception {
        public FormatException(String message) {
            super(message);
        }
    }

    public static Story read(Path file) throws IOException, FormatException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static Story parse(String json) throws FormatException {
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.JsonException e) {
            throw new FormatException("not JSON: " + e.getMessage());
        }
        Map<?, ?> top = object(root, "the story");
        String description = top.get("description") instanceof String s ? s : "";
        if (top.get("cases") == null) throw new FormatException("no \"cases\" array");
        if (!(top.get("cases") instanceof List<?> rawCases)) throw new FormatException("no \"cases\" array");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < rawCases.size(); i++) cases.add(parseCase(rawCases.get(i), i));
        return new Story(description, cases);
    }

    private static Case parseCase(Object raw, int position) throws FormatException {
        Map<?, ?> c = object(raw, "case " + position);
        // Optional members may be absent or JSON null; a number is read by its value (4096.0 is 4096).
        Long n = integer(c.get("seqno"));
        int seqno = n != null && n >= 0 && n <= Integer.MAX_VALUE ? n.intValue() : position;
        String where = "case " + seqno;
        Long tableSize = null;
        Object size = c.get("header_table_size");
        if (size != null) {
            tableSize = integer(size);
            if (tableSize == null || tableSize < 0 || tableSize > 0xffffffffL) {
                throw new FormatException(where + ": header_table_size is " + size + ", not null or a 32-bit unsigned integer");
            }
        }
        Bytes wire = null;
        if (c.get("wire") != null) {
            if (!(c.get("wire") instanceof String hex)) throw new FormatException(where + ": wire is not a string");
            try {
                wire = Bytes.of(HexFormat.of().parseHex(hex));
            } catch (IllegalArgumentException e) {
                throw new FormatException(where + ": wire is not hex");
            }
        }
        if (!(c.get("headers") instanceof List<?> rawHeaders)) throw new FormatException(where + ": no \"headers\" array");
        List<HeaderField> headers = new ArrayList<>();
        for (int i = 0; i < rawHeaders.size(); i++) {
            Map<?, ?> h = object(rawHeaders.get(i), where + " header " + i);
            if (h.size() != 1) throw new FormatException(where + " header " + i + ": expected one name and its value");
            Map.Entry<?, ?> e = h.entrySet().iterator().next();
            if (!(e.getValue() instanceof String value)) throw new FormatException(where + " header " + i + ": value is not a string");
            headers.add(new HeaderField(octets((String) e.getKey()), octets(value)));
        }
        return new Case(seqno, tableSize, wire, headers);
    }

    /** The value of an integral JSON number (whatever its spelling: 7, 7.0, 0.7e1), else null. */
    private static Long integer(Object o) {
        if (o instanceof Long l) return l;
        if (o instanceof Double d && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) <= 0x1p53) return d.longValue();
        return null;
    }

    private static Map<?, ?> object(Object o, String what) throws FormatException {
        if (o instanceof Map<?, ?> m) return m;
        throw new FormatException(what + " is not a JSON object");
    }

    private static String octets(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }
}
