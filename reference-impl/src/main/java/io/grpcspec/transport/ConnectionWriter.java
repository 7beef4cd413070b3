package io.grpcspec.transport;

import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.Preface;
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
 * header block's HEADERS and CONTINUATION frames (one item, cut by the driver) contiguous. After a
 * second with nothing to write it drops its buffer ({@link IdleLightOutput}): idle connections
 * hold none.
 */
final class ConnectionWriter {
    private static final int BUFFER = 32 * 1024;

    private final ControlBuffer<WriteItem> control;
    private final IdleLightOutput out;
    private final FrameTrace trace;
    private final Done done;
    private final Consumer<Map<Integer, Integer>> dataWritten;
    /** DATA octets written per stream since the last report. */
    private final Map<Integer, Integer> written = new HashMap<>();

    /**
     * @param dataWritten told, after each flush, how many DATA octets per stream reached the
     *     socket (the connection's per-stream bound on queued bytes counts them down)
     */
    /** How the writer ended: {@code flushed} when everything up to a close was written and flushed. */
    interface Done {
        void done(String reason, boolean flushed);
    }

    ConnectionWriter(ControlBuffer<WriteItem> control, OutputStream socketOut, FrameTrace trace, Done done,
                     Consumer<Map<Integer, Integer>> dataWritten) {
        this.control = control;
        this.out = new IdleLightOutput(socketOut, BUFFER);
        this.trace = trace;
        this.done = done;
        this.dataWritten = dataWritten;
    }

    void run() {
        String reason = "writer stopped";
        boolean flushed = false;
        try {
            while (true) {
                List<WriteItem> items = control.drain(TimeUnit.SECONDS.toNanos(1));
                if (items.isEmpty()) {
                    if (control.isClosed() && control.size() == 0) {
                        out.flush();
                        reason = "control buffer closed";
                        flushed = true;
                        return;
                    }
                    out.release(); // a second with nothing to write: an idle connection keeps no write buffer
                    continue;
                }
                for (WriteItem item : items) {
                    String closing = write(item);
                    if (closing != null) {
                        out.flush();
                        reason = closing;
                        flushed = true;
                        return;
                    }
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
            done.done(reason, flushed);
        }
    }

    /** Writes one item; returns the close reason for a {@link WriteItem.CloseItem} (nothing after it is written), else null. */
    private String write(WriteItem item) throws IOException {
        switch (item) {
            case WriteItem.FrameItem(Frame f) -> {
                frame(f);
                if (f instanceof DataFrame d) written.merge(d.streamId(), d.data().length(), Integer::sum);
            }
            case WriteItem.BlockItem(List<Frame> frames) -> {
                for (Frame f : frames) frame(f);
            }
            case WriteItem.PrefaceItem p -> {
                trace.note("preface sent");
                Preface.CLIENT.writeTo(out);
            }
            case WriteItem.CloseItem(String reason) -> {
                return reason;
            }
        }
        return null;
    }

    private void frame(Frame f) throws IOException {
        trace.frame(false, f);
        out.writeFrame(f);
    }
}
