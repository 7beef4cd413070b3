package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.driver.EndpointMachine;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameException;
import io.grpcspec.wire.FrameWriter;
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
 * A client and a server endpoint joined by an in-memory pipe, as a test harness. Each side runs
 * on the real {@link EndpointDriver} (HPACK both ways, HEADERS + CONTINUATION cut at the peer's
 * MAX_FRAME_SIZE, follow-up events, timers with due times); the harness performs its effects
 * as a socket transport would: writes queue up, in order, for the other side; a close stops the
 * writer and, once the frames before it are delivered, the peer sees {@code PeerClosed}.
 * Timers fire against a virtual clock that only moves when told.
 *
 * <p>The machine's own actions are kept too ({@link Peer#log()}, the {@code Step} that
 * {@link #apply} returns): tests of the machine compare them, tests of what reaches the layer
 * above compare {@link Peer#effects()}. Deterministic: nothing happens unless a method is
 * called, and every method does the same thing on the same state. Violations reported by
 * {@code step} are recorded per side; tests decide whether they were expected.
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

    /** One end of the pair. */
    public static final class Peer {
        private final Side side;
        private DriverState state;
        private final Deque<Item> inbox = new ArrayDeque<>();
        private final List<Action> log = new ArrayList<>();
        private final List<Effect> effects = new ArrayList<>();
        private final List<Violation> violations = new ArrayList<>();
        private final List<Frame> written = new ArrayList<>();
        private final Map<Integer, Bytes> data = new LinkedHashMap<>();
        private boolean writerClosed;

        Peer(Side side, DriverState state) {
            this.side = side;
            this.state = state;
        }

        public Side side() {
            return side;
        }

        /** The machine's state. */
        public Endpoint state() {
            return state.endpoint();
        }

        /** The driver's state (machine, HPACK, timers). */
        public DriverState driverState() {
            return state;
        }

        /** Every action the machine's steps produced, in order (follow-up events included). */
        public List<Action> log() {
            return log;
        }

        /** Every effect the driver produced, in order. */
        public List<Effect> effects() {
            return effects;
        }

        /** Violations {@code step} reported for this side's events (answered or not). */
        public List<Violation> violations() {
            return violations;
        }

        /** Frames this side wrote, in order (header blocks as HEADERS + CONTINUATION). */
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

        /** The armed timers with their virtual due times. */
        public Map<Timer, Long> timers() {
            Map<Timer, Long> out = new LinkedHashMap<>();
            state.timers().forEach((k, v) -> out.put(k.timer(), v));
            return out;
        }

        public <A extends Action> List<A> actions(Class<A> type) {
            List<A> out = new ArrayList<>();
            for (Action a : log) if (type.isInstance(a)) out.add(type.cast(a));
            return out;
        }

        public <E extends Effect> List<E> effects(Class<E> type) {
            List<E> out = new ArrayList<>();
            for (Effect e : effects) if (type.isInstance(e)) out.add(type.cast(e));
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
     * The pair's protocol state as one value (both driver states, what is on the wire each way,
     * the writers, the clock), for comparisons. Logs are not part of it.
     */
    public record Snapshot(DriverState client, DriverState server, List<Item> toClient, List<Item> toServer,
                           boolean clientWriterClosed, boolean serverWriterClosed, long now) {
        public Snapshot {
            toClient = List.copyOf(toClient);
            toServer = List.copyOf(toServer);
        }
    }

    private final Peer client;
    private final Peer server;
    private long now;

    public EndpointPair(EndpointConfig clientConfig, EndpointConfig serverConfig) {
        this.client = new Peer(Side.CLIENT, EndpointDriver.initial(clientConfig));
        this.server = new Peer(Side.SERVER, EndpointDriver.initial(serverConfig));
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
                client.writerClosed, server.writerClosed, now);
    }

    /** An independent copy (logs included) to explore another branch from here. */
    public EndpointPair copy() {
        EndpointPair p = new EndpointPair(client.state().config(), server.state().config());
        p.now = now;
        for (Side side : Side.values()) {
            Peer from = peer(side);
            Peer to = p.peer(side);
            to.state = from.state;
            to.inbox.addAll(from.inbox);
            to.log.addAll(from.log);
            to.effects.addAll(from.effects);
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
     * Steps one side through its driver. Every machine step is logged, a violation recorded;
     * the driver answers the peer's violations itself. Returns the machine's step for
     * {@code event} as {@code step} gave it (null when the driver dropped a stale timer).
     */
    public Step<Endpoint> apply(Side side, EndpointEvent event) {
        Peer p = peer(side);
        List<Step<Endpoint>> steps = new ArrayList<>();
        EndpointMachine recording = new EndpointMachine() {
            @Override
            public Step<Endpoint> step(Endpoint state, EndpointEvent e) {
                Step<Endpoint> st = Endpoints.step(state, e);
                if (st.isViolation()) p.violations.add(st.violation());
                else p.log.addAll(st.actions());
                steps.add(st);
                return st;
            }

            @Override
            public Step<Endpoint> recover(Endpoint state, EndpointEvent e, Violation v) {
                Step<Endpoint> st = Endpoints.recover(state, e, v);
                p.log.addAll(st.actions());
                return st;
            }
        };
        EndpointDriver.DriverStep done = new EndpointDriver(recording).step(p.state, event);
        p.state = done.state();
        perform(p, done.effects());
        return steps.isEmpty() ? null : steps.get(0);
    }

    /** Delivers the oldest item on its way to {@code to}; false when there is none. */
    public boolean deliverOne(Side to) {
        Peer p = peer(to);
        Item item = p.inbox.pollFirst();
        if (item == null) return false;
        if (p.state().closed()) return true; // the socket is gone: bytes are lost
        switch (item) {
            case PrefaceItem x -> apply(to, new EndpointEvent.PrefaceReceived(Preface.CLIENT, now));
            case FrameItem(Frame f) -> apply(to, new EndpointEvent.FrameReceived(f, now));
            case EndOfStream(String reason) -> apply(to, new EndpointEvent.PeerClosed(reason, now));
        }
        return true;
    }

    /** Delivers everything in flight, client-bound and server-bound alternately in batches, until both pipes are empty. */
    public void settle() {
        while (!client.inbox.isEmpty() || !server.inbox.isEmpty()) {
            while (deliverOne(Side.SERVER)) { }
            while (deliverOne(Side.CLIENT)) { }
        }
    }

    /** Moves the virtual clock and fires, in due order, every timer that falls due. */
    public void advance(long nanos) {
        long until = now + nanos;
        while (true) {
            Side side = null;
            DriverState.TimerKey due = null;
            long at = Long.MAX_VALUE;
            for (Peer p : List.of(client, server)) {
                for (Map.Entry<DriverState.TimerKey, Long> e : p.state.timers().entrySet()) {
                    if (e.getValue() <= until && e.getValue() < at) {
                        at = e.getValue();
                        due = e.getKey();
                        side = p.side;
                    }
                }
            }
            if (due == null) break;
            now = Math.max(now, at);
            apply(side, new EndpointEvent.TimerFired(due.timer(), due.key(), now));
        }
        now = until;
    }

    /** Moves the clock to the time {@code timer} is due (if later) and fires it. */
    public void fire(Side side, Timer timer) {
        Long due = peer(side).state.due(timer, 0);
        if (due == null) throw new IllegalStateException(timer + " is not armed on " + side);
        now = Math.max(now, due);
        apply(side, new EndpointEvent.TimerFired(timer, 0, now));
    }

    /** Puts a frame on the pipe as if {@code from} had written it (for peers that break rules). */
    public void inject(Side from, Frame frame) {
        peer(from.other()).inbox.addLast(new FrameItem(frame));
    }

    // ------------------------------------------------------------------ the transport's part

    private void perform(Peer p, List<Effect> effects) {
        Peer other = peer(p.side.other());
        for (Effect e : effects) {
            p.effects.add(e);
            switch (e) {
                case Effect.WritePreface w -> other.inbox.addLast(new PrefaceItem());
                case Effect.WriteFrame(Frame f) -> write(p, other, f);
                case Effect.WriteBlock(int id, List<Frame> frames) -> frames.forEach(f -> write(p, other, f));
                case Effect.Data(int id, Bytes d, boolean end) -> p.data.merge(id, d, Bytes::concat);
                case Effect.Close(String reason) -> {
                    p.writerClosed = true;
                    other.inbox.addLast(new EndOfStream(reason));
                }
                // Deliveries and timers: kept in the effect log and the driver state.
                case Effect.ReadLimit x -> { }
                case Effect.ArmTimer x -> { }
                case Effect.CancelTimer x -> { }
                case Effect.Ready x -> { }
                case Effect.Headers x -> { }
                case Effect.PeerReset x -> { }
                case Effect.StreamClosed x -> { }
                case Effect.GoingAway x -> { }
                case Effect.NotProcessed x -> { }
                case Effect.PeerViolation x -> { }
                case Effect.PeerTolerated x -> { }
                case Effect.PingAcked x -> { }
                case Effect.ConnectionBroken x -> { }
                case Effect.StreamStarted x -> { }
                case Effect.Pending x -> { }
                case Effect.Refused x -> { }
            }
        }
    }

    private static void write(Peer p, Peer other, Frame f) {
        try {
            FrameWriter.checkFits(f, (int) Math.min(p.state().remoteSettings().maxFrameSize(), Integer.MAX_VALUE));
        } catch (FrameException e) {
            throw new AssertionError(p.side + " wrote an oversized frame " + f + ": " + e.getMessage());
        }
        p.written.add(f);
        other.inbox.addLast(new FrameItem(f));
    }

    @Override
    public String toString() {
        return "EndpointPair[now=" + now + ", client=" + Objects.toString(client.state().phase())
                + ", server=" + server.state().phase() + "]";
    }
}
