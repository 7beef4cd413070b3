package io.grpcspec.stress.harness;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket's output side: keeps every byte the writer wrote, and where it flushed (the writer
 * flushes when its queue runs dry, so flush points show the batches it wrote). Thread-safe,
 * though only the writer loop writes.
 */
public final class CapturedOutput extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final List<Integer> flushes = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
        int at = bytes.size();
        if (flushes.isEmpty() || flushes.get(flushes.size() - 1) != at) flushes.add(at);
    }

    public synchronized byte[] toByteArray() {
        return bytes.toByteArray();
    }

    /** Byte offsets at which the writer flushed, ascending, without repeats. */
    public synchronized List<Integer> flushPoints() {
        return List.copyOf(flushes);
    }
}
