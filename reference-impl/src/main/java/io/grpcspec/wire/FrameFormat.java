package io.grpcspec.wire;

import java.util.List;

/**
 * One-line human descriptions of frames for traces ({@code --trace}, oracle reports), in the
 * spirit of {@code nghttp -v}: type, stream, flags by name, then the fields that matter, with
 * payload bytes summarised by count rather than dumped.
 */
public final class FrameFormat {
    /** Debug data longer than this is cut in descriptions (JSON keeps it whole). */
    static final int MAX_TEXT = 120;

    private FrameFormat() {}

    public static String describe(Frame f) {
        StringBuilder sb = new StringBuilder(f.typeName());
        if (f instanceof DataFrame d) {
            stream(sb, d).append(flags(d)).append(" data=").append(d.data().length()).append(" bytes");
            pad(sb, d.padLength());
        } else if (f instanceof HeadersFrame h) {
            stream(sb, h).append(flags(h)).append(" fragment=").append(h.fragment().length()).append(" bytes");
            pad(sb, h.padLength());
            if (h.priority() != null) sb.append(" priority=(").append(priority(h.priority())).append(')');
        } else if (f instanceof PriorityFrame p) {
            stream(sb, p).append(' ').append(priority(p.priority()));
        } else if (f instanceof RstStreamFrame r) {
            stream(sb, r).append(" error=").append(ErrorCode.describe(r.errorCode()));
        } else if (f instanceof SettingsFrame s) {
            sb.append(" ack=").append(s.ack());
            if (!s.ack()) sb.append(' ').append(s.settings());
        } else if (f instanceof PushPromiseFrame pp) {
            stream(sb, pp).append(flags(pp)).append(" promised_stream=").append(pp.promisedStreamId())
                    .append(" fragment=").append(pp.fragment().length()).append(" bytes");
            pad(sb, pp.padLength());
        } else if (f instanceof PingFrame ping) {
            sb.append(" ack=").append(ping.ack()).append(" opaque=0x").append(String.format("%016x", ping.opaqueData()));
        } else if (f instanceof GoAwayFrame g) {
            sb.append(" last_stream=").append(g.lastStreamId()).append(" error=").append(ErrorCode.describe(g.errorCode()));
            if (!g.debugData().isEmpty()) sb.append(" debug=\"").append(text(g.debugData(), MAX_TEXT)).append('"');
        } else if (f instanceof WindowUpdateFrame w) {
            stream(sb, w).append(" increment=").append(w.increment());
        } else if (f instanceof ContinuationFrame c) {
            stream(sb, c).append(flags(c)).append(" fragment=").append(c.fragment().length()).append(" bytes");
        } else if (f instanceof UnknownFrame u) {
            stream(sb, u).append(" flags=0x").append(Integer.toHexString(u.flags()))
                    .append(" payload=").append(u.payload().length()).append(" bytes");
        }
        return sb.toString();
    }

    private static StringBuilder stream(StringBuilder sb, Frame f) {
        return sb.append(" stream=").append(f.streamId());
    }

    private static String flags(Frame f) {
        List<String> names = Flags.names(f.typeCode(), f.flags());
        return " flags=" + (names.isEmpty() ? "none" : String.join("|", names));
    }

    private static void pad(StringBuilder sb, int padLength) {
        if (padLength != Frame.NO_PADDING) sb.append(" pad=").append(padLength);
    }

    private static String priority(Priority p) {
        return "depends_on=" + p.streamDependency() + " exclusive=" + p.exclusive() + " weight=" + p.weight();
    }

    /** Octets as text: printable ASCII kept, quotes and backslashes escaped, the rest as \xNN. */
    static String text(Bytes b, int max) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(b.length(), max);
        for (int i = 0; i < n; i++) {
            int c = b.get(i) & 0xff;
            if (c == '"' || c == '\\') sb.append('\\').append((char) c);
            else if (c >= 0x20 && c < 0x7f) sb.append((char) c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\t') sb.append("\\t");
            else sb.append(String.format("\\x%02x", c));
        }
        if (b.length() > max) sb.append("…(").append(b.length()).append(" bytes)");
        return sb.toString();
    }
}
