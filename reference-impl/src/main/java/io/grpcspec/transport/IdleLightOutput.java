package io.grpcspec.transport;

import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A buffered output stream that holds a buffer only while it is writing: the buffer is taken
 * from a {@link BufferPool} on the first write and given back by {@link #release} once it is
 * empty. The connection's writer releases it whenever its queue has run dry and it has flushed,
 * so an idle connection holds no write buffer. Otherwise it buffers like
 * {@link java.io.BufferedOutputStream}: writes of at least the buffer's size go straight to the
 * socket after what is buffered, and {@link #flush} writes the buffer out.
 *
 * <p>One writer at a time, like the connection's writer; not thread-safe (successive writers
 * are ordered by the control buffer's lock).
 */
final class IdleLightOutput extends OutputStream {
    private final OutputStream out;
    private final BufferPool pool;
    private final int size;
    private byte[] buf;
    private int count;

    IdleLightOutput(OutputStream out, BufferPool pool) {
        this.out = Objects.requireNonNull(out);
        this.pool = pool;
        this.size = pool.size();
    }

    /** Whether a buffer is held now (for tests). */
    boolean holdsBuffer() {
        return buf != null;
    }

    /** Gives the buffer back to the pool if nothing waits in it; the next write takes one again. */
    void release() {
        if (count == 0 && buf != null) {
            byte[] b = buf;
            buf = null;
            pool.give(b);
        }
    }

    /** Drops what is buffered and gives the buffer back (the socket failed: nothing more is written). */
    void abandon() {
        count = 0;
        release();
    }

    @Override
    public void write(int b) throws IOException {
        if (buf == null) buf = pool.take();
        if (count == buf.length) drain();
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len >= size) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (buf == null) buf = pool.take();
        if (len > buf.length - count) drain();
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /**
     * Writes one frame, encoded straight into the buffer when it fits there (no array of its own,
     * no second copy); a frame larger than the buffer goes out as one write after what is buffered.
     */
    void writeFrame(Frame f) throws IOException {
        int n = FrameWriter.encodedLength(f);
        if (n > size) {
            drain();
            out.write(FrameWriter.encode(f));
            return;
        }
        if (buf == null) buf = pool.take();
        if (n > buf.length - count) drain();
        count += FrameWriter.encode(f, buf, count);
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            abandon();
            out.close();
        }
    }
}
