package io.grpcspec.wire;

import io.grpcspec.traceability.Enforces;

/** Writes the payload of each frame type; {@link FrameWriter} writes the header around it. */
final class PayloadEncoder {
    private PayloadEncoder() {}

    static void write(Frame f, byte[] b, int at) {
        if (f instanceof DataFrame d) {
            padded(b, at, d.padLength(), d.data());
        } else if (f instanceof HeadersFrame h) {
            int p = at;
            if (h.padded()) b[p++] = (byte) h.padLength();
            if (h.priority() != null) {
                priority(b, p, h.priority());
                p += 5;
            }
            h.fragment().copyTo(b, p);
            zero(b, p + h.fragment().length(), Math.max(h.padLength(), 0));
        } else if (f instanceof PriorityFrame pr) {
            priority(b, at, pr.priority());
        } else if (f instanceof RstStreamFrame r) {
            Wire.putInt(b, at, u32(r.errorCode()));
        } else if (f instanceof SettingsFrame s) {
            int p = at;
            for (Setting setting : s.settings()) {
                Wire.putShort(b, p, setting.id());
                Wire.putInt(b, p + 2, setting.value());
                p += 6;
            }
        } else if (f instanceof PushPromiseFrame pp) {
            int p = at;
            if (pp.padded()) b[p++] = (byte) pp.padLength();
            Wire.putInt(b, p, u31(pp.promisedStreamId()));
            pp.fragment().copyTo(b, p + 4);
            zero(b, p + 4 + pp.fragment().length(), Math.max(pp.padLength(), 0));
        } else if (f instanceof PingFrame ping) {
            Wire.putLong(b, at, ping.opaqueData());
        } else if (f instanceof GoAwayFrame g) {
            Wire.putInt(b, at, g.lastStreamId());
            Wire.putInt(b, at + 4, u32(g.errorCode()));
            g.debugData().copyTo(b, at + 8);
        } else if (f instanceof WindowUpdateFrame w) {
            Wire.putInt(b, at, w.increment());
        } else if (f instanceof ContinuationFrame c) {
            c.fragment().copyTo(b, at);
        } else if (f instanceof UnknownFrame u) {
            u.payload().copyTo(b, at);
        } else {
            throw new IllegalArgumentException("unhandled frame " + f);
        }
    }

    private static void padded(byte[] b, int at, int padLength, Bytes content) {
        int p = at;
        if (padLength != Frame.NO_PADDING) b[p++] = (byte) padLength;
        content.copyTo(b, p);
        zero(b, p + content.length(), Math.max(padLength, 0));
    }

    /** Padding octets are zeroed explicitly (rule FR_18): the destination may be a reused buffer. */
    @Enforces("FR-18")
    private static void zero(byte[] b, int from, int count) {
        java.util.Arrays.fill(b, from, from + count, (byte) 0);
    }

    private static void priority(byte[] b, int at, Priority p) {
        Wire.putInt(b, at, p.streamDependency() | (p.exclusive() ? 0x8000_0000 : 0));
        b[at + 4] = (byte) (p.weight() - 1);
    }

    private static long u32(long code) {
        if (code < 0 || code > 0xffff_ffffL) throw new IllegalArgumentException("error code is 32 bits: " + code);
        return code;
    }

    private static int u31(int id) {
        if (id < 0) throw new IllegalArgumentException("stream id is 31 bits: " + id);
        return id;
    }
}
