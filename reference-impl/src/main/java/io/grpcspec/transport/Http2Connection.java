package io.grpcspec.transport;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.CallDriver;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.driver.EndpointMachine;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Setting;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * One HTTP/2 connection over a socket, for either role. It keeps bytes, sockets, threads and
 * clocks only: every protocol decision, and every piece of protocol state, is the
 * {@link EndpointDriver}'s ({@link DriverState}: the composed machine, HPACK both ways, the armed
 * timers). This class turns bytes into events, steps the driver, and performs its
 * {@link Effect}s: writes go to the control buffer, deliveries to the {@link ConnectionListener},
 * timers to the scheduler, a close to the writer.
 *
 * <p>Threads (grpc-go's shape): a reader (the server's preface, then one frame at a time) and a
 * writer ("loopy", see {@link ConnectionWriter}) that alone owns the socket's output, both
 * virtual threads, plus timer tasks on a shared scheduler. The writer runs only while there is
 * something to write: the control buffer starts it when an item arrives and it ends when the
 * queue is empty, so an idle connection has one thread, its reader. The driver state is guarded by one
 * lock; every event is stepped and its effects performed under it, so frames, header blocks and
 * HPACK state stay in the machine's order. Deliveries are queued under the lock and run after it
 * is released, in order.
 *
 * <p>Reading pauses while the control buffer holds more answers than the limit (LIM-8) and while
 * the machine says too many calls are in progress (LIM-5, {@code Endpoint.readingPaused()});
 * every step wakes a paused reader to ask again. A close the writer finished (our last frame
 * flushed) shuts the socket for output and drains the peer's input for up to {@link #DRAIN_NANOS}
 * before closing, so a peer still writing gets our GOAWAY rather than a TCP reset.
 *
 * <p>An idle connection holds no large buffer: the reader waits in a small one
 * ({@link IdleLightInput}) and the writer gives its buffer back to a shared pool whenever its
 * queue runs dry ({@link IdleLightOutput}).
 *
 * <p>Besides sockets, a connection runs on any {@link ConnectionIo}: byte streams, the loops'
 * threads and the clock come from there, and a transport that parses frames itself hands them
 * over through {@link #frameReceived} (the jcstress tests drive the real class that way).
 */
public final class Http2Connection {

    /** How long a requested close may wait for the writer before the socket is closed anyway. */
    static final long CLOSE_LINGER_NANOS = TimeUnit.SECONDS.toNanos(3);
    /**
     * After our last frame (a GOAWAY, typically) and a FIN, how long the reader keeps reading and
     * dropping what the peer still sends before the socket is closed. Closing with unread input
     * makes the kernel send a TCP RST, which can destroy the GOAWAY before the peer reads it.
     */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Input buffer per busy connection: frame headers and small frames at once; large payloads bypass it; dropped while idle. */
    private static final int READ_BUFFER = 16 * 1024;

    /** Reader threads of every connection still running, and writer threads while they write (virtual threads are not listed by the JVM). */
    private static final Set<Thread> LIVE_THREADS = ConcurrentHashMap.newKeySet();

    /** The socket, or null for a connection over a {@link SocketChannel} (unix domain sockets). */
    private final Socket socket;
    /** Closes the transport: for TLS the TCP socket under it first (closing that never blocks). */
    private final Closeable closer;
    private final SocketAddress remote;
    private final EndpointConfig config;
    private final ConnectionListener listener;
    /** Monotonic nanoseconds; read once per event, under the lock, so events reach the machine in time order. */
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final FrameTrace trace;
    private final String name;
    /** LimitsRules.LIM_9: a stream's bytes allowed to wait for flow-control credit or the writer before its sender waits. */
    private final int pendingBound;
    private final EndpointDriver driver;
    /** The listener wants every step ({@link ConnectionListener#onStep}). */
    private final boolean observed;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    /** Signalled after every step: the reader waits on it while the machine pauses reading (LIM-5). */
    private final Condition readable = lock.newCondition();
    /** LimitsRules.LIM_8: the reader pauses while more answers than the endpoint's limit wait for the writer. */
    private final ControlBuffer<WriteItem> control;
    /** The single writer; {@link #control} starts a run of it on {@link #loops} when work arrives for a stopped one. */
    private final ConnectionWriter writer;
    private final ConnectionIo.Loops loops;
    private final SerialExecutor deliveries;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean terminating = new AtomicBoolean();

    // ---- guarded by lock ----
    private DriverState state;
    private FrameReader reader;
    /** Scheduled tasks of the armed timers: clock handles only; the driver judges every firing. */
    private final Map<DriverState.TimerKey, ScheduledFuture<?>> timers = new HashMap<>();
    /** Per stream: DATA octets handed to the writer and not yet written (grpc-go's write quota). */
    private final Map<Integer, Integer> queued = new HashMap<>();
    /** A close is queued for the writer: the socket is going away. */
    private boolean closeQueued;
    private String closeReason = "closed";
    /** The task that closes the socket if the writer does not finish a requested close in time. */
    private ScheduledFuture<?> closeDeadline;

    /**
     * The outcome of a local request: why the machine refused it (null: accepted), the rule it
     * named, and the stream a started request got.
     */
    public record Outcome(String refused, Violation violation, int streamId) {
        public boolean ok() {
            return refused == null;
        }
    }

    private Http2Connection(Socket socket, ConnectionIo io, EndpointConfig config, ConnectionListener listener,
                            ScheduledExecutorService scheduler, FrameTrace trace, String name, EndpointMachine machine) {
        this.driver = new EndpointDriver(machine);
        this.socket = socket;
        this.closer = io.closer();
        this.remote = io.remote();
        this.config = config;
        this.listener = listener;
        this.clock = io.clock();
        this.scheduler = scheduler;
        this.trace = trace == null ? FrameTrace.NONE : trace;
        this.name = name;
        this.pendingBound = config.limits().maxPendingBytes();
        this.control = new ControlBuffer<>(WriteItem::isResponse, config.limits().maxQueuedResponses(), this::startWriter);
        this.writer = new ConnectionWriter(control, io.out(), this.trace, this::terminate, this::dataWritten);
        this.loops = io.loops();
        this.deliveries = SerialExecutor.onCallingThread(e -> this.trace.note("listener failed: " + e));
        this.observed = listener.observesSteps();
    }

    /**
     * Starts a connection on a connected (client) or accepted (server) socket: steps
     * {@code Start} (for a server this queues its SETTINGS before anything is read), then starts
     * the writer and reader threads.
     */
    public static Http2Connection start(Socket socket, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name) throws IOException {
        return start(socket, null, config, listener, scheduler, trace, name);
    }

    /**
     * @param underlying for a TLS {@code socket} layered over a TCP one, that TCP socket: closing
     *     an SSLSocket may block on a peer that does not read (close_notify), closing TCP does not
     */
    public static Http2Connection start(Socket socket, Socket underlying, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name) throws IOException {
        return start(socket, underlying, config, listener, scheduler, trace, name, EndpointMachine.SPEC);
    }

    /**
     * As above, running {@code machine} instead of the specification's composed machine (tests
     * build servers with deliberately faulty machines to show that the oracle catches them).
     */
    public static Http2Connection start(Socket socket, Socket underlying, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name,
                                        EndpointMachine machine) throws IOException {
        Closeable closer = underlying == null ? socket::close : () -> {
            try {
                underlying.close();
            } finally {
                socket.close();
            }
        };
        ConnectionIo io = ConnectionIo.of(socket.getInputStream(), socket.getOutputStream(), closer, socket.getRemoteSocketAddress());
        return new Http2Connection(socket, io, config, listener, scheduler, trace, name, machine).run(io);
    }

    /**
     * Starts a connection on a connected (client) or accepted (server) blocking
     * {@link SocketChannel}: the way to unix domain sockets. Otherwise as {@link #start(Socket,
     * EndpointConfig, ConnectionListener, ScheduledExecutorService, FrameTrace, String)}.
     */
    public static Http2Connection start(SocketChannel channel, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name) throws IOException {
        return start(channel, config, listener, scheduler, trace, name, EndpointMachine.SPEC);
    }

    /** As above, running {@code machine} instead of the specification's composed machine. */
    public static Http2Connection start(SocketChannel channel, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name,
                                        EndpointMachine machine) throws IOException {
        if (!channel.isBlocking()) throw new IllegalArgumentException("the channel must be in blocking mode");
        ConnectionIo io = ConnectionIo.of(ChannelStreams.in(channel), ChannelStreams.out(channel), channel, channel.getRemoteAddress());
        return new Http2Connection(null, io, config, listener, scheduler, trace, name, machine).run(io);
    }

    /**
     * Starts a connection on any {@link ConnectionIo}: steps {@code Start} (its first write
     * starts a run of the writer with {@code io.loops()}), then (unless {@code io.in()} is null)
     * the reader loop. Otherwise
     * as {@link #start(Socket, EndpointConfig, ConnectionListener, ScheduledExecutorService, FrameTrace, String)}.
     */
    public static Http2Connection start(ConnectionIo io, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name) {
        return new Http2Connection(null, io, config, listener, scheduler, trace, name, EndpointMachine.SPEC).run(io);
    }

    /** Steps {@code Start} (its first write starts the writer), then starts the reader on {@code io.in()}, if any. */
    private Http2Connection run(ConnectionIo io) {
        InputStream in = io.in() == null ? null : new IdleLightInput(io.in(), READ_BUFFER);
        double ageJitter = ThreadLocalRandom.current().nextDouble(-0.1, 0.1);
        lock.lock();
        try {
            reader = in == null ? null : new FrameReader(in);
            state = EndpointDriver.initial(config);
            fireLocked(now -> new EndpointEvent.Start(now, ageJitter));
            deliver(() -> listener.onStarted(this));
        } finally {
            unlockAndDeliver();
        }
        if (in != null) startLoop(io.loops(), "grpcspec-reader-" + name, () -> readLoop(in));
        return this;
    }

    /** Called by the control buffer (under its lock) when an item arrives and no writer runs: starts one run of the writer. */
    private void startWriter() {
        startLoop(loops, "grpcspec-writer-" + name, writer::drain);
    }

    private static void startLoop(ConnectionIo.Loops loops, String threadName, Runnable body) {
        loops.start(threadName, () -> {
            LIVE_THREADS.add(Thread.currentThread());
            try {
                body.run();
            } finally {
                LIVE_THREADS.remove(Thread.currentThread());
            }
        });
    }

    /**
     * Names of the reader threads of all connections that are still running, and of their writer
     * threads while these write (for tests: virtual threads do not appear in
     * {@link Thread#getAllStackTraces()}).
     */
    public static List<String> liveThreadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : LIVE_THREADS) if (t.isAlive()) names.add(t.getName());
        return names;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return config.role();
    }

    public SocketAddress remoteAddress() {
        return remote;
    }

    /** The socket, or null when the connection runs over a {@link SocketChannel}. */
    public Socket socket() {
        return socket;
    }

    // ------------------------------------------------------------------ what the peer sent

    /**
     * Server: steps the first octets the client sent (up to the 24 of the preface). The reader
     * loop calls this; a {@link ConnectionIo} without {@code in} calls it itself.
     */
    public void prefaceReceived(Bytes greeting) {
        trace.note("preface " + (Preface.valid(greeting) ? "ok" : "bogus: " + greeting.length() + " octets"));
        fire(now -> new EndpointEvent.PrefaceReceived(greeting, now));
    }

    /**
     * Steps a frame the peer sent. The reader loop calls this for every frame it parses; a
     * {@link ConnectionIo} without {@code in} calls it itself, one frame at a time, in wire order.
     */
    public void frameReceived(Frame f) {
        trace.frame(true, f);
        fire(now -> new EndpointEvent.FrameReceived(f, now));
    }

    /** The input ended or failed ({@code reason} says how); the machine closes the connection. */
    public void peerClosed(String reason) {
        fire(now -> new EndpointEvent.PeerClosed(reason, now));
    }

    // ------------------------------------------------------------------ local requests

    /**
     * Opens a stream with this header list (client). The outcome names the stream ID, or says
     * why none was opened (one the machine answered "not processed" is also reported to the
     * listener as {@code onStreamsNotProcessed}).
     */
    public Outcome openStream(List<HeaderField> fields, boolean endStream) {
        Outcome o = fire(now -> new EndpointEvent.OpenStream(fields, endStream, now));
        // Accepted without a stream: the machine answered StreamsNotProcessed (before the
        // server's SETTINGS, CONN-8, or after GOAWAY); the call may be retried elsewhere.
        if (o.ok() && o.streamId() == 0) return new Outcome("stream not started (not processed: retry on another connection)", null, 0);
        return o;
    }

    /** Sends response headers or trailers on a stream (encoded when the machine writes them). */
    public Outcome sendHeaders(int streamId, List<HeaderField> fields, boolean endStream) {
        return fire(now -> new EndpointEvent.SendHeaders(streamId, fields, endStream, now));
    }

    /** Queues data on a stream (it leaves as the windows allow). Does not block: see {@link #awaitWritable}. */
    public Outcome sendData(int streamId, Bytes data, boolean endStream) {
        return fire(now -> new EndpointEvent.SendData(streamId, data, endStream, now));
    }

    /**
     * Back-pressure: waits while more than the per-stream bound of the stream's bytes wait, for
     * flow-control credit (the machine's pending bytes) or for the writer (queued DATA). Returns
     * false when it gave up (timeout, {@code cancelled}, the stream no longer live in the
     * machine, the connection closing); the caller then decides whether to send anyway or fail.
     */
    @Enforces("LIM-9")
    public boolean awaitWritable(int streamId, long timeoutNanos, BooleanSupplier cancelled) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (state.endpoint().pendingBytes(streamId) + queued.getOrDefault(streamId, 0) > pendingBound) {
                if (closeQueued || !live(state.endpoint(), streamId) || cancelled.getAsBoolean()) return false;
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                // Wake now and then to look at the cancellation flag.
                writable.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static boolean live(Endpoint e, int streamId) {
        StreamState s = e.streamState(streamId);
        return s != StreamState.IDLE && s != StreamState.CLOSED;
    }

    /** The application used {@code bytes} of received data: the machine may return credit. */
    public void consumed(int streamId, int bytes) {
        if (bytes <= 0) return;
        fire(now -> new EndpointEvent.Consumed(streamId, bytes, now));
    }

    /**
     * The application is done with the call on the peer's stream: it no longer holds reading
     * back ({@code LimitsRules.LIM_5}). Safe to call more than once, and after the stream closed.
     */
    public void callFinished(int streamId) {
        fire(now -> new EndpointEvent.CallFinished(streamId, now));
    }

    /** The application expects a message of {@code size} bytes (the window may be grown for it). */
    public void messagePending(int streamId, int size) {
        fire(now -> new EndpointEvent.MessagePending(streamId, size, now));
    }

    /**
     * Performs a call machine's action on stream {@code streamId} (0 for an {@code OpenStream}):
     * the endpoint event is {@link CallDriver#toEndpoint}'s, the one translation the model
     * checker runs too.
     */
    public Outcome request(int streamId, CallAction.OnStream action) {
        Outcome o = fire(now -> CallDriver.toEndpoint(action, streamId, now));
        if (action instanceof CallAction.OpenStream && o.ok() && o.streamId() == 0) {
            return new Outcome("stream not started (not processed: retry on another connection)", null, 0);
        }
        return o;
    }

    public Outcome resetStream(int streamId, ErrorCode code) {
        return fire(now -> new EndpointEvent.ResetStream(streamId, code, now));
    }

    public Outcome ping(long payload) {
        return fire(now -> new EndpointEvent.SendPing(payload, now));
    }

    public Outcome changeSettings(List<Setting> settings) {
        return fire(now -> new EndpointEvent.ChangeSettings(settings, now));
    }

    /**
     * Graceful: GOAWAY (two-phase for a server) and let open streams finish; otherwise GOAWAY and
     * close now. Either way the machine decides the frames.
     */
    public void shutdown(boolean graceful) {
        long pingPayload = ThreadLocalRandom.current().nextLong();
        fire(now -> new EndpointEvent.Shutdown(graceful, pingPayload, now));
    }

    /** Closes the socket now, without telling the peer (last resort; prefer {@link #shutdown}). */
    public void abort(String reason) {
        terminate(reason, false);
    }

    public boolean isClosed() {
        return terminated.getCount() == 0;
    }

    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** The machine's current state: ask it, e.g. {@code endpoint().admission()}, rather than keep a copy. */
    public Endpoint endpoint() {
        lock.lock();
        try {
            return state.endpoint();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ stepping

    /** Steps the event {@code make} builds from the current time, all under the lock. */
    private Outcome fire(LongFunction<EndpointEvent> make) {
        lock.lock();
        try {
            return fireLocked(make);
        } finally {
            unlockAndDeliver();
        }
    }

    private void unlockAndDeliver() {
        boolean outer = lock.getHoldCount() == 1;
        lock.unlock();
        if (outer && DEFERRING.get()[0] == 0) deliveries.runPending();
    }

    /** Per thread: how deep inside {@link #deferDeliveries} it is. */
    private static final ThreadLocal<int[]> DEFERRING = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * Runs {@code work} (which calls this connection while holding the caller's own locks)
     * without running listener deliveries inside it; they run once it is done. Keeps a listener
     * from re-entering the caller's locked section.
     */
    public void deferDeliveries(Runnable work) {
        int[] depth = DEFERRING.get();
        depth[0]++;
        try {
            work.run();
        } finally {
            depth[0]--;
        }
        if (depth[0] == 0) deliveries.runPending();
    }

    /**
     * Steps the driver with the event, read at the current time under the lock (so events reach
     * the machine in time order), and performs its effects in order.
     */
    private Outcome fireLocked(LongFunction<EndpointEvent> make) {
        EndpointEvent event = make.apply(clock.getAsLong());
        EndpointDriver.DriverStep step;
        try {
            step = driver.step(state, event);
        } catch (RuntimeException bug) {
            // A machine failure must not take the process down: end this connection only.
            trace.note("machine failed on " + event + ": " + bug);
            queueClose("internal error: " + bug);
            return new Outcome("internal error: " + bug, null, 0);
        }
        state = step.state();
        if (observed) {
            List<Effect> effects = step.effects();
            deliver(() -> listener.onStep(this, event, effects));
        }
        if (!state.endpoint().readingPaused()) readable.signalAll();
        Outcome outcome = new Outcome(null, null, 0);
        for (Effect e : step.effects()) {
            Outcome o = perform(e);
            if (o != null) outcome = o;
        }
        return outcome;
    }

    /** Performs one effect (lock held); returns the request's outcome for a refusal or a started stream, else null. */
    private Outcome perform(Effect effect) {
        switch (effect) {
            case Effect.WritePreface p -> put(new WriteItem.PrefaceItem());
            case Effect.WriteFrame(Frame f) -> {
                if (f instanceof DataFrame d && d.data().length() > 0) queued.merge(d.streamId(), d.data().length(), Integer::sum);
                put(new WriteItem.FrameItem(f));
            }
            case Effect.WriteBlock(int id, List<Frame> frames) -> put(new WriteItem.BlockItem(frames));
            case Effect.Close(String reason) -> queueClose(reason);
            case Effect.ReadLimit(int max) -> {
                if (reader != null) reader.maxFrameSize(max);
            }
            case Effect.ArmTimer(Timer timer, int key, long delay) -> arm(new DriverState.TimerKey(timer, key), delay);
            case Effect.CancelTimer(Timer timer, int key) -> {
                ScheduledFuture<?> f = timers.remove(new DriverState.TimerKey(timer, key));
                if (f != null) f.cancel(false);
            }
            case Effect.Ready r -> deliver(() -> listener.onReady(this));
            case Effect.Headers(int id, List<HeaderField> fields, boolean end, boolean trailers) ->
                    deliver(() -> listener.onHeaders(this, id, fields, end, trailers));
            case Effect.Data(int id, Bytes data, boolean end) -> deliver(() -> listener.onData(this, id, data, end));
            case Effect.PeerReset(int id, long code) -> deliver(() -> listener.onPeerReset(this, id, code));
            case Effect.StreamClosed(int id, var how) -> {
                // A closed stream's queued octets are never waited on again.
                queued.remove(id);
                writable.signalAll();
                deliver(() -> listener.onStreamClosed(this, id, how));
            }
            case Effect.Pending p -> writable.signalAll();
            case Effect.GoingAway(int last, long code, Bytes debug) -> deliver(() -> listener.onGoAway(this, last, code, debug));
            case Effect.NotProcessed(List<Integer> ids) -> deliver(() -> listener.onStreamsNotProcessed(this, ids));
            case Effect.PeerViolation(Violation v) -> {
                trace.note("peer violation " + v);
                deliver(() -> listener.onPeerViolation(this, v));
            }
            case Effect.PeerTolerated(Violation v) -> {
                trace.note("peer fault tolerated " + v);
                deliver(() -> listener.onPeerTolerated(this, v));
            }
            case Effect.PingAcked(long payload) -> deliver(() -> listener.onPingAcked(this, payload));
            case Effect.ConnectionBroken(String description) -> {
                trace.note("connection broken: " + description);
                deliver(() -> listener.onConnectionBroken(this, description));
            }
            case Effect.StreamStarted(int id) -> {
                return new Outcome(null, null, id);
            }
            case Effect.Refused(EndpointEvent refused, Violation v) -> {
                trace.note("machine refused " + refused.getClass().getSimpleName() + ": " + v);
                return new Outcome(v.toString(), v, 0);
            }
        }
        return null;
    }

    private void deliver(Runnable r) {
        deliveries.add(r);
    }

    private void put(WriteItem item) {
        if (!control.put(item)) trace.note("dropped after close: " + item.getClass().getSimpleName());
    }

    /** Schedules a {@code TimerFired} after {@code delay}; a task of an earlier arming is cancelled (and would be dropped by the driver). */
    private void arm(DriverState.TimerKey key, long delayNanos) {
        ScheduledFuture<?> old = timers.remove(key);
        if (old != null) old.cancel(false);
        if (delayNanos == Long.MAX_VALUE || terminated.getCount() == 0) return; // infinite: never fires
        Runnable task = () -> fire(now -> new EndpointEvent.TimerFired(key.timer(), key.key(), now));
        try {
            timers.put(key, scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException shuttingDown) {
            trace.note("timer " + key.timer() + " not armed: scheduler stopped");
        }
    }

    private void queueClose(String reason) {
        if (closeQueued) return;
        closeQueued = true;
        closeReason = reason;
        put(new WriteItem.CloseItem(reason));
        control.close();
        try {
            closeDeadline = scheduler.schedule(() -> terminate("close did not finish in time: " + reason, false),
                    CLOSE_LINGER_NANOS, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            terminate(reason, false);
        }
        writable.signalAll();
        readable.signalAll();
    }

    // ------------------------------------------------------------------ threads

    /** The writer flushed these DATA octets: the streams' queued bytes shrink, blocked senders may go on. */
    private void dataWritten(Map<Integer, Integer> octets) {
        lock.lock();
        try {
            for (Map.Entry<Integer, Integer> e : octets.entrySet()) {
                queued.computeIfPresent(e.getKey(), (k, v) -> v - e.getValue() <= 0 ? null : v - e.getValue());
            }
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the socket and releases everything; the machine hears that the socket is gone (if
     * it did not close it itself) and the listener hears {@code onClosed} once. When the writer
     * {@code flushed} everything up to the machine's close on a plain TCP socket, only our side is
     * shut (FIN after the last frame) and the reader drains the peer's input for a moment before
     * closing ({@link #DRAIN_NANOS}), so the GOAWAY is not lost to a reset.
     */
    private void terminate(String reason, boolean flushed) {
        if (!terminating.compareAndSet(false, true)) return;
        control.close();
        if (!(flushed && shutOutputAndDrain())) closeQuietly(closer);
        String why;
        lock.lock();
        try {
            if (closeDeadline != null) closeDeadline.cancel(false); // it would keep this connection alive until it ran
            why = closeReason.equals("closed") ? reason : closeReason;
            closeQueued = true;
            // The machine learns the socket is gone (nothing it writes now can reach the peer).
            if (!state.endpoint().closed()) fireLocked(now -> new EndpointEvent.PeerClosed(reason, now));
            for (ScheduledFuture<?> f : timers.values()) f.cancel(false);
            timers.clear();
            writable.signalAll();
            readable.signalAll();
            terminated.countDown();
            trace.note("closed: " + why);
            deliver(() -> listener.onClosed(this, why));
        } finally {
            unlockAndDeliver();
        }
    }

    /** Sends FIN and arranges the close after the drain time; false when this socket cannot do that (TLS, unix). */
    private boolean shutOutputAndDrain() {
        if (socket == null || socket instanceof javax.net.ssl.SSLSocket || socket.isClosed()) return false;
        try {
            socket.shutdownOutput();
            Closeable c = closer; // the task holds the socket only, not this connection
            scheduler.schedule(() -> closeQuietly(c), DRAIN_NANOS, TimeUnit.NANOSECONDS);
            return true;
        } catch (IOException | RejectedExecutionException e) {
            return false;
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Reads and drops the peer's input until it ends or the socket is closed (see {@link #terminate}). */
    private static void drain(InputStream in) {
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // dropped: the connection is over
            }
        } catch (IOException closed) {
            // the drain time is up, or the socket was closed outright
        }
    }

    @Enforces("LIM-8")
    private void readLoop(InputStream in) {
        String end = "reader stopped";
        try {
            if (config.role() == Role.SERVER) {
                Bytes greeting = readGreeting(in);
                if (greeting == null) {
                    peerClosed("connection ended before the preface");
                    return;
                }
                prefaceReceived(greeting);
                if (!Preface.valid(greeting)) return;
            }
            while (!isClosing()) {
                // LIM-8: too many answers wait for the writer; LIM-5: too many calls in progress.
                while (!control.awaitNotThrottled(TimeUnit.SECONDS.toNanos(1))) {
                    if (isClosing()) return;
                }
                if (!awaitReadingAllowed()) return;
                Frame f;
                try {
                    f = reader.readFrame();
                } catch (FrameException fe) {
                    trace.note("bad frame: " + fe.getMessage());
                    fire(now -> new EndpointEvent.FrameRejected(fe.error(), now));
                    if (!fe.kind().resumable()) return; // the byte stream is off a frame boundary
                    continue;
                }
                if (f == null) {
                    end = "peer closed the connection";
                    peerClosed(end);
                    return;
                }
                frameReceived(f);
            }
        } catch (IOException e) {
            end = "read failed: " + e.getMessage();
            if (!isClosing()) peerClosed(end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            trace.note("reader failed: " + e);
            end = "reader failed: " + e;
        } finally {
            // Whatever the machine decided has been queued. If reading ended for a reason the
            // machine has not heard of, it hears it now; either way the socket ends up closed.
            String why = end;
            lock.lock();
            try {
                if (!state.endpoint().closed()) fireLocked(now -> new EndpointEvent.PeerClosed(why, now));
                queueClose(why);
            } finally {
                unlockAndDeliver();
            }
            // Wait for the writer to finish the close, then drop what the peer still sends until the
            // drain time is up (terminate shut our side only) or at once (it closed the socket).
            try {
                terminated.await(CLOSE_LINGER_NANOS + DRAIN_NANOS, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drain(in);
            closeQuietly(closer);
        }
    }

    /**
     * Waits while the machine pauses reading ({@code LimitsRules.LIM_5}): too many of the peer's
     * calls are still in progress. False when the connection is closing instead.
     */
    private boolean awaitReadingAllowed() throws InterruptedException {
        lock.lock();
        try {
            boolean noted = false;
            while (!closeQueued && state.endpoint().readingPaused()) {
                if (!noted) trace.note("reading paused: " + state.endpoint().callsInProgress() + " calls in progress");
                noted = true;
                readable.await();
            }
            if (noted && !closeQueued) trace.note("reading resumed");
            return !closeQueued;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosing() {
        lock.lock();
        try {
            return closeQueued;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the client preface: up to 24 octets, stopping at the first one that differs (an
     * HTTP/1.1 client may send less and wait). Null when the input ended before any octet. The
     * machine judges the result; this only collects it.
     */
    private static Bytes readGreeting(InputStream in) throws IOException {
        byte[] got = new byte[Preface.LENGTH];
        int n = 0;
        while (n < Preface.LENGTH) {
            int r = in.read(got, n, Preface.LENGTH - n);
            if (r < 0) break;
            int before = n;
            n += r;
            for (int i = before; i < n; i++) {
                if (got[i] != Preface.CLIENT.get(i)) return Bytes.of(Arrays.copyOf(got, i + 1));
            }
        }
        return n == 0 ? null : Bytes.of(Arrays.copyOf(got, n));
    }
}
