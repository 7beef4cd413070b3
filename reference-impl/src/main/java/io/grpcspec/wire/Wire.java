package io.grpcspec.wire;

import io.grpcspec.traceability.Enforces;

/** Big-endian field access shared by the frame parser and writer. */
final class Wire {
    private Wire() {}

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 24) | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    /** A 31-bit field behind a reserved (or E) bit: the top bit is dropped (rule FR_15). */
    @Enforces("FR-15")
    static int u31(byte[] b, int off) {
        return (int) (u32(b, off) & 0x7fff_ffffL);
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static long u64(byte[] b, int off) {
        return u32(b, off) << 32 | u32(b, off + 4);
    }

    static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void putLong(byte[] b, int off, long v) {
        putInt(b, off, v >>> 32);
        putInt(b, off + 4, v);
    }
}
