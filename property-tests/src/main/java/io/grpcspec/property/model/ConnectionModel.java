package io.grpcspec.property.model;

import io.grpcspec.spec.Timer;
import io.grpcspec.spec.connection.ConnectionConfig;
import io.grpcspec.spec.connection.GoAwayState;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.keepalive.ConnectionManagerConfig;
import io.grpcspec.spec.keepalive.EnforcementPolicy;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The composed system the model checker explores: a conforming client {@code Endpoint} and a
 * conforming server {@code Endpoint}, each run by the {@link EndpointDriver} the socket
 * transport runs (real HPACK both ways, header blocks cut into HEADERS + CONTINUATION, HPACK
 * outcomes fed back to the machine, timers booked with their due times), joined by two in-order
 * pipes, driven by nondeterministic applications within {@link Bounds}. This class only carries
 * the driver's effects: writes go into the pipe, deliveries into the {@link Script}.
 *
 * <p>Transitions of a state, in a fixed order (so counterexamples replay): deliver the oldest
 * item to the server, to the client (unless that side's machine pauses reading, LIM-5); then each side's application actions — open a stream
 * (client), send response headers / trailers (server), send a message of 1..n units, consume
 * what arrived, await a message, reset a stream, change a setting, PING, graceful shutdown;
 * then, when the bound lets time pass, fire the earliest due timer (of either side; every one
 * due at that instant is a separate move).
 *
 * <p>Time: a logical clock {@link World#now()}. Deliveries and application moves take no time;
 * a fire move advances the clock to the due time of the earliest armed timer and feeds
 * {@code TimerFired} to its side; each path may fire at most {@link Bounds#timerFires} timers.
 * Since any number of deliveries may happen before or after a fire, a fire stands for any
 * network delay. With {@code timerFires = 0} time is frozen at 0: timers are armed and cancelled
 * but never fire, and the server permits PINGs at any rate unless {@link Bounds#strictPings}.
 *
 * <p>Checks: {@link Checks#invariant} at every state and {@link Checks#deadlock} where nothing
 * moves; per transition, the {@link Transition}'s own checks (no violation between conforming
 * peers, no refused application call, GOAWAY monotone, headers arrive as sent, idle drains only
 * when idle) and the fairness of every timeout that ended the connection.
 *
 * <p>Speed: driver states, items and scripts are hash-consed in a {@link Canon}, a world packs
 * into a short row of numbers for the visited set, and driver steps are computed once per
 * distinct (driver state, event, time) and reused ({@link Transition}); a step's new state is
 * hash-consed only when a world it reaches is taken (a walk checks every successor, takes one).
 * The initial world is computed once per model.
 */
public final class ConnectionModel implements TransitionSystem<World>, TransitionSystem.Packed<World> {

    private static final List<HeaderField> REQUEST_HEADERS = List.of(new HeaderField(":method", "POST"),
            new HeaderField(":scheme", "http"), new HeaderField(":path", "/m"),
            new HeaderField("content-type", "application/grpc"), new HeaderField("te", "trailers"));
    private static final List<HeaderField> RESPONSE_HEADERS = List.of(new HeaderField(":status", "200"),
            new HeaderField("content-type", "application/grpc"));
    private static final List<HeaderField> TRAILERS = List.of(new HeaderField("grpc-status", "0"));
    /** A request block of static-table indices only (:method POST, :scheme http): frames built by hand leave HPACK tables alone. */
    private static final Bytes STATIC_REQUEST_BLOCK = Bytes.of((byte) 0x83, (byte) 0x86);

    private final Bounds bounds;
    private final Driver driver;
    private final Bytes[] messageOfUnits;
    private final Canon canon = new Canon();
    /** Driver steps by (driver state, event, time); see {@link #step}. */
    private final LongPairMap<Transition> steps = new LongPairMap<>();
    /** Scripts after a step's deliveries, by (script, step). */
    private final LongPairMap<Integer> scriptsAfter = new LongPairMap<>();
    /** Application moves by (driver state, script, room in the pipe). */
    private final LongPairMap<AppMove[]> appMoves = new LongPairMap<>();
    /** The distinct times of the clock, numbered (so that a step's key fits two longs). */
    private final Map<Long, Integer> times = new HashMap<>();
    private final Checks checks;
    /** The initial world, made once: it depends only on the bounds and the driver (see {@link #initial}). */
    private World start;


    public ConnectionModel(Bounds bounds) {
        this(bounds, Driver.REAL);
    }

    public ConnectionModel(Bounds bounds, Machine machine) {
        this(bounds, Driver.of(machine));
    }

    public ConnectionModel(Bounds bounds, Driver driver) {
        this.bounds = bounds;
        this.driver = driver;
        this.messageOfUnits = new Bytes[bounds.maxMessageUnits() + 1];
        for (int n = 1; n <= bounds.maxMessageUnits(); n++) messageOfUnits[n] = Bytes.of(new byte[n * Bounds.UNIT]);
        this.checks = new Checks(bounds);
    }

    public Bounds bounds() {
        return bounds;
    }

    /** The configuration both endpoints start with under {@code b}. */
    public static EndpointConfig config(Side side, Bounds b) {
        EndpointConfig base = side == Side.CLIENT ? EndpointConfig.client() : EndpointConfig.server();
        Settings s = base.connection().settings();
        Settings announced = new Settings(s.headerTableSize(), s.enablePush(),
                side == Side.SERVER && b.serverMaxStreams() > 0 ? b.serverMaxStreams() : s.maxConcurrentStreams(),
                (long) b.initialWindowUnits() * Bounds.UNIT, s.maxFrameSize(), s.maxHeaderListSize());
        EndpointConfig c = base.withSettings(announced).withConnectionWindow(65_535);
        if (!b.timed()) {
            // Time never advances, so every PING would look early: permit them unless asked.
            return b.strictPings() ? c : c.withEnforcement(new EnforcementPolicy(0, true));
        }
        Timing t = b.timing();
        ConnectionConfig cc = c.connection().withHandshakeTimeout(t.handshake())
                .withPrefaceTimeout(side == Side.SERVER ? t.preface() : 0).withSettingsAckTimeout(t.settingsAck())
                .withGoAwayPingTimeout(t.goAwayPing());
        c = c.withConnection(cc);
        if (side == Side.CLIENT) {
            return c.withPinger(PingerConfig.client(t.keepaliveTime(), t.keepaliveTimeout(), t.keepaliveWithoutCalls()));
        }
        return c.withPinger(PingerConfig.server(t.serverKeepaliveTime(), t.keepaliveTimeout()))
                .withEnforcement(new EnforcementPolicy(t.permitTime(), t.permitWithoutStream()))
                .withConnectionManagement(new ConnectionManagerConfig(t.maxIdle(), t.maxAge(), t.maxAgeGrace()));
    }

    /**
     * The one initial world: both drivers started at time 0. It is a pure function of the
     * bounds and the driver, and worlds are immutable, so it is computed on first use and then
     * shared by every walk and exploration of this model.
     */
    @Override
    public List<World> initial() {
        if (start == null) start = started();
        return List.of(start);
    }

    private World started() {
        World w = new World(canon, canon.driver(EndpointDriver.initial(config(Side.CLIENT, bounds))),
                canon.driver(EndpointDriver.initial(config(Side.SERVER, bounds))), new int[0], new int[0],
                canon.script(Script.start(bounds)), 0);
        try {
            w = apply(w, Side.SERVER, new EndpointEvent.Start(0, 0));
            w = apply(w, Side.CLIENT, new EndpointEvent.Start(0, 0));
        } catch (Broken b) {
            throw new IllegalStateException("start failed: " + b.getMessage());
        }
        return w;
    }

    @Override
    public List<Edge<World>> successors(World w) throws Broken {
        List<Edge<World>> out = new ArrayList<>();
        for (Side to : Side.values()) {
            // LIM-5: a side whose machine pauses reading takes nothing from its pipe, as the transport's reader waits.
            if (w.inboundIds(to).length > 0 && !w.endpoint(to).readingPaused()) out.add(new Edge<>(deliveryLabel(w, to), deliverOldest(w, to)));
        }
        for (Side side : Side.values()) {
            if (!w.endpoint(side).ready()) continue;
            boolean room = w.outboundIds(side).length < bounds.inFlight();
            for (AppMove m : appMoves(w, side, room)) {
                Transition t = step(side, w.driverId(side), m.label().kind(), m.a(), m.b(), m.flag(), w.now());
                out.add(new Edge<>(m.label(), outcome(w, m.label(), side, t, m.script(), w.inboundIds(Side.SERVER),
                        w.inboundIds(Side.CLIENT), w.now())));
            }
        }
        if (w.script().firesLeft() > 0) fireMoves(w, out);
        return out;
    }

    private Move deliveryLabel(World w, Side to) {
        int head = w.inboundIds(to)[0];
        return new Move(to, Move.Kind.DELIVER, head, 0, false, canon.item(head), null);
    }

    /** {@code w} after the oldest item on its way to {@code to} arrived (a closed endpoint drops it). */
    private World deliverOldest(World w, Side to) throws Broken {
        int[] in = w.inboundIds(to);
        int[] rest = java.util.Arrays.copyOfRange(in, 1, in.length);
        int[] toServer = to == Side.SERVER ? rest : w.inboundIds(Side.SERVER);
        int[] toClient = to == Side.CLIENT ? rest : w.inboundIds(Side.CLIENT);
        if (w.endpoint(to).closed()) {
            return new World(canon, w.driverId(Side.CLIENT), w.driverId(Side.SERVER), toServer, toClient, w.scriptId(), w.now());
        }
        Transition t = step(to, w.driverId(to), Move.Kind.DELIVER, in[0], 0, false, w.now());
        return outcome(w, deliveryLabel(w, to), to, t, w.scriptId(), toServer, toClient, w.now());
    }

    /** The driver step of a move's event, computed once per (driver state, event, time). */
    private Transition step(Side side, int driverId, Move.Kind kind, int a, long b, boolean flag, long now) {
        if (b < 0 || b >= 1L << 40) throw new IllegalArgumentException("move value out of range: " + b);
        long k1 = ((long) driverId << 32) | (a & 0xffff_ffffL);
        long k2 = ((long) time(now) << 48) | ((long) kind.ordinal() << 44) | (flag ? 1L << 43 : 0) | b;
        Transition t = steps.get(k1, k2);
        if (t == null) {
            t = Transition.compute(steps.size(), canon, driver, side, driverId, event(kind, a, b, flag, now), ConnectionModel::expected);
            steps.put(k1, k2, t);
        }
        return t;
    }

    private int time(long now) {
        if (now == 0) return 0;
        Integer i = times.get(now);
        if (i == null) {
            i = times.size() + 1;
            if (i >= 1 << 15) throw new IllegalStateException("too many distinct times");
            times.put(now, i);
        }
        return i;
    }

    /**
     * The world after {@code side} took transition {@code t} from {@code from}, with the pipes
     * {@code toServer}/{@code toClient} before {@code t}'s writes and the script {@code script}
     * before {@code t}'s deliveries. Fails when the step breaks a check.
     */
    private World outcome(World from, Object label, Side side, Transition t, int script, int[] toServer, int[] toClient,
                          long now) throws Broken {
        if (t.broken() != null) throw new Broken(label.toString(), t.broken());
        String unfair = t.unfairTimeout(from, side);
        if (unfair == null) unfair = t.unsafeRetry(from, side);
        if (unfair != null) throw new Broken(label.toString(), unfair);
        if (side == Side.CLIENT) toServer = append(toServer, t.written());
        else toClient = append(toClient, t.written());
        // The stepping side's state is numbered only if this world is taken (see World).
        return new World(canon, side, t, from.driverId(side.other()), toServer, toClient, scriptAfter(script, side, t), now);
    }

    private static int[] append(int[] pipe, int[] more) {
        if (more.length == 0) return pipe;
        int[] n = java.util.Arrays.copyOf(pipe, pipe.length + more.length);
        System.arraycopy(more, 0, n, pipe.length, more.length);
        return n;
    }

    /** The script after the applications saw {@code t}'s deliveries (remembered per script and step). */
    private int scriptAfter(int script, Side side, Transition t) {
        if (t.deliveries().length == 0) return script;
        if (t.id() >= 0) {
            Integer known = scriptsAfter.get(script, t.id());
            if (known != null) return known;
        }
        Script s = canon.script(script);
        boolean isClient = side == Side.CLIENT;
        for (Effect e : t.deliveries()) {
            switch (e) {
                case Effect.StreamStarted(int id) -> s = s.withConv(Conv.opened(id));
                case Effect.Data(int id, Bytes data, boolean end) -> {
                    Conv c = s.conv(id);
                    if (c != null) s = s.withConv(c.withUnread(isClient, c.unread(isClient) + data.length()));
                }
                case Effect.Headers(int id, List<HeaderField> fields, boolean end, boolean trailers) -> {
                    Conv c = s.conv(id);
                    if (c != null && !isClient && !trailers) s = s.withConv(c.withServerKnows());
                }
                case Effect.StreamClosed(int id, var how) -> {
                    // the machine settles the connection credit of unread bytes itself; nothing left to read
                    Conv c = s.conv(id);
                    if (c != null && c.unread(isClient) > 0) s = s.withConv(c.withUnread(isClient, 0));
                }
                default -> throw new IllegalStateException("not a delivery: " + e);
            }
        }
        int after = canon.script(s);
        if (t.id() >= 0) scriptsAfter.put(script, t.id(), after);
        return after;
    }

    /** An application move: its label (also the event), and the script once its budget is taken. */
    private record AppMove(Move label, int a, long b, boolean flag, int script) {}

    /** The application moves of a side depend only on its driver state, the script and the room in its pipe. */
    private AppMove[] appMoves(World w, Side side, boolean room) {
        long k2 = ((long) w.scriptId() << 1) | (room ? 1 : 0);
        AppMove[] moves = appMoves.get(w.driverId(side), k2);
        if (moves == null) {
            List<AppMove> list = new ArrayList<>();
            applicationMoves(w.endpoint(side), w.script(), side, room, list);
            moves = list.toArray(new AppMove[0]);
            appMoves.put(w.driverId(side), k2, moves);
        }
        return moves;
    }

    private void add(List<AppMove> out, Side side, Move.Kind kind, int a, long b, boolean flag, Script after) {
        out.add(new AppMove(new Move(side, kind, a, b, flag, null, null), a, b, flag, canon.script(after)));
    }

    private void applicationMoves(Endpoint e, Script s, Side side, boolean room, List<AppMove> out) {
        boolean client = side == Side.CLIENT;
        if (client && room && s.opened() < bounds.streams() && e.canOpenStream()) {
            add(out, side, Move.Kind.OPEN, 0, 0, false, s.withOpened(s.opened() + 1));
        }
        for (Conv c : s.convs()) {
            int id = c.id();
            StreamState st = e.streamState(id);
            boolean live = st != StreamState.CLOSED && st != StreamState.IDLE;
            boolean mayWrite = live && !e.localEndQueued(id);
            if (room && mayWrite) {
                if (client && c.clientSent() < bounds.messages()) {
                    boolean last = c.clientSent() + 1 == bounds.messages();
                    for (int n = 1; n <= bounds.maxMessageUnits(); n++) {
                        add(out, side, Move.Kind.SEND, id, n, last, s.withConv(c.withClientSent(c.clientSent() + 1)));
                    }
                }
                if (!client && c.serverKnows()) {
                    if (c.serverPhase() == 0) {
                        add(out, side, Move.Kind.HEADERS, id, 0, false, s.withConv(c.withServerPhase(1)));
                    } else if (c.serverPhase() == 1 && c.serverSent() < bounds.messages()) {
                        for (int n = 1; n <= bounds.maxMessageUnits(); n++) {
                            add(out, side, Move.Kind.SEND, id, n, false, s.withConv(c.withServerSent(c.serverSent() + 1)));
                        }
                    } else if (c.serverPhase() == 1) {
                        add(out, side, Move.Kind.TRAILERS, id, 0, false, s.withConv(c.withServerPhase(2)));
                    }
                }
            }
            int unread = c.unread(client);
            if (unread > 0) add(out, side, Move.Kind.CONSUME, id, unread, false, s.withConv(c.withUnread(client, 0)));
            // The application waits for a message the window cannot hold (INITIAL_WINDOW_SIZE may be 0):
            // it says so, and the machine grants room for it (FC-13), as gRPC's read path does.
            OptionalInt rw = e.streamReceiveWindow(id);
            if (rw.isPresent() && rw.getAsInt() < Bounds.UNIT && peerMaySend(st)) {
                add(out, side, Move.Kind.AWAIT, id, bounds.maxMessageUnits() * Bounds.UNIT, false, s);
            }
            if (room && live && s.resetsLeft() > 0) add(out, side, Move.Kind.RESET, id, 0, false, s.usedReset());
        }
        if (room && s.settingsLeft() > 0) {
            Settings target = e.connection().settings().target();
            for (int units : bounds.windowChoices()) {
                if ((long) units * Bounds.UNIT == target.initialWindowSize()) continue;
                add(out, side, Move.Kind.WINDOW_SETTING, 0, units, false, s.usedSettings());
            }
            for (long size : bounds.headerTableChoices()) {
                if (size == target.headerTableSize()) continue;
                add(out, side, Move.Kind.TABLE_SETTING, 0, size, false, s.usedSettings());
            }
        }
        if (room && s.pingsLeft() > 0) add(out, side, Move.Kind.PING, 0, s.pingsLeft(), false, s.usedPing());
        if (room && s.shutdownsLeft() > 0 && e.goAwaySent() == GoAwayState.Sent.NONE) {
            add(out, side, Move.Kind.SHUTDOWN, 0, 0, false, s.usedShutdown());
        }
    }

    /** Time passes to the earliest due timer of either side; each timer due then is one move. */
    private void fireMoves(World w, List<Edge<World>> out) throws Broken {
        long earliest = Long.MAX_VALUE;
        for (Side side : Side.values()) {
            for (long due : w.driver(side).timers().values()) earliest = Math.min(earliest, due);
        }
        if (earliest == Long.MAX_VALUE) return; // nothing armed, or only timers that are never due
        int fired = canon.script(w.script().usedFire());
        for (Side side : Side.values()) {
            for (var t : w.driver(side).timers().entrySet()) {
                if (t.getValue() != earliest) continue;
                Timer timer = t.getKey().timer();
                int key = t.getKey().key();
                Move label = new Move(side, Move.Kind.FIRE, key, earliest, false, null, timer);
                Transition tr = step(side, w.driverId(side), Move.Kind.FIRE, key, timer.ordinal(), false, earliest);
                out.add(new Edge<>(label, outcome(w, label, side, tr, fired, w.inboundIds(Side.SERVER), w.inboundIds(Side.CLIENT), earliest)));
            }
        }
    }

    /** The peer has not ended the stream: a reading application still waits for messages on it. */
    private static boolean peerMaySend(StreamState st) {
        return st == StreamState.OPEN || st == StreamState.HALF_CLOSED_LOCAL;
    }

    static String units(int bytes) {
        return bytes % Bounds.UNIT == 0 ? (bytes / Bounds.UNIT) + "u" : bytes + "B";
    }

    /** The event a move stands for, at time {@code now}. */
    private EndpointEvent event(Move.Kind kind, int a, long b, boolean flag, long now) {
        return switch (kind) {
            case DELIVER -> {
                Item it = canon.item(a);
                yield switch (it) {
                    case Item.Preface p -> new EndpointEvent.PrefaceReceived(Preface.CLIENT, now);
                    case Item.FrameItem f -> new EndpointEvent.FrameReceived(f.frame(), now);
                    case Item.End x -> new EndpointEvent.PeerClosed("EOF", now);
                };
            }
            case OPEN -> new EndpointEvent.OpenStream(REQUEST_HEADERS, false, now);
            case SEND -> new EndpointEvent.SendData(a, messageOfUnits[(int) b], flag, now);
            case HEADERS -> new EndpointEvent.SendHeaders(a, RESPONSE_HEADERS, false, now);
            case TRAILERS -> new EndpointEvent.SendHeaders(a, TRAILERS, true, now);
            case CONSUME -> new EndpointEvent.Consumed(a, (int) b, now);
            case AWAIT -> new EndpointEvent.MessagePending(a, (int) b, now);
            case RESET -> new EndpointEvent.ResetStream(a, ErrorCode.CANCEL, now);
            case WINDOW_SETTING -> new EndpointEvent.ChangeSettings(List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, b * Bounds.UNIT)), now);
            case TABLE_SETTING -> new EndpointEvent.ChangeSettings(List.of(new Setting(SettingId.HEADER_TABLE_SIZE, b)), now);
            case PING -> new EndpointEvent.SendPing(b, now);
            case SHUTDOWN -> new EndpointEvent.Shutdown(true, 0x5EED, now);
            case FIRE -> new EndpointEvent.TimerFired(Timer.values()[(int) b], a, now);
        };
    }

    /** The header lists the model's applications send, as the receiving side must see them. */
    private static List<HeaderField> expected(Side receiver, boolean trailers) {
        if (receiver == Side.SERVER) return REQUEST_HEADERS;
        return trailers ? TRAILERS : RESPONSE_HEADERS;
    }

    // ------------------------------------------------------------------ driving by hand (properties)

    /** {@code w} after {@code side} handled {@code event}, its effects carried like a transport would. */
    public World apply(World w, Side side, EndpointEvent event) throws Broken {
        Transition t = Transition.compute(-1, canon, driver, side, w.driverId(side), event, ConnectionModel::expected);
        return outcome(w, side.letter() + ": " + event, side, t, w.scriptId(), w.inboundIds(Side.SERVER), w.inboundIds(Side.CLIENT), w.now());
    }

    /** {@code w} after the oldest item on its way to {@code to} was delivered (no change when none). */
    public World deliver(World w, Side to) throws Broken {
        return w.inboundIds(to).length == 0 ? w : deliverOldest(w, to);
    }

    /** Delivers everything in flight, both ways, until both pipes are empty. */
    public World settle(World w) throws Broken {
        while (w.inboundIds(Side.SERVER).length > 0 || w.inboundIds(Side.CLIENT).length > 0) {
            while (w.inboundIds(Side.SERVER).length > 0) w = deliver(w, Side.SERVER);
            while (w.inboundIds(Side.CLIENT).length > 0) w = deliver(w, Side.CLIENT);
        }
        return w;
    }

    /** The initial state. */
    public World start() {
        return initial().get(0);
    }

    /** The request header list the model's client sends. */
    public static List<HeaderField> requestHeaders() {
        return REQUEST_HEADERS;
    }

    /** The response header list the model's server sends. */
    public static List<HeaderField> responseHeaders() {
        return RESPONSE_HEADERS;
    }

    /** An encoded request block of static-table indices only, for HEADERS frames built by hand (it changes no HPACK table). */
    public static Bytes staticRequestBlock() {
        return STATIC_REQUEST_BLOCK;
    }

    // ------------------------------------------------------------------ checks

    @Override
    public String invariant(World w) {
        return checks.invariant(w);
    }

    @Override
    public String deadlock(World w) {
        return checks.deadlock(w);
    }

    @Override
    public int packedLength(World w) {
        return w.packedLength();
    }

    @Override
    public int pack(World w, int[] buf) {
        return w.pack(buf);
    }

    @Override
    public String describe(World w) {
        return w.toString();
    }

    /** Distinct driver states met so far (both sides). */
    public int driverStates() {
        return canon.drivers();
    }

    /** Distinct driver steps computed so far (the rest of the transitions reused one). */
    public int driverSteps() {
        return steps.size();
    }
}
