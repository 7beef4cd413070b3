package io.grpcspec.transport;

import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.Preface;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The connection's single writer (grpc-go's "loopy"): drains the {@link ControlBuffer}, encodes
 * each item into a buffered stream, and flushes only when the queue has run dry, so a burst of
 * frames leaves in few socket writes. It owns the socket's output alone, which is what keeps a
 * header block's HEADERS and CONTINUATION frames (one item, cut by the driver) contiguous.
 *
 * <p>It runs only while there is something to write: the control buffer starts a {@link #drain}
 * when an item arrives and none is running, and the drain returns once it finds the queue empty
 * (after flushing). Between drains the connection holds no writer thread and no write buffer
 * (the buffer comes from the shared {@link BufferPool} and goes back to it at every flush on an
 * empty queue), and nothing wakes up. A drain that writes the close item, or fails, ends the
 * writer for good ({@link Done}); no later drain is started, since the buffer is closed then.
 */
final class ConnectionWriter {
    private final ControlBuffer<WriteItem> control;
    private final IdleLightOutput out;
    private final FrameTrace trace;
    private final Done done;
    private final Consumer<Map<Integer, Integer>> dataWritten;
    /** DATA octets written per stream since the last report; made when a drain writes DATA, dropped after the report. */
    private Map<Integer, Integer> written;

    /** How the writer ended: {@code flushed} when everything up to a close was written and flushed. */
    interface Done {
        void done(String reason, boolean flushed);
    }

    /**
     * @param dataWritten told, after each flush, how many DATA octets per stream reached the
     *     socket (the connection's per-stream bound on queued bytes counts them down)
     */
    ConnectionWriter(ControlBuffer<WriteItem> control, OutputStream socketOut, FrameTrace trace, Done done,
                     Consumer<Map<Integer, Integer>> dataWritten) {
        this.control = control;
        this.out = new IdleLightOutput(socketOut, BufferPool.WRITE);
        this.trace = trace;
        this.done = done;
        this.dataWritten = dataWritten;
    }

    /**
     * One run of the writer, started by the control buffer: writes what is queued, flushes and
     * gives the buffer back whenever the queue runs dry, and returns once
     * {@link ControlBuffer#drainOrStop} finds nothing more (which marks it stopped), or after
     * the close item (everything before it flushed), or when writing fails.
     */
    void drain() {
        try {
            List<WriteItem> items;
            while (!(items = control.drainOrStop()).isEmpty()) {
                for (WriteItem item : items) {
                    String closing = write(item);
                    if (closing != null) {
                        out.flush();
                        out.release();
                        done.done(closing, true);
                        return;
                    }
                }
                if (control.size() == 0) {
                    out.flush();
                    // Before the next look at the queue, which may stop this writer and let
                    // another start: the buffer must not be held (or touched) after that.
                    out.release();
                    if (written != null) {
                        dataWritten.accept(Map.copyOf(written));
                        written = null;
                    }
                }
            }
        } catch (IOException e) {
            out.abandon();
            done.done("write failed: " + e.getMessage(), false);
        } catch (RuntimeException e) {
            out.abandon();
            trace.note("writer failed: " + e);
            done.done("writer failed: " + e, false);
        }
    }

    /** Writes one item; returns the close reason for a {@link WriteItem.CloseItem} (nothing after it is written), else null. */
    private String write(WriteItem item) throws IOException {
        switch (item) {
            case WriteItem.FrameItem(Frame f) -> {
                frame(f);
                if (f instanceof DataFrame d) {
                    if (written == null) written = new HashMap<>();
                    written.merge(d.streamId(), d.data().length(), Integer::sum);
                }
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
