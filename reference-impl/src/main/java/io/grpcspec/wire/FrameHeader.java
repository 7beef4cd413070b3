package io.grpcspec.wire;

import io.grpcspec.traceability.Enforces;

/**
 * The 9-octet header every frame starts with, RFC 9113 §4.1: 24-bit payload length, 8-bit type,
 * 8-bit flags, then one reserved bit and a 31-bit stream identifier. {@code streamId} has the
 * reserved bit already cleared: it carries no meaning and must be ignored (rule FR_15).
 */
public record FrameHeader(int length, int type, int flags, int streamId) {
    public static final int LENGTH = 9;
    /** The largest value the 24-bit length field can hold. */
    public static final int MAX_LENGTH = (1 << 24) - 1;

    public FrameHeader {
        if (length < 0 || length > MAX_LENGTH) throw new IllegalArgumentException("length is 24 bits: " + length);
        if (type < 0 || type > 0xff) throw new IllegalArgumentException("type is 8 bits: " + type);
        if (flags < 0 || flags > 0xff) throw new IllegalArgumentException("flags are 8 bits: " + flags);
        if (streamId < 0) throw new IllegalArgumentException("stream id is 31 bits: " + streamId);
    }

    /** Reads the header at {@code offset}; the caller guarantees 9 octets are there. */
    public static FrameHeader parse(byte[] b, int offset) {
        int length = (b[offset] & 0xff) << 16 | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff);
        return new FrameHeader(length, b[offset + 3] & 0xff, b[offset + 4] & 0xff, Wire.u31(b, offset + 5));
    }

    /** Writes the header at {@code offset}, reserved bit 0 (rule FR_15). */
    @Enforces("FR-15")
    public void writeTo(byte[] dst, int offset) {
        dst[offset] = (byte) (length >>> 16);
        dst[offset + 1] = (byte) (length >>> 8);
        dst[offset + 2] = (byte) length;
        dst[offset + 3] = (byte) type;
        dst[offset + 4] = (byte) flags;
        Wire.putInt(dst, offset + 5, streamId);
    }

    public String typeName() {
        FrameType t = FrameType.of(type);
        return t == null ? "UNKNOWN(0x" + Integer.toHexString(type) + ")" : t.name();
    }
}
