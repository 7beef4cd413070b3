package io.grpcspec.transport;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Preface;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The connection's single writer (grpc-go's "loopy"): drains the {@link ControlBuffer}, encodes
 * each item into a buffered stream, and flushes only when the queue has run dry, so a burst of
 * frames leaves in few socket writes. It owns the socket's output alone, which is what keeps a
 * header block's HEADERS and CONTINUATION frames contiguous.
 */
final class ConnectionWriter {
    private static final int BUFFER = 32 * 1024;

    private final ControlBuffer<WriteItem> control;
    private final OutputStream out;
    private final FrameTrace trace;
    private final Consumer<String> done;
    private final Consumer<Map<Integer, Integer>> dataWritten;
    /** DATA octets written per stream since the last report. */
    private final Map<Integer, Integer> written = new HashMap<>();

    /**
     * @param dataWritten told, after each flush, how many DATA octets per stream reached the
     *     socket (the connection's per-stream bound on queued bytes counts them down)
     */
    ConnectionWriter(ControlBuffer<WriteItem> control, OutputStream socketOut, FrameTrace trace, Consumer<String> done,
                     Consumer<Map<Integer, Integer>> dataWritten) {
        this.control = control;
        this.out = new BufferedOutputStream(socketOut, BUFFER);
        this.trace = trace;
        this.done = done;
        this.dataWritten = dataWritten;
    }

    void run() {
        String reason = "writer stopped";
        try {
            while (true) {
                List<WriteItem> items = control.drain(TimeUnit.SECONDS.toNanos(1));
                if (items.isEmpty()) {
                    if (control.isClosed() && control.size() == 0) {
                        out.flush();
                        reason = "control buffer closed";
                        return;
                    }
                    continue;
                }
                for (WriteItem item : items) {
                    if (item instanceof WriteItem.CloseItem c) {
                        out.flush();
                        reason = c.reason();
                        return;
                    }
                    write(item);
                }
                if (control.size() == 0) {
                    out.flush();
                    if (!written.isEmpty()) {
                        dataWritten.accept(Map.copyOf(written));
                        written.clear();
                    }
                }
            }
        } catch (IOException e) {
            reason = "write failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "writer interrupted";
        } catch (RuntimeException e) {
            trace.note("writer failed: " + e);
            reason = "writer failed: " + e;
        } finally {
            done.accept(reason);
        }
    }

    private void write(WriteItem item) throws IOException {
        if (item instanceof WriteItem.FrameItem f) {
            frame(f.frame());
            if (f.frame() instanceof DataFrame d) written.merge(d.streamId(), d.data().length(), Integer::sum);
        } else if (item instanceof WriteItem.HeaderBlockItem h) {
            headerBlock(h);
        } else if (item instanceof WriteItem.PrefaceItem) {
            trace.note("preface sent");
            Preface.CLIENT.writeTo(out);
        }
    }

    private void frame(Frame f) throws IOException {
        trace.frame(false, f);
        FrameWriter.write(f, out);
    }

    /** HEADERS then CONTINUATION frames, each at most the peer's max frame size. */
    private void headerBlock(WriteItem.HeaderBlockItem h) throws IOException {
        Bytes block = h.block();
        int max = h.maxFrameSize();
        int first = Math.min(block.length(), max);
        frame(new HeadersFrame(h.streamId(), block.slice(0, first), h.endStream(), first == block.length()));
        for (int at = first; at < block.length(); ) {
            int n = Math.min(block.length() - at, max);
            frame(new ContinuationFrame(h.streamId(), block.slice(at, at + n), at + n == block.length()));
            at += n;
        }
    }
}
