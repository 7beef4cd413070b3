package io.grpcspec.property.engine;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** Default rendering of generated values for failure reports. */
final class Render {
    private static final int ONE_LINE_LIMIT = 100;
    /** A report is read by people; a huge unshrunk trace helps nobody past this many lines. */
    static final int MAX_LINES = 300;

    private Render() {}

    /**
     * Short collections on one line, long ones one element per line (a frame trace reads best
     * that way); byte arrays in hex; a {@link Context} as nothing (its trace is shown instead).
     */
    static String value(Object value) {
        if (value instanceof Context) return "";
        if (value instanceof byte[] b) return io.grpcspec.wire.Bytes.of(b).toString();
        if (value instanceof Collection<?> c) {
            String line = c.toString();
            if (line.length() <= ONE_LINE_LIMIT && !line.contains("\n")) return line;
            return c.stream().map(String::valueOf).collect(Collectors.joining("\n"));
        }
        if (value instanceof Object[] a) return Arrays.deepToString(a);
        return String.valueOf(value);
    }

    /** Indents every line by two spaces; keeps at most {@value #MAX_LINES} lines, saying how many were cut. */
    static String indent(String text) {
        java.util.List<String> lines = text.lines().toList();
        String shown = lines.stream().limit(MAX_LINES).map(l -> "  " + l).collect(Collectors.joining("\n"));
        if (lines.size() <= MAX_LINES) return shown;
        return shown + "\n  ... (" + (lines.size() - MAX_LINES) + " more lines)";
    }
}
