package io.grpcspec.stress.harness;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.transport.ConnectionIo;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@link Http2Connection} — driver, lock, control buffer, writer, timers, deliveries —
 * with no thread and no socket of its own, so that jcstress actors can play its threads:
 * <ul>
 *   <li>the reader: {@code conn.frameReceived(frame)} (the {@link ConnectionIo} has no input
 *       stream, so no reader loop runs; this is the method the reader loop calls per frame);</li>
 *   <li>the writer ("loopy"): the connection starts a run of its writer each time something is
 *       queued while none runs (on a virtual thread, over a socket); here that start only books
 *       the run, and {@link #runWriter()} runs every booked run on the calling thread, until the
 *       connection has closed. A second run booked before the first ran would be two writers at
 *       once: the start throws;</li>
 *   <li>the timer thread: {@code timers.runDue()}, with time set by hand on {@link #clock};</li>
 *   <li>the application: any public method of {@code conn}; what the connection delivers is
 *       recorded by {@link #app}.</li>
 * </ul>
 * The handshake with a scripted peer is done by the factories, so states are ready to race.
 */
public final class TestConnection {
    /** Payload of the PING {@link #mark()} writes: frames after it were written after the setup. */
    public static final long MARK = 0x4d41524b_4d41524bL;

    public final ManualClock clock = new ManualClock();
    public final ManualScheduler timers = new ManualScheduler(clock);
    public final CapturedOutput out = new CapturedOutput();
    public final Deliveries app = new Deliveries();
    public final Http2Connection conn;
    private final boolean client;
    /** A run of the writer the connection started and nobody has run yet. */
    private volatile Runnable pendingWriter;

    private TestConnection(EndpointConfig config) {
        this.client = config.role() == Role.CLIENT;
        ConnectionIo io = new ConnectionIo(null, out, () -> {}, null, this::bookWriter, clock);
        this.conn = Http2Connection.start(io, config, app, timers, FrameTrace.NONE, "jcstress");
    }

    /** A client connection whose server sent SETTINGS {@code serverSettings} and acknowledged ours. */
    public static TestConnection client(EndpointConfig config, Setting... serverSettings) {
        TestConnection t = new TestConnection(config);
        t.conn.frameReceived(new SettingsFrame(false, List.of(serverSettings)));
        t.conn.frameReceived(SettingsFrame.ACK_FRAME);
        return t;
    }

    /** A server connection whose client sent the preface, SETTINGS {@code clientSettings}, and acknowledged ours. */
    public static TestConnection server(EndpointConfig config, Setting... clientSettings) {
        TestConnection t = new TestConnection(config);
        t.conn.prefaceReceived(Preface.CLIENT);
        t.conn.frameReceived(new SettingsFrame(false, List.of(clientSettings)));
        t.conn.frameReceived(SettingsFrame.ACK_FRAME);
        return t;
    }

    /** Queues a PING carrying {@link #MARK}: {@link #afterMark()} starts after it. */
    public void mark() {
        if (!conn.ping(MARK).ok()) throw new IllegalStateException("mark refused: " + app);
    }

    /** The connection started a run of its writer (under its control buffer's lock): booked for {@link #runWriter}. */
    private void bookWriter(String threadName, Runnable run) {
        if (pendingWriter != null) throw new IllegalStateException("a second writer started while one had not run: " + threadName);
        pendingWriter = run;
    }

    /**
     * Plays the writer thread: runs every run of the writer the connection starts, one after the
     * other, until the connection has closed (its writer wrote the queued close) and no run is
     * booked; between runs it waits (yielding) for the next one, so it returns only once a close
     * has been queued.
     */
    public void runWriter() {
        while (true) {
            // Closed is read first: a run is booked under the control buffer's lock, before any
            // close, so once the connection is seen closed every run it booked is seen too.
            boolean closed = conn.isClosed();
            Runnable run = pendingWriter;
            if (run != null) {
                pendingWriter = null;
                run.run();
            } else if (closed) {
                return;
            } else {
                Thread.yield();
            }
        }
    }

    /** Queues a close (GOAWAY first, unless the connection is closed already), then plays the writer to the end. */
    public void finish() {
        conn.shutdown(false);
        runWriter();
    }

    /** Every frame written so far, in wire order. */
    public List<Frame> written() {
        List<Frame> frames = new ArrayList<>();
        for (WireFrames.Placed p : placed()) frames.add(p.frame());
        return frames;
    }

    /** Frames written so far with their end offsets (to compare with {@link CapturedOutput#flushPoints()}). */
    public List<WireFrames.Placed> placed() {
        return WireFrames.read(out.toByteArray(), client);
    }

    /** Frames written after the {@link #mark()} PING. */
    public List<Frame> afterMark() {
        List<Frame> all = written();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof PingFrame p && !p.ack() && p.opaqueData() == MARK) return all.subList(i + 1, all.size());
        }
        throw new IllegalStateException("no mark in " + all);
    }

    /** A gRPC request header list for {@code path}, plus {@code extra}. */
    public static List<HeaderField> request(String path, HeaderField... extra) {
        List<HeaderField> fields = new ArrayList<>(List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                new HeaderField(":path", path), new HeaderField(":authority", "localhost"),
                new HeaderField("te", "trailers"), new HeaderField("content-type", "application/grpc")));
        fields.addAll(List.of(extra));
        return fields;
    }

    /** A trailers-only gRPC response: status 200 and grpc-status 0 in one block. */
    public static List<HeaderField> trailersOnly() {
        return List.of(new HeaderField(":status", "200"), new HeaderField("content-type", "application/grpc"),
                new HeaderField("grpc-status", "0"));
    }

    /** A gRPC response header list (status 200). */
    public static List<HeaderField> response() {
        return List.of(new HeaderField(":status", "200"), new HeaderField("content-type", "application/grpc"));
    }
}
