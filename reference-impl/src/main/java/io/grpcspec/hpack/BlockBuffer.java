package io.grpcspec.hpack;

import io.grpcspec.wire.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The octets of one header block being encoded: a {@link ByteArrayOutputStream} whose writes
 * take no lock. The encoder writes a block octet by octet (integers, Huffman codes), and the
 * inherited writes are {@code synchronized}: a monitor enter and exit per octet, for a buffer
 * that one call owns and never shares. {@link #toBytes} copies the block once (not twice, as
 * {@code Bytes.of(toByteArray())} would).
 */
final class BlockBuffer extends ByteArrayOutputStream {

    BlockBuffer(int size) {
        super(size);
    }

    @Override
    public void write(int b) {
        if (count == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len > buf.length - count) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** The block written so far, as an immutable copy. */
    Bytes toBytes() {
        return Bytes.of(buf, 0, count);
    }
}
