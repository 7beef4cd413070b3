package io.grpcspec.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string. Frame payloads use it instead of {@code byte[]} so that frame
 * records compare by value: tests compare frames with {@code equals}, and the model checker keeps
 * states that contain frames in a visited set.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; later changes to the array do not show. */
    public static Bytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    public static Bytes of(byte[] bytes, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    public static Bytes ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
    }

    public static Bytes ofAscii(String s) {
        return of(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte get(int index) {
        return bytes[index];
    }

    /** A fresh copy of the content. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Copies the content into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    public void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(bytes);
    }

    public Bytes concat(Bytes other) {
        if (other.isEmpty()) return this;
        if (isEmpty()) return other;
        byte[] joined = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
        System.arraycopy(other.bytes, 0, joined, bytes.length, other.bytes.length);
        return new Bytes(joined);
    }

    public Bytes slice(int from, int to) {
        return of(bytes, from, to - from);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public String ascii() {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Short hex form, cut after 32 bytes so traces stay readable. */
    @Override
    public String toString() {
        if (bytes.length <= 32) return "0x" + hex();
        return "0x" + HexFormat.of().formatHex(bytes, 0, 32) + "…(" + bytes.length + " bytes)";
    }
}
