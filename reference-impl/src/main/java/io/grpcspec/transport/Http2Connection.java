package io.grpcspec.transport;

import io.grpcspec.hpack.HpackRules;
import io.grpcspec.hpack.DecodeResult;
import io.grpcspec.hpack.HpackDecoder;
import io.grpcspec.hpack.HpackEncoder;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.connection.SettingsChange;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointActions;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.endpoint.Endpoints;
import io.grpcspec.spec.keepalive.KeepaliveAction;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameReader;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.spec.Scope;
import java.io.IOException;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One HTTP/2 connection over a socket, for either role, driven entirely by the composed spec
 * machine {@link Endpoints}. This class decides nothing about the protocol: it parses bytes
 * into events, steps the machine, and performs the actions it returns.
 *
 * <p>Threads (grpc-go's shape): a reader thread (preface, then one frame at a time), a writer
 * thread ("loopy", see {@link ConnectionWriter}) that alone owns the socket's output, and timer
 * tasks on a shared scheduler. The machine state, the HPACK encoder and decoder and the
 * per-stream bookkeeping are guarded by one lock; every event is stepped under it and its
 * actions performed under it, so frames, header blocks and HPACK state stay in the machine's
 * order. Deliveries to the {@link ConnectionListener} are queued under the lock and run after
 * it is released, in order.
 */
public final class Http2Connection {

    /** Responses (SETTINGS/PING ACK, RST_STREAM) allowed to wait before the reader pauses (grpc-go: 50). */
    static final int MAX_QUEUED_RESPONSES = 50;
    /** Per-stream bytes allowed to wait for flow-control credit before senders block. */
    public static final int DEFAULT_PENDING_BOUND = 64 * 1024;
    /** How long a requested close may wait for the writer before the socket is closed anyway. */
    static final long CLOSE_LINGER_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** The socket, or null for a connection over a {@link SocketChannel} (unix domain sockets). */
    private final Socket socket;
    /** Closes the transport: for TLS the TCP socket under it first (closing that never blocks). */
    private final Closeable closer;
    private final SocketAddress remote;
    private final EndpointConfig config;
    private final ConnectionListener listener;
    private final ScheduledExecutorService scheduler;
    private final FrameTrace trace;
    private final String name;
    private final int pendingBound;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pendingChanged = lock.newCondition();
    private final ControlBuffer<WriteItem> control = new ControlBuffer<>(WriteItem::isResponse, MAX_QUEUED_RESPONSES);
    private final SerialRunner deliveries;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean terminating = new AtomicBoolean();

    // ---- guarded by lock ----
    private Endpoint endpoint;
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder;
    private FrameReader reader;
    private int peerMaxFrameSize = (int) Settings.MIN_MAX_FRAME_SIZE;
    private final Map<TimerKey, ScheduledFuture<?>> timers = new HashMap<>();
    private final Map<Integer, Integer> pending = new HashMap<>();
    /** Per stream: DATA octets handed to the writer and not yet written (grpc-go's write quota). */
    private final Map<Integer, Integer> queued = new HashMap<>();
    /**
     * Streams the upper layer knows as open (headers delivered, or started by us) and the machine
     * has not reported closed: local requests for any other stream are refused here, and
     * back-pressure waits end when a stream leaves the set.
     */
    private final Set<Integer> liveStreams = new HashSet<>();
    private boolean closeQueued;
    private String closeReason = "closed";

    private record TimerKey(Timer timer, int key) {}

    /** A header list handed to the machine as an opaque token, encoded when the machine writes it. */
    private record HeaderFields(int streamId, List<HeaderField> fields) {}

    /** Blocks given to the machine and not yet written, by token. */
    private final Map<Bytes, HeaderFields> unsentBlocks = new HashMap<>();
    private long nextToken;

    /**
     * A unique stand-in for a header block. The machine treats blocks as opaque and passes them
     * to {@code WriteHeaders} when they may go out; HPACK-encoding only then keeps the encoder's
     * order equal to the wire order even when the machine holds a block back (trailers behind
     * DATA waiting for credit), and a block the machine drops is never encoded at all.
     */
    private Bytes blockToken(int streamId, List<HeaderField> fields) {
        long t = ++nextToken;
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (t >>> (56 - 8 * i));
        Bytes token = Bytes.of(b);
        unsentBlocks.put(token, new HeaderFields(streamId, List.copyOf(fields)));
        return token;
    }

    /** The outcome of a local request: why it was refused (null: accepted), and the stream it started. */
    public record Outcome(String refused, int streamId) {
        public boolean ok() {
            return refused == null;
        }
    }

    private Http2Connection(Socket socket, Closeable closer, SocketAddress remote, EndpointConfig config, ConnectionListener listener,
                            ScheduledExecutorService scheduler, FrameTrace trace, String name, int pendingBound) {
        this.socket = socket;
        this.closer = closer;
        this.remote = remote;
        this.config = config;
        this.listener = listener;
        this.scheduler = scheduler;
        this.trace = trace == null ? FrameTrace.NONE : trace;
        this.name = name;
        this.pendingBound = pendingBound;
        long ourListLimit = config.connection().settings().maxHeaderListSize();
        this.decoder = new HpackDecoder(HpackDecoder.DEFAULT_TABLE_SIZE, ourListLimit);
        this.deliveries = new SerialRunner(e -> this.trace.note("listener failed: " + e));
    }

    /**
     * Starts a connection on a connected (client) or accepted (server) socket: steps
     * {@code Start} (for a server this queues its SETTINGS before anything is read), then starts
     * the writer and reader threads.
     */
    public static Http2Connection start(Socket socket, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name) throws IOException {
        return start(socket, null, config, listener, scheduler, trace, name, DEFAULT_PENDING_BOUND);
    }

    /**
     * @param underlying for a TLS {@code socket} layered over a TCP one, that TCP socket: closing
     *     an SSLSocket may block on a peer that does not read (close_notify), closing TCP does not
     * @param pendingBound per-stream bytes waiting for credit before {@link #awaitWritable} blocks
     */
    public static Http2Connection start(Socket socket, Socket underlying, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name,
                                        int pendingBound) throws IOException {
        Closeable closer = underlying == null ? socket::close : () -> {
            try {
                underlying.close();
            } finally {
                socket.close();
            }
        };
        Http2Connection c = new Http2Connection(socket, closer, socket.getRemoteSocketAddress(), config, listener, scheduler, trace,
                name, pendingBound);
        return c.run(socket.getInputStream(), socket.getOutputStream());
    }

    /**
     * Starts a connection on a connected (client) or accepted (server) blocking
     * {@link SocketChannel}: the way to unix domain sockets, whose channels have no
     * {@code socket()} adaptor on Java 17. Otherwise as {@link #start(Socket, EndpointConfig,
     * ConnectionListener, ScheduledExecutorService, FrameTrace, String)}.
     */
    public static Http2Connection start(SocketChannel channel, EndpointConfig config, ConnectionListener listener,
                                        ScheduledExecutorService scheduler, FrameTrace trace, String name) throws IOException {
        if (!channel.isBlocking()) throw new IllegalArgumentException("the channel must be in blocking mode");
        SocketAddress remote = channel.getRemoteAddress();
        Http2Connection c = new Http2Connection(null, channel, remote, config, listener, scheduler, trace, name, DEFAULT_PENDING_BOUND);
        return c.run(ChannelStreams.in(channel), ChannelStreams.out(channel));
    }

    /** Steps {@code Start}, then starts the writer on {@code out} and the reader on {@code rawIn}. */
    private Http2Connection run(InputStream rawIn, OutputStream out) {
        Http2Connection c = this;
        InputStream in = new java.io.BufferedInputStream(rawIn, 64 * 1024);
        c.reader = new FrameReader(in);
        c.endpoint = Endpoints.initial(config);
        c.fire(new EndpointEvent.Start(System.nanoTime(), ThreadLocalRandom.current().nextDouble(-0.1, 0.1)));
        ConnectionWriter writer = new ConnectionWriter(c.control, out, c.trace, c::writerDone, c::dataWritten);
        Thread w = new Thread(writer::run, "grpcspec-writer-" + name);
        w.setDaemon(true);
        w.start();
        Thread r = new Thread(() -> c.readLoop(in, c.reader), "grpcspec-reader-" + name);
        r.setDaemon(true);
        r.start();
        return c;
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

    // ------------------------------------------------------------------ local requests

    /**
     * Opens a stream with this header list (client). The outcome names the stream ID, or says
     * why none was opened (also reported to the listener as {@code onStreamsNotProcessed}).
     */
    public Outcome openStream(List<HeaderField> fields, boolean endStream) {
        lock.lock();
        try {
            if (closeQueued) return refusedLocally("connection closing");
            Bytes token = blockToken(0, fields);
            Outcome o = fireLocked(new EndpointEvent.OpenStream(token, endStream, System.nanoTime()));
            unsentBlocks.remove(token); // not written in this step: never will be
            // Not started without a violation: the machine answered StreamsNotProcessed (e.g. before
            // the server's SETTINGS, CONN-8, or after GOAWAY); the call may be retried elsewhere.
            if (o.ok() && o.streamId() == 0) return new Outcome("stream not started (not processed: retry on another connection)", 0);
            return o;
        } finally {
            unlockAndDeliver();
        }
    }

    /** Sends response headers or trailers on a stream. */
    public Outcome sendHeaders(int streamId, List<HeaderField> fields, boolean endStream) {
        lock.lock();
        try {
            // An encoded block must reach the peer or HPACK state drifts: never encode for a
            // stream the machine has closed.
            if (closeQueued || !liveStreams.contains(streamId)) return refusedLocally("stream " + streamId + " is closed");
            Bytes token = blockToken(streamId, fields);
            Outcome o = fireLocked(new EndpointEvent.SendHeaders(streamId, token, endStream, System.nanoTime()));
            if (!o.ok()) unsentBlocks.remove(token);
            return o;
        } finally {
            unlockAndDeliver();
        }
    }

    /** Queues data on a stream (it leaves as the windows allow). Does not block: see {@link #awaitWritable}. */
    public Outcome sendData(int streamId, Bytes data, boolean endStream) {
        lock.lock();
        try {
            if (closeQueued || !liveStreams.contains(streamId)) return refusedLocally("stream " + streamId + " is closed");
            return fireLocked(new EndpointEvent.SendData(streamId, data, endStream, System.nanoTime()));
        } finally {
            unlockAndDeliver();
        }
    }

    /**
     * Back-pressure: waits while more than the per-stream bound of the stream's bytes wait, for
     * flow-control credit (the machine's {@code Pending}) or for the writer (queued DATA). Returns false when it gave up (timeout, {@code cancelled}, the stream
     * or connection closed); the caller then decides whether to send anyway or fail.
     */
    public boolean awaitWritable(int streamId, long timeoutNanos, BooleanSupplier cancelled) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (pending.getOrDefault(streamId, 0) + queued.getOrDefault(streamId, 0) > pendingBound) {
                if (closeQueued || !liveStreams.contains(streamId) || cancelled.getAsBoolean()) return false;
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                // Wake now and then to look at the cancellation flag.
                pendingChanged.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The application used {@code bytes} of received data: the machine may return credit. */
    public void consumed(int streamId, int bytes) {
        if (bytes <= 0) return;
        fireLocal(new EndpointEvent.Consumed(streamId, bytes, System.nanoTime()));
    }

    /** The application expects a message of {@code size} bytes (the window may be grown for it). */
    public void messagePending(int streamId, int size) {
        fireLocal(new EndpointEvent.MessagePending(streamId, size, System.nanoTime()));
    }

    public Outcome resetStream(int streamId, ErrorCode code) {
        lock.lock();
        try {
            if (closeQueued || !liveStreams.contains(streamId)) return refusedLocally("stream " + streamId + " is closed");
            return fireLocked(new EndpointEvent.ResetStream(streamId, code, System.nanoTime()));
        } finally {
            unlockAndDeliver();
        }
    }

    public Outcome ping(long payload) {
        return fireLocal(new EndpointEvent.SendPing(payload, System.nanoTime()));
    }

    public Outcome changeSettings(List<io.grpcspec.wire.Setting> settings) {
        return fireLocal(new EndpointEvent.ChangeSettings(settings, System.nanoTime()));
    }

    /**
     * Graceful: GOAWAY (two-phase for a server) and let open streams finish; otherwise GOAWAY and
     * close now. Either way the machine decides the frames.
     */
    public void shutdown(boolean graceful) {
        fireLocal(new EndpointEvent.Shutdown(graceful, ThreadLocalRandom.current().nextLong(), System.nanoTime()));
    }

    /** Closes the socket now, without telling the peer (last resort; prefer {@link #shutdown}). */
    public void abort(String reason) {
        terminate(reason);
    }

    public boolean isClosed() {
        return terminated.getCount() == 0;
    }

    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** The machine's current state (for tests and the oracle). */
    public Endpoint endpoint() {
        lock.lock();
        try {
            return endpoint;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ stepping

    private Outcome fireLocal(EndpointEvent e) {
        lock.lock();
        try {
            if (closeQueued) return refusedLocally("connection closing");
            return fireLocked(e);
        } finally {
            unlockAndDeliver();
        }
    }

    private void fire(EndpointEvent e) {
        lock.lock();
        try {
            fireLocked(e);
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

    private Outcome refusedLocally(String why) {
        return new Outcome(why, 0);
    }

    /**
     * Steps {@code first}, then any follow-up events its actions raise (an HPACK failure, a
     * header list too large), each to completion before the next, all under the lock.
     */
    private Outcome fireLocked(EndpointEvent first) {
        ArrayDeque<EndpointEvent> queue = new ArrayDeque<>();
        queue.add(first);
        String refused = null;
        int started = 0;
        while (!queue.isEmpty()) {
            EndpointEvent e = queue.poll();
            Step<Endpoint> step;
            try {
                step = Endpoints.step(endpoint, e);
                if (step instanceof Step.Violated<Endpoint> v) {
                    if (!Endpoints.isLocal(e)) {
                        step = Endpoints.recover(endpoint, e, v.violation());
                    } else {
                        if (e == first) refused = v.violation().toString();
                        trace.note("machine refused " + e.getClass().getSimpleName() + ": " + v.violation());
                        continue;
                    }
                }
            } catch (RuntimeException bug) {
                // A machine failure must not take the process down: end this connection only.
                trace.note("machine failed on " + e + ": " + bug);
                queueClose("internal error: " + bug);
                return new Outcome("internal error: " + bug, 0);
            }
            if (step instanceof Step.Violated<Endpoint>) continue; // recover never does this (contract)
            Step.Next<Endpoint> next = (Step.Next<Endpoint>) step;
            endpoint = next.state();
            for (Action a : next.actions()) {
                int s = perform(a, queue);
                if (s != 0 && e == first) started = s;
            }
        }
        return new Outcome(refused, started);
    }

    /** Performs one action (lock held). Returns the stream ID of a {@code StreamStarted}, else 0. */
    private int perform(Action a, ArrayDeque<EndpointEvent> followUps) {
        if (a instanceof Actions.WriteFrame w) {
            if (w.frame() instanceof io.grpcspec.wire.DataFrame d && d.data().length() > 0) {
                queued.merge(d.streamId(), d.data().length(), Integer::sum);
            }
            put(new WriteItem.FrameItem(w.frame()));
        } else if (a instanceof StreamActions.WriteHeaders h) {
            HeaderFields fields = unsentBlocks.remove(h.block());
            if (fields == null) {
                trace.note("machine wrote a header block this driver never gave it: " + h.block());
            } else {
                // Encoded now, in write order: the machine may have held this block (trailers
                // behind queued DATA) while later blocks went out.
                put(new WriteItem.HeaderBlockItem(h.streamId(), encoder.encode(fields.fields()), h.endStream(), peerMaxFrameSize));
            }
        } else if (a instanceof ConnectionActions.WritePreface) {
            put(new WriteItem.PrefaceItem());
        } else if (a instanceof Actions.ArmTimer t) {
            arm(t);
        } else if (a instanceof Actions.CancelTimer t) {
            ScheduledFuture<?> f = timers.remove(new TimerKey(t.timer(), t.key()));
            if (f != null) f.cancel(false);
        } else if (a instanceof Actions.CloseConnection c) {
            queueClose(c.reason());
        } else if (a instanceof SettingsChange.PeerSettingsApplied p) {
            peerMaxFrameSize = (int) p.after().maxFrameSize();
            if (p.headerTableSizeChanged()) encoder.setMaxTableSize(p.after().headerTableSize());
        } else if (a instanceof SettingsChange.LocalSettingsAcknowledged l) {
            if (l.maxFrameSizeChanged()) reader.maxFrameSize((int) l.after().maxFrameSize());
            if (l.headerTableSizeChanged()) decoder.setMaxTableSize((int) Math.min(Integer.MAX_VALUE, l.after().headerTableSize()));
            decoder.setMaxHeaderListSize(l.after().maxHeaderListSize());
        } else if (a instanceof StreamActions.DeliverHeaders d) {
            DecodeResult r = decoder.decode(d.block());
            if (r instanceof DecodeResult.Fields f) {
                if (!d.trailers()) liveStreams.add(d.streamId());
                deliver(() -> listener.onHeaders(this, d.streamId(), f.fields(), d.endStream(), d.trailers()));
            } else if (r instanceof DecodeResult.ListTooLarge big) {
                // HP-14: a stream error the machine answers (RST_STREAM) and reports, like every
                // other HPACK-layer rule. The code is grpc-go's (FRAME_SIZE_ERROR for a header list
                // over the limit); REFUSED_STREAM would invite a retry of the same request.
                Violation v = new Violation(HpackRules.HP_14, ErrorCode.FRAME_SIZE_ERROR, Scope.STREAM, d.streamId(),
                        big.detail() + ", limit " + big.limit());
                followUps.add(new EndpointEvent.PeerError(v, System.nanoTime()));
            } else {
                hpackFailed((DecodeResult.Failed) r, followUps);
            }
        } else if (a instanceof StreamActions.DiscardHeaders d) {
            DecodeResult r = decoder.decode(d.block());
            if (r instanceof DecodeResult.Failed f) hpackFailed(f, followUps);
        } else if (a instanceof StreamActions.DeliverPushPromise p) {
            DecodeResult r = decoder.decode(p.block());
            if (r instanceof DecodeResult.Failed f) hpackFailed(f, followUps);
        } else if (a instanceof StreamActions.DeliverData d) {
            deliver(() -> listener.onData(this, d.streamId(), d.data(), d.endStream()));
        } else if (a instanceof StreamActions.PeerReset r) {
            deliver(() -> listener.onPeerReset(this, r.streamId(), r.errorCode()));
        } else if (a instanceof StreamActions.StreamClosed c) {
            liveStreams.remove(c.streamId());
            unsentBlocks.values().removeIf(f -> f.streamId() == c.streamId());
            pending.remove(c.streamId());
            // queued octets of a closed stream are still counted down by the writer; a reset
            // stream's never are, so forget them now (closed streams are never waited on)
            queued.remove(c.streamId());
            pendingChanged.signalAll();
            deliver(() -> listener.onStreamClosed(this, c.streamId(), c.how()));
        } else if (a instanceof EndpointActions.Pending p) {
            if (p.bytes() == 0) pending.remove(p.streamId());
            else pending.put(p.streamId(), p.bytes());
            pendingChanged.signalAll();
        } else if (a instanceof EndpointActions.StreamStarted s) {
            liveStreams.add(s.streamId());
            return s.streamId();
        } else if (a instanceof ConnectionActions.HandshakeComplete) {
            deliver(() -> listener.onReady(this));
        } else if (a instanceof ConnectionActions.PeerGoingAway g) {
            deliver(() -> listener.onGoAway(this, g.lastStreamId(), g.errorCode(), g.debugData()));
        } else if (a instanceof ConnectionActions.StreamsNotProcessed n) {
            deliver(() -> listener.onStreamsNotProcessed(this, n.streamIds()));
        } else if (a instanceof EndpointActions.PeerViolation v) {
            trace.note("peer violation " + v.violation());
            deliver(() -> listener.onPeerViolation(this, v.violation()));
        } else if (a instanceof EndpointActions.PingAcked p) {
            deliver(() -> listener.onPingAcked(this, p.payload()));
        } else if (a instanceof KeepaliveAction.ConnectionBroken b) {
            trace.note("connection broken: " + b.description());
            deliver(() -> listener.onConnectionBroken(this, b.description()));
        } else if (a instanceof ConnectionActions.IgnoreStream) {
            // frames of that stream are dropped by the machine; nothing to do here
        } else {
            trace.note("unhandled action " + a);
        }
        return 0;
    }

    private void hpackFailed(DecodeResult.Failed f, ArrayDeque<EndpointEvent> followUps) {
        Violation v = new Violation(f.error().rule(), ErrorCode.COMPRESSION_ERROR, Scope.CONNECTION, 0,
                f.error().detail() + " (offset " + f.error().offset() + ")");
        followUps.add(new EndpointEvent.PeerError(v, System.nanoTime()));
    }

    private void deliver(Runnable r) {
        deliveries.add(r);
    }

    private void put(WriteItem item) {
        if (!control.put(item)) trace.note("dropped after close: " + item.getClass().getSimpleName());
    }

    private void arm(Actions.ArmTimer t) {
        TimerKey key = new TimerKey(t.timer(), t.key());
        ScheduledFuture<?> old = timers.remove(key);
        if (old != null) old.cancel(false);
        if (t.delayNanos() == Long.MAX_VALUE || terminated.getCount() == 0) return; // infinite: never fires
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable task = () -> {
            lock.lock();
            try {
                // A re-armed or cancelled timer may still run once: only the current one counts.
                if (timers.get(key) != self[0]) return;
                timers.remove(key);
                fireLocked(new EndpointEvent.TimerFired(t.timer(), t.key(), System.nanoTime()));
            } finally {
                unlockAndDeliver();
            }
        };
        try {
            // Holding the lock, the task cannot look at the map before self[0] is set.
            self[0] = scheduler.schedule(task, t.delayNanos(), TimeUnit.NANOSECONDS);
            timers.put(key, self[0]);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            trace.note("timer " + t.timer() + " not armed: scheduler stopped");
        }
    }

    private void queueClose(String reason) {
        if (closeQueued) return;
        closeQueued = true;
        closeReason = reason;
        put(new WriteItem.CloseItem(reason));
        control.close();
        try {
            scheduler.schedule(() -> terminate("close did not finish in time: " + reason), CLOSE_LINGER_NANOS, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            terminate(reason);
        }
        pendingChanged.signalAll();
    }

    // ------------------------------------------------------------------ threads

    /** The writer flushed these DATA octets: the streams' queued bytes shrink, blocked senders may go on. */
    private void dataWritten(Map<Integer, Integer> octets) {
        lock.lock();
        try {
            for (Map.Entry<Integer, Integer> e : octets.entrySet()) {
                queued.computeIfPresent(e.getKey(), (k, v) -> v - e.getValue() <= 0 ? null : v - e.getValue());
            }
            pendingChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void writerDone(String reason) {
        terminate(reason);
    }

    /** Closes the socket and releases everything; the listener hears {@code onClosed} once. */
    private void terminate(String reason) {
        if (!terminating.compareAndSet(false, true)) return;
        control.close();
        try {
            closer.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        String why;
        lock.lock();
        try {
            for (ScheduledFuture<?> f : timers.values()) f.cancel(false);
            timers.clear();
            closeQueued = true;
            why = closeReason.equals("closed") ? reason : closeReason;
            pendingChanged.signalAll();
            terminated.countDown();
            trace.note("closed: " + why);
            deliver(() -> listener.onClosed(this, why));
        } finally {
            unlockAndDeliver();
        }
    }

    private void readLoop(InputStream in, FrameReader frames) {
        String end = "reader stopped";
        try {
            if (config.role() == Role.SERVER) {
                Bytes greeting = readGreeting(in);
                if (greeting == null) {
                    fire(new EndpointEvent.PeerClosed("connection ended before the preface", System.nanoTime()));
                    return;
                }
                trace.note("preface " + (Preface.valid(greeting) ? "ok" : "bogus: " + greeting.length() + " octets"));
                fire(new EndpointEvent.PrefaceReceived(greeting, System.nanoTime()));
                if (!Preface.valid(greeting)) return;
            }
            while (!isClosing()) {
                while (!control.awaitNotThrottled(TimeUnit.SECONDS.toNanos(1))) {
                    if (isClosing()) return;
                }
                Frame f;
                try {
                    f = frames.readFrame();
                } catch (FrameException fe) {
                    trace.note("bad frame: " + fe.getMessage());
                    fire(new EndpointEvent.PeerError(new Violation(fe.rule(), fe.code(), fe.scope(), fe.streamId(), fe.detail()),
                            System.nanoTime()));
                    if (fe.scope() == Scope.CONNECTION) return;
                    keepHpackInSync(fe.frame());
                    continue;
                }
                if (f == null) {
                    end = "peer closed the connection";
                    fire(new EndpointEvent.PeerClosed(end, System.nanoTime()));
                    return;
                }
                trace.frame(true, f);
                fire(new EndpointEvent.FrameReceived(f, System.nanoTime()));
            }
        } catch (IOException e) {
            end = "read failed: " + e.getMessage();
            if (!isClosing()) fire(new EndpointEvent.PeerClosed(end, System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            trace.note("reader failed: " + e);
            end = "reader failed: " + e;
        } finally {
            // Whatever the machine decided has been queued; make sure the socket ends up closed.
            lock.lock();
            try {
                queueClose(end);
            } finally {
                unlockAndDeliver();
            }
        }
    }

    /**
     * A HEADERS frame that broke a stream rule but parsed (a self-dependent priority) still
     * carries an HPACK fragment the decoder must see (RFC 9113 §4.3).
     */
    private void keepHpackInSync(Frame f) {
        if (!(f instanceof HeadersFrame h) || !h.endHeaders()) return;
        lock.lock();
        try {
            ArrayDeque<EndpointEvent> followUps = new ArrayDeque<>();
            DecodeResult r = decoder.decode(h.fragment());
            if (r instanceof DecodeResult.Failed failed) hpackFailed(failed, followUps);
            for (EndpointEvent e : followUps) fireLocked(e);
        } finally {
            unlockAndDeliver();
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
