package io.grpcspec.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A buffered input stream that holds no large buffer while its connection waits for input. When
 * the buffer is used up and the socket has nothing ready ({@code available()} is 0), it drops
 * the buffer and blocks reading into a small one ({@link #WAIT_BUFFER} octets, kept for this): an
 * idle connection's reader, parked in that read, holds only the small array. When input is ready, it
 * reads into a full-sized buffer (made again if it was dropped), so a busy connection reads as
 * many octets per system call as {@link java.io.BufferedInputStream} would. Reads of at least the
 * buffer's size bypass an empty buffer.
 *
 * <p>One reader thread only, like the connection's reader; not thread-safe.
 */
final class IdleLightInput extends InputStream {
    /** Octets read while waiting: a small request (frame headers, a short HEADERS and DATA) fits. */
    static final int WAIT_BUFFER = 512;

    private final InputStream in;
    private final int size;
    /** The buffer reads wait in; kept, so waiting makes no garbage. */
    private final byte[] waitBuf = new byte[WAIT_BUFFER];
    private byte[] buf;
    private int pos;
    private int count;

    IdleLightInput(InputStream in, int size) {
        if (size < WAIT_BUFFER) throw new IllegalArgumentException("buffer smaller than " + WAIT_BUFFER + ": " + size);
        this.in = Objects.requireNonNull(in);
        this.size = size;
    }

    /** Whether a buffer of the full size is held now (for tests). */
    boolean holdsFullBuffer() {
        return buf != null && buf != waitBuf;
    }

    @Override
    public int read() throws IOException {
        if (pos >= count && !fill()) return -1;
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (pos >= count) {
            if (len >= size) return in.read(b, off, len);
            if (!fill()) return -1;
        }
        int n = Math.min(len, count - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (count - pos) + in.available();
    }

    /** Refills the empty buffer; false at the end of the input. */
    private boolean fill() throws IOException {
        pos = 0;
        count = 0;
        if (in.available() > 0) {
            if (buf == null || buf == waitBuf) buf = new byte[size];
        } else {
            buf = waitBuf; // the full buffer is garbage while we wait
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            buf = null;
            return false;
        }
        count = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        buf = null;
        in.close();
    }
}
