package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameWriter;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Preface;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A client and a server endpoint joined by an in-memory pipe, as a test harness (and for the
 * model checker). It performs the actions a socket driver would: frames written by one side
 * queue up, in order, for the other; {@code WriteHeaders} becomes HEADERS + CONTINUATION cut at
 * the peer's MAX_FRAME_SIZE; {@code WritePreface} sends the 24 octets; {@code CloseConnection}
 * stops the writer and, once the frames before it are delivered, the peer sees {@code PeerClosed}.
 * Timers are bookkept against a virtual clock that only moves when told.
 *
 * <p>Deterministic: nothing happens unless a method is called, and every method does the same
 * thing on the same state. Violations reported by {@code step} are answered with {@code recover}
 * (peer violations) and recorded per side; tests decide whether they were expected. A model
 * checker branches with {@link #copy()} and keeps {@link #snapshot()} values in its visited set.
 */
public final class EndpointPair {

    public enum Side {
        CLIENT, SERVER;

        public Side other() {
            return this == CLIENT ? SERVER : CLIENT;
        }
    }

    /** What travels on the pipe: the client preface, a frame, or the end of the byte stream. */
    public sealed interface Item {}

    public record PrefaceItem() implements Item {}

    public record FrameItem(Frame frame) implements Item {}

    public record EndOfStream(String reason) implements Item {}

    /** An armed timer: the timer and its key (a stream ID for per-stream timers, else 0). */
    public record TimerKey(Timer timer, int key) {}

    /** One end of the pair. */
    public static final class Peer {
        private final Side side;
        private Endpoint state;
        private final Deque<Item> inbox = new ArrayDeque<>();
        private final Map<TimerKey, Long> timers = new LinkedHashMap<>();
        private final List<Action> log = new ArrayList<>();
        private final List<Violation> violations = new ArrayList<>();
        private final List<Frame> written = new ArrayList<>();
        private final Map<Integer, Bytes> data = new LinkedHashMap<>();
        private boolean writerClosed;

        Peer(Side side, Endpoint state) {
            this.side = side;
            this.state = state;
        }

        public Side side() {
            return side;
        }

        public Endpoint state() {
            return state;
        }

        /** Every action this side's steps produced, in order. */
        public List<Action> log() {
            return log;
        }

        /** Violations {@code step} reported for this side's events (answered or not). */
        public List<Violation> violations() {
            return violations;
        }

        /** Frames this side wrote, in order (HEADERS already cut into HEADERS + CONTINUATION). */
        public List<Frame> written() {
            return written;
        }

        /** Items on their way to this side, oldest first. */
        public Deque<Item> inbox() {
            return inbox;
        }

        /** All DATA bytes delivered on the stream so far. */
        public Bytes received(int streamId) {
            return data.getOrDefault(streamId, Bytes.EMPTY);
        }

        /** The armed timers with their virtual deadlines. */
        public Map<Timer, Long> timers() {
            Map<Timer, Long> out = new LinkedHashMap<>();
            timers.forEach((k, v) -> out.put(k.timer(), v));
            return out;
        }

        public <A extends Action> List<A> actions(Class<A> type) {
            List<A> out = new ArrayList<>();
            for (Action a : log) if (type.isInstance(a)) out.add(type.cast(a));
            return out;
        }

        public List<Frame> writtenFrames(Predicate<Frame> which) {
            return written.stream().filter(which).toList();
        }

        public boolean writerClosed() {
            return writerClosed;
        }
    }

    /**
     * The pair's protocol state as one value (both endpoints, what is on the wire each way, the
     * armed timers, the clock), for a model checker's visited set. Logs are not part of it.
     */
    public record Snapshot(Endpoint client, Endpoint server, List<Item> toClient, List<Item> toServer,
                           Map<TimerKey, Long> clientTimers, Map<TimerKey, Long> serverTimers,
                           boolean clientWriterClosed, boolean serverWriterClosed, long now) {
        public Snapshot {
            toClient = List.copyOf(toClient);
            toServer = List.copyOf(toServer);
            clientTimers = Map.copyOf(clientTimers);
            serverTimers = Map.copyOf(serverTimers);
        }
    }

    private final Peer client;
    private final Peer server;
    private long now;

    public EndpointPair(EndpointConfig clientConfig, EndpointConfig serverConfig) {
        this.client = new Peer(Side.CLIENT, Endpoints.initial(clientConfig));
        this.server = new Peer(Side.SERVER, Endpoints.initial(serverConfig));
    }

    /** Both sides started, nothing delivered yet. */
    public static EndpointPair started(EndpointConfig clientConfig, EndpointConfig serverConfig) {
        EndpointPair p = new EndpointPair(clientConfig, serverConfig);
        p.apply(Side.SERVER, new EndpointEvent.Start(p.now, 0));
        p.apply(Side.CLIENT, new EndpointEvent.Start(p.now, 0));
        return p;
    }

    /** Both sides started and the handshake delivered both ways. */
    public static EndpointPair connected(EndpointConfig clientConfig, EndpointConfig serverConfig) {
        EndpointPair p = started(clientConfig, serverConfig);
        p.settle();
        return p;
    }

    public static EndpointPair connected() {
        return connected(EndpointConfig.client(), EndpointConfig.server());
    }

    public Snapshot snapshot() {
        return new Snapshot(client.state, server.state, List.copyOf(client.inbox), List.copyOf(server.inbox),
                client.timers, server.timers, client.writerClosed, server.writerClosed, now);
    }

    /** An independent copy (logs included) to explore another branch from here. */
    public EndpointPair copy() {
        EndpointPair p = new EndpointPair(client.state.config(), server.state.config());
        p.now = now;
        for (Side side : Side.values()) {
            Peer from = peer(side);
            Peer to = p.peer(side);
            to.state = from.state;
            to.inbox.addAll(from.inbox);
            to.timers.putAll(from.timers);
            to.log.addAll(from.log);
            to.violations.addAll(from.violations);
            to.written.addAll(from.written);
            to.data.putAll(from.data);
            to.writerClosed = from.writerClosed;
        }
        return p;
    }

    public Peer client() {
        return client;
    }

    public Peer server() {
        return server;
    }

    public Peer peer(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    public long now() {
        return now;
    }

    // ------------------------------------------------------------------ driving

    /**
     * Steps one side. A violation is recorded; for a peer-caused one the answer from
     * {@code recover} is performed. Returns the step as {@code step} gave it.
     */
    public Step<Endpoint> apply(Side side, EndpointEvent event) {
        Peer p = peer(side);
        Step<Endpoint> step = Endpoints.step(p.state, event);
        Step<Endpoint> done = step;
        if (step.isViolation()) {
            p.violations.add(step.violation());
            done = Endpoints.recover(p.state, event, step.violation());
        }
        p.state = done.state();
        perform(p, done.actions());
        return step;
    }

    /** Delivers the oldest item on its way to {@code to}; false when there is none. */
    public boolean deliverOne(Side to) {
        Peer p = peer(to);
        Item item = p.inbox.pollFirst();
        if (item == null) return false;
        if (p.state.closed()) return true; // the socket is gone: bytes are lost
        if (item instanceof PrefaceItem) apply(to, new EndpointEvent.PrefaceReceived(Preface.CLIENT, now));
        else if (item instanceof FrameItem f) apply(to, new EndpointEvent.FrameReceived(f.frame(), now));
        else apply(to, new EndpointEvent.PeerClosed(((EndOfStream) item).reason(), now));
        return true;
    }

    /** Delivers everything in flight, client-bound and server-bound alternately in batches, until both pipes are empty. */
    public void settle() {
        while (!client.inbox.isEmpty() || !server.inbox.isEmpty()) {
            while (deliverOne(Side.SERVER)) { }
            while (deliverOne(Side.CLIENT)) { }
        }
    }

    /** Moves the virtual clock and fires, in deadline order, every timer that falls due. */
    public void advance(long nanos) {
        long until = now + nanos;
        while (true) {
            Side side = null;
            TimerKey due = null;
            long at = Long.MAX_VALUE;
            for (Peer p : List.of(client, server)) {
                for (Map.Entry<TimerKey, Long> e : p.timers.entrySet()) {
                    if (e.getValue() <= until && e.getValue() < at) {
                        at = e.getValue();
                        due = e.getKey();
                        side = p.side;
                    }
                }
            }
            if (due == null) break;
            now = Math.max(now, at);
            peer(side).timers.remove(due);
            apply(side, new EndpointEvent.TimerFired(due.timer(), due.key(), now));
        }
        now = until;
    }

    /** Fires one armed timer now, whatever its deadline. */
    public void fire(Side side, Timer timer) {
        TimerKey key = new TimerKey(timer, 0);
        if (peer(side).timers.remove(key) == null) throw new IllegalStateException(timer + " is not armed on " + side);
        apply(side, new EndpointEvent.TimerFired(timer, 0, now));
    }

    /** Puts a frame on the pipe as if {@code from} had written it (for peers that break rules). */
    public void inject(Side from, Frame frame) {
        peer(from.other()).inbox.addLast(new FrameItem(frame));
    }

    // ------------------------------------------------------------------ the driver's part

    private void perform(Peer p, List<Action> actions) {
        Peer other = peer(p.side.other());
        for (Action a : actions) {
            p.log.add(a);
            if (p.writerClosed) continue; // the driver stopped this connection: nothing more happens
            if (a instanceof Actions.ArmTimer t) {
                p.timers.put(new TimerKey(t.timer(), t.key()), now + t.delayNanos());
            } else if (a instanceof Actions.CancelTimer t) {
                p.timers.remove(new TimerKey(t.timer(), t.key()));
            }
            if (a instanceof ConnectionActions.WritePreface) {
                other.inbox.addLast(new PrefaceItem());
            } else if (a instanceof Actions.WriteFrame w) {
                write(p, other, w.frame());
            } else if (a instanceof StreamActions.WriteHeaders h) {
                for (Frame f : headerFrames(h, maxFrameSize(p))) write(p, other, f);
            } else if (a instanceof StreamActions.DeliverData d) {
                p.data.merge(d.streamId(), d.data(), Bytes::concat);
            } else if (a instanceof Actions.CloseConnection c) {
                p.writerClosed = true;
                p.timers.clear();
                other.inbox.addLast(new EndOfStream(c.reason()));
            }
        }
    }

    private static int maxFrameSize(Peer p) {
        return (int) Math.min(p.state.remoteSettings().maxFrameSize(), Integer.MAX_VALUE);
    }

    private static void write(Peer p, Peer other, Frame f) {
        try {
            FrameWriter.checkFits(f, maxFrameSize(p)); // FR: never above the peer's MAX_FRAME_SIZE
        } catch (FrameException e) {
            throw new AssertionError(p.side + " wrote an oversized frame " + f + ": " + e.getMessage());
        }
        p.written.add(f);
        other.inbox.addLast(new FrameItem(f));
    }

    /** A header block as HEADERS + CONTINUATION frames, each fragment at most {@code max} bytes. */
    public static List<Frame> headerFrames(StreamActions.WriteHeaders h, int max) {
        Bytes block = h.block();
        List<Frame> out = new ArrayList<>();
        int first = Math.min(block.length(), max);
        out.add(new HeadersFrame(h.streamId(), block.slice(0, first), h.endStream(), first == block.length()));
        for (int at = first; at < block.length(); at += max) {
            int end = Math.min(block.length(), at + max);
            out.add(new ContinuationFrame(h.streamId(), block.slice(at, end), end == block.length()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "EndpointPair[now=" + now + ", client=" + Objects.toString(client.state.phase())
                + ", server=" + server.state.phase() + "]";
    }
}
