package io.grpcspec.oracle.check;

import io.grpcspec.wire.FrameHeader;

/**
 * Frames as bytes, for the shapes no frame record can hold: a PING of 7 octets, a SETTINGS on a
 * stream, a reserved bit set, a pad length beyond the payload. RFC 9113 §4.1 layout.
 */
final class RawFrames {
    private RawFrames() {}

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY_FLAG = 0x20;

    /** A frame header with these fields (the stream word written as given, reserved bit included) and the payload. */
    static byte[] frame(int type, int flags, int streamWord, byte[] payload) {
        byte[] out = new byte[FrameHeader.LENGTH + payload.length];
        int len = payload.length;
        out[0] = (byte) (len >>> 16);
        out[1] = (byte) (len >>> 8);
        out[2] = (byte) len;
        out[3] = (byte) type;
        out[4] = (byte) flags;
        out[5] = (byte) (streamWord >>> 24);
        out[6] = (byte) (streamWord >>> 16);
        out[7] = (byte) (streamWord >>> 8);
        out[8] = (byte) streamWord;
        System.arraycopy(payload, 0, out, FrameHeader.LENGTH, len);
        return out;
    }

    /** {@code n} zero octets. */
    static byte[] zeros(int n) {
        return new byte[n];
    }

    /** Concatenation. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
