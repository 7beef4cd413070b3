package io.grpcspec.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string. Frame payloads use it instead of {@code byte[]} so that frame
 * records compare by value: tests compare frames with {@code equals}, and the model checker keeps
 * states that contain frames in a visited set.
 *
 * <p>It is a range of an array nobody changes: {@link #of} copies what it is given,
 * {@link #adopt} takes over an array its caller no longer touches, and {@link #slice} shares the
 * array of the string it cuts (a message cut into DATA frames is not copied once per frame). The
 * array is never handed out; equality and hash are over the content only.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);

    private final byte[] bytes;
    private final int offset;
    private final int length;

    private Bytes(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** Copies {@code bytes}; later changes to the array do not show. */
    public static Bytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone(), 0, bytes.length);
    }

    public static Bytes of(byte[] bytes, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length), 0, length);
    }

    /**
     * Takes {@code bytes} without copying it: the caller hands the array over and must not change
     * it, or let anyone else, afterwards (for arrays made just for this string).
     */
    public static Bytes adopt(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes, 0, bytes.length);
    }

    public static Bytes ofHex(String hex) {
        return adopt(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
    }

    public static Bytes ofAscii(String s) {
        return adopt(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public byte get(int index) {
        return bytes[offset + java.util.Objects.checkIndex(index, length)];
    }

    /** A fresh copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** Copies the content into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, this.offset, dst, offset, length);
    }

    public void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(bytes, offset, length);
    }

    public Bytes concat(Bytes other) {
        if (other.isEmpty()) return this;
        if (isEmpty()) return other;
        byte[] joined = new byte[length + other.length];
        copyTo(joined, 0);
        other.copyTo(joined, length);
        return new Bytes(joined, 0, joined.length);
    }

    /** The octets from {@code from} (inclusive) to {@code to} (exclusive), sharing this string's array. */
    public Bytes slice(int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, length);
        if (from == to) return EMPTY;
        if (from == 0 && to == length) return this;
        return new Bytes(bytes, offset + from, to - from);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes, offset, offset + length);
    }

    public String ascii() {
        return new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other
                && Arrays.equals(bytes, offset, offset + length, other.bytes, other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset, end = offset + length; i < end; i++) h = 31 * h + bytes[i];
        return h; // as Arrays.hashCode of the content
    }

    /** Short hex form, cut after 32 bytes so traces stay readable. */
    @Override
    public String toString() {
        if (length <= 32) return "0x" + hex();
        return "0x" + HexFormat.of().formatHex(bytes, offset, offset + 32) + "…(" + length + " bytes)";
    }
}
