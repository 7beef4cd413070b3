package io.grpcspec.property.model;

import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.endpoint.Endpoint;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.keepalive.EnforcementPolicy;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The composed system the model checker explores: a conforming client {@code Endpoint} and a
 * conforming server {@code Endpoint}, each run by the {@link EndpointDriver} the socket
 * transport runs (real HPACK both ways, header blocks cut into HEADERS + CONTINUATION, HPACK
 * outcomes fed back to the machine, timers booked), joined by two in-order pipes, driven by
 * nondeterministic applications within {@link Bounds}. This class only carries the driver's
 * effects: writes go into the pipe, deliveries into the {@link Script}.
 *
 * <p>Transitions of a state, in a fixed order (so counterexamples replay): deliver the oldest
 * item to the server, to the client (unless that side's machine pauses reading, LIM-5); then each side's application actions — open a stream
 * (client), send response headers / trailers (server), send a message of 1..n units, consume
 * what arrived, reset a stream, change SETTINGS_INITIAL_WINDOW_SIZE, PING, graceful shutdown.
 *
 * <p>Time is frozen at 0: timers are armed and cancelled but never fire (settings-ACK and
 * handshake timeouts, keepalive). The server's ping policing therefore sees every PING as early;
 * the model lets it permit PINGs at any rate, which is the documented configuration knob, so
 * that application PINGs are not mistaken for abuse.
 *
 * <p>Checks: a violation either side reports (a rule broken between conforming peers, or an
 * application call the machine refused) breaks the transition; {@link #invariant} at every
 * state; GOAWAY monotonicity on every transition; {@link #deadlock} where nothing moves.
 */
public final class ConnectionModel implements TransitionSystem<World> {

    private static final List<HeaderField> REQUEST_HEADERS = List.of(new HeaderField(":method", "POST"),
            new HeaderField(":scheme", "http"), new HeaderField(":path", "/m"));
    private static final List<HeaderField> RESPONSE_HEADERS = List.of(new HeaderField(":status", "200"));
    private static final List<HeaderField> TRAILERS = List.of(new HeaderField("grpc-status", "0"));
    /** A request block of static-table indices only (:method POST, :scheme http): frames built by hand leave HPACK tables alone. */
    private static final Bytes STATIC_REQUEST_BLOCK = Bytes.of((byte) 0x83, (byte) 0x86);

    private final Bounds bounds;
    private final EndpointDriver clientDriver;
    private final EndpointDriver serverDriver;
    private final Bytes[] messageOfUnits;
    private final EndpointInterner interner = new EndpointInterner();

    public ConnectionModel(Bounds bounds) {
        this(bounds, Machine.REAL);
    }

    public ConnectionModel(Bounds bounds, Machine machine) {
        this.bounds = bounds;
        this.clientDriver = new EndpointDriver(machine.on(Side.CLIENT));
        this.serverDriver = new EndpointDriver(machine.on(Side.SERVER));
        this.messageOfUnits = new Bytes[bounds.maxMessageUnits() + 1];
        for (int n = 1; n <= bounds.maxMessageUnits(); n++) messageOfUnits[n] = Bytes.of(new byte[n * Bounds.UNIT]);
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
        // Time never advances in the model, so every PING would look early: permit them unless asked.
        return b.strictPings() ? c : c.withEnforcement(new EnforcementPolicy(0, true));
    }

    @Override
    public List<World> initial() {
        Tx tx = new Tx(new World(EndpointDriver.initial(config(Side.CLIENT, bounds)),
                EndpointDriver.initial(config(Side.SERVER, bounds)), List.of(), List.of(), Script.start(bounds)));
        try {
            tx.apply(Side.SERVER, new EndpointEvent.Start(0, 0));
            tx.apply(Side.CLIENT, new EndpointEvent.Start(0, 0));
        } catch (Broken b) {
            throw new IllegalStateException("start failed: " + b.getMessage());
        }
        return List.of(tx.world());
    }

    /** A transition label: who did what. */
    record Move(Side side, String what) {
        @Override
        public String toString() {
            return side.letter() + ": " + what;
        }
    }

    @Override
    public List<Edge<World>> successors(World w) throws Broken {
        List<Edge<World>> out = new ArrayList<>();
        for (Side to : Side.values()) {
            List<Item> in = w.inbound(to);
            if (in.isEmpty()) continue;
            // LIM-5: a side whose machine pauses reading takes nothing from its pipe, as the transport's reader waits.
            if (w.endpoint(to).readingPaused()) continue;
            Item head = in.get(0);
            Move move = new Move(to, "<- " + head);
            Tx tx = new Tx(w, move);
            tx.popInbound(to);
            if (!tx.endpoint(to).closed()) {
                if (head instanceof Item.Preface) tx.apply(to, new EndpointEvent.PrefaceReceived(Preface.CLIENT, 0));
                else if (head instanceof Item.FrameItem f) tx.apply(to, new EndpointEvent.FrameReceived(f.frame(), 0));
                else tx.apply(to, new EndpointEvent.PeerClosed("EOF", 0));
            }
            out.add(tx.edge());
        }
        for (Side side : Side.values()) applicationMoves(w, side, out);
        return out;
    }

    private void applicationMoves(World w, Side side, List<Edge<World>> out) throws Broken {
        Endpoint e = w.endpoint(side);
        if (!e.ready()) return;
        Script s = w.script();
        boolean room = w.outbound(side).size() < bounds.inFlight();
        boolean client = side == Side.CLIENT;

        if (client && room && s.opened() < bounds.streams() && e.canOpenStream()) {
            Tx tx = new Tx(w, new Move(side, "open stream"));
            tx.script = tx.script.withOpened(s.opened() + 1);
            tx.apply(side, new EndpointEvent.OpenStream(REQUEST_HEADERS, false, 0));
            out.add(tx.edge());
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
                        Tx tx = new Tx(w, new Move(side, "send " + n + "u on stream " + id + (last ? " + END_STREAM" : "")));
                        tx.script = tx.script.withConv(c.withClientSent(c.clientSent() + 1));
                        tx.apply(side, new EndpointEvent.SendData(id, messageOfUnits[n], last, 0));
                        out.add(tx.edge());
                    }
                }
                if (!client && c.serverKnows()) {
                    if (c.serverPhase() == 0) {
                        Tx tx = new Tx(w, new Move(side, "response headers on stream " + id));
                        tx.script = tx.script.withConv(c.withServerPhase(1));
                        tx.apply(side, new EndpointEvent.SendHeaders(id, RESPONSE_HEADERS, false, 0));
                        out.add(tx.edge());
                    } else if (c.serverPhase() == 1 && c.serverSent() < bounds.messages()) {
                        for (int n = 1; n <= bounds.maxMessageUnits(); n++) {
                            Tx tx = new Tx(w, new Move(side, "send " + n + "u on stream " + id));
                            tx.script = tx.script.withConv(c.withServerSent(c.serverSent() + 1));
                            tx.apply(side, new EndpointEvent.SendData(id, messageOfUnits[n], false, 0));
                            out.add(tx.edge());
                        }
                    } else if (c.serverPhase() == 1) {
                        Tx tx = new Tx(w, new Move(side, "trailers on stream " + id));
                        tx.script = tx.script.withConv(c.withServerPhase(2));
                        tx.apply(side, new EndpointEvent.SendHeaders(id, TRAILERS, true, 0));
                        out.add(tx.edge());
                    }
                }
            }
            int unread = c.unread(client);
            if (unread > 0) {
                Tx tx = new Tx(w, new Move(side, "consume " + units(unread) + " on stream " + id));
                tx.script = tx.script.withConv(c.withUnread(client, 0));
                tx.apply(side, new EndpointEvent.Consumed(id, unread, 0));
                out.add(tx.edge());
            }
            // The application waits for a message the window cannot hold (INITIAL_WINDOW_SIZE may be 0):
            // it says so, and the machine grants room for it (FC-13), as gRPC's read path does.
            OptionalInt rw = e.streamReceiveWindow(id);
            if (rw.isPresent() && rw.getAsInt() < Bounds.UNIT && peerMaySend(st)) {
                int size = bounds.maxMessageUnits() * Bounds.UNIT;
                Tx tx = new Tx(w, new Move(side, "await a message of " + units(size) + " on stream " + id));
                tx.apply(side, new EndpointEvent.MessagePending(id, size, 0));
                out.add(tx.edge());
            }
            if (room && live && s.resetsLeft() > 0) {
                Tx tx = new Tx(w, new Move(side, "reset stream " + id));
                tx.script = tx.script.usedReset();
                tx.apply(side, new EndpointEvent.ResetStream(id, ErrorCode.CANCEL, 0));
                out.add(tx.edge());
            }
        }
        if (room && s.settingsLeft() > 0) {
            long current = targetInitialWindow(e);
            for (int units : bounds.windowChoices()) {
                long v = (long) units * Bounds.UNIT;
                if (v == current) continue;
                Tx tx = new Tx(w, new Move(side, "SETTINGS INITIAL_WINDOW_SIZE=" + units + "u"));
                tx.script = tx.script.usedSettings();
                tx.apply(side, new EndpointEvent.ChangeSettings(List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, v)), 0));
                out.add(tx.edge());
            }
        }
        if (room && s.pingsLeft() > 0) {
            Tx tx = new Tx(w, new Move(side, "PING " + s.pingsLeft()));
            tx.script = tx.script.usedPing();
            tx.apply(side, new EndpointEvent.SendPing(s.pingsLeft(), 0));
            out.add(tx.edge());
        }
        if (room && s.shutdownsLeft() > 0 && e.goAwaySent() == io.grpcspec.spec.connection.GoAwayState.Sent.NONE) {
            Tx tx = new Tx(w, new Move(side, "graceful shutdown"));
            tx.script = tx.script.usedShutdown();
            tx.apply(side, new EndpointEvent.Shutdown(true, 0x5EED, 0));
            out.add(tx.edge());
        }
    }

    /** The peer has not ended the stream: a reading application still waits for messages on it. */
    private static boolean peerMaySend(StreamState st) {
        return st == StreamState.OPEN || st == StreamState.HALF_CLOSED_LOCAL;
    }

    /** The INITIAL_WINDOW_SIZE the side is moving to: its latest unacknowledged SETTINGS, else the one in force. */
    private static long targetInitialWindow(Endpoint e) {
        return e.connection().settings().target().initialWindowSize();
    }

    static String units(int bytes) {
        return bytes % Bounds.UNIT == 0 ? (bytes / Bounds.UNIT) + "u" : bytes + "B";
    }

    // ------------------------------------------------------------------ driving by hand (properties)

    /** {@code w} after {@code side} handled {@code event}, its actions performed like a driver would. */
    public World apply(World w, Side side, EndpointEvent event) throws Broken {
        Tx tx = new Tx(w, new Move(side, event.toString()));
        tx.apply(side, event);
        return tx.world();
    }

    /** {@code w} after the oldest item on its way to {@code to} was delivered (no change when none). */
    public World deliver(World w, Side to) throws Broken {
        List<Item> in = w.inbound(to);
        if (in.isEmpty()) return w;
        Item head = in.get(0);
        Tx tx = new Tx(w, new Move(to, "<- " + head));
        tx.popInbound(to);
        if (!tx.endpoint(to).closed()) {
            if (head instanceof Item.Preface) tx.apply(to, new EndpointEvent.PrefaceReceived(Preface.CLIENT, 0));
            else if (head instanceof Item.FrameItem f) tx.apply(to, new EndpointEvent.FrameReceived(f.frame(), 0));
            else tx.apply(to, new EndpointEvent.PeerClosed("EOF", 0));
        }
        return tx.world();
    }

    /** Delivers everything in flight, both ways, until both pipes are empty. */
    public World settle(World w) throws Broken {
        while (!w.toServer().isEmpty() || !w.toClient().isEmpty()) {
            while (!w.toServer().isEmpty()) w = deliver(w, Side.SERVER);
            while (!w.toClient().isEmpty()) w = deliver(w, Side.CLIENT);
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

    // ------------------------------------------------------------------ one transition

    /** A transition under construction: steps each side's driver and carries its effects. */
    private final class Tx {
        private final World from;
        private final Object label;
        private DriverState client;
        private DriverState server;
        private List<Item> toServer;
        private List<Item> toClient;
        Script script;

        Tx(World w) {
            this(w, "start");
        }

        Tx(World w, Object label) {
            this.from = w;
            this.label = label;
            this.client = w.clientDriver();
            this.server = w.serverDriver();
            this.toServer = w.toServer();
            this.toClient = w.toClient();
            this.script = w.script();
        }

        Endpoint endpoint(Side side) {
            return (side == Side.CLIENT ? client : server).endpoint();
        }

        void popInbound(Side to) {
            if (to == Side.CLIENT) toClient = toClient.subList(1, toClient.size());
            else toServer = toServer.subList(1, toServer.size());
        }

        private void send(Side from, Item item) {
            if (from == Side.CLIENT) {
                List<Item> n = new ArrayList<>(toServer.size() + 1);
                n.addAll(toServer);
                n.add(item);
                toServer = n;
            } else {
                List<Item> n = new ArrayList<>(toClient.size() + 1);
                n.addAll(toClient);
                n.add(item);
                toClient = n;
            }
        }

        void apply(Side side, EndpointEvent event) throws Broken {
            boolean client = side == Side.CLIENT;
            Endpoint before = endpoint(side);
            EndpointDriver.DriverStep step = (client ? clientDriver : serverDriver).step(client ? this.client : server, event);
            if (client) this.client = step.state();
            else server = step.state();
            for (Effect e : step.effects()) {
                switch (e) {
                    case Effect.Refused(EndpointEvent refused, Violation v) ->
                            throw new Broken(label.toString(), side + " machine refused " + refused + ": " + v);
                    case Effect.PeerViolation(Violation v) ->
                            throw new Broken(label.toString(), side + " reported a violation by its conforming peer: " + v);
                    case Effect.StreamStarted(int id) -> script = script.withConv(Conv.opened(id));
                    case Effect.Data(int id, Bytes data, boolean end) -> {
                        Conv c = script.conv(id);
                        if (c != null) script = script.withConv(c.withUnread(client, c.unread(client) + data.length()));
                    }
                    case Effect.Headers(int id, List<HeaderField> fields, boolean end, boolean trailers) -> {
                        Conv c = script.conv(id);
                        if (c != null && !client && !trailers) script = script.withConv(c.withServerKnows());
                    }
                    case Effect.StreamClosed(int id, var how) -> {
                        // the machine settles the connection credit of unread bytes itself; nothing left to read
                        Conv c = script.conv(id);
                        if (c != null && c.unread(client) > 0) script = script.withConv(c.withUnread(client, 0));
                    }
                    case Effect.WritePreface p -> send(side, Item.PREFACE);
                    case Effect.WriteFrame(Frame f) -> send(side, new Item.FrameItem(f));
                    // The block's frames are consecutive in the pipe: nothing else is written in between.
                    case Effect.WriteBlock(int id, List<Frame> frames) -> frames.forEach(f -> send(side, new Item.FrameItem(f)));
                    case Effect.Close c -> send(side, Item.END);
                    // Time is frozen: timers are booked in the driver state and never fire. The rest
                    // concerns an application the script stands in for.
                    case Effect.ReadLimit x -> { }
                    case Effect.ArmTimer x -> { }
                    case Effect.CancelTimer x -> { }
                    case Effect.Ready x -> { }
                    case Effect.PeerReset x -> { }
                    case Effect.GoingAway x -> { }
                    case Effect.NotProcessed x -> { }
                    case Effect.PingAcked x -> { }
                    case Effect.ConnectionBroken x -> { }
                    case Effect.Pending x -> { }
                }
            }
            checkGoAwayMonotone(side, before, endpoint(side));
        }

        private void checkGoAwayMonotone(Side side, Endpoint before, Endpoint after) throws Broken {
            OptionalInt was = before.goAwayReceived();
            OptionalInt now = after.goAwayReceived();
            if (was.isPresent() && now.isPresent() && now.getAsInt() > was.getAsInt()) {
                throw new Broken(label.toString(), side + " accepted a GOAWAY whose last-stream-id rose from "
                        + was.getAsInt() + " to " + now.getAsInt());
            }
        }

        World world() {
            return new World(interner.intern(client), interner.intern(server), toServer, toClient, script);
        }

        Edge<World> edge() {
            return new Edge<>(label, world());
        }
    }

    // ------------------------------------------------------------------ checks

    @Override
    public String invariant(World w) {
        String bad = pipeInvariants(w, Side.CLIENT);
        if (bad == null) bad = pipeInvariants(w, Side.SERVER);
        if (bad != null) return bad;
        if (w.client().closed() || w.server().closed()) return null;
        for (Side sender : Side.values()) {
            bad = conservation(w, sender);
            if (bad != null) return bad;
        }
        return streamAgreement(w);
    }

    /** GOAWAYs in flight from {@code from} never raise the last-stream-id, neither among themselves nor over what the peer has. */
    private static String pipeInvariants(World w, Side from) {
        OptionalInt got = w.endpoint(from.other()).goAwayReceived();
        long last = got.isPresent() ? got.getAsInt() : Long.MAX_VALUE;
        for (Item it : w.outbound(from)) {
            if (it instanceof Item.FrameItem f && f.frame() instanceof GoAwayFrame g) {
                if (g.lastStreamId() > last) {
                    return "GOAWAY from " + from + " raises last-stream-id " + last + " to " + g.lastStreamId();
                }
                last = g.lastStreamId();
            }
        }
        return null;
    }

    /**
     * Flow-control conservation for data sent by {@code sender}: its view of each window equals
     * the receiver's, minus DATA in flight, minus WINDOW_UPDATE in flight back (the receiver
     * counts credit as given when it writes the update; the sender when it reads it), plus (for streams)
     * the INITIAL_WINDOW_SIZE change the sender has applied and the receiver has not yet seen
     * acknowledged. Windows stay within 2^31-1. Also: no connection credit stranded on bytes that
     * no live stream will ever consume.
     */
    private static String conservation(World w, Side sender) {
        Endpoint s = w.endpoint(sender);
        Endpoint r = w.endpoint(sender.other());
        List<Item> data = w.outbound(sender);
        List<Item> updates = w.inbound(sender);
        long expected = (long) r.connectionReceiveWindow() - dataInFlight(data, -1) - updatesInFlight(updates, 0);
        if (s.connectionSendWindow() != expected) {
            return "connection window " + sender + "->" + sender.other() + ": sender sees " + s.connectionSendWindow()
                    + ", receiver window " + r.connectionReceiveWindow() + " - in-flight DATA " + dataInFlight(data, -1)
                    + " - in-flight WINDOW_UPDATE " + updatesInFlight(updates, 0) + " = " + expected;
        }
        if (s.connectionSendWindow() > Integer.MAX_VALUE || r.connectionReceiveWindow() > Integer.MAX_VALUE) {
            return "connection window above 2^31-1";
        }
        // Every received byte the connection window still holds back must belong to a live stream
        // whose reader can free it; bytes of closed streams must have been credited (FC-9).
        long held = r.streams().flow().receive().unconsumed();
        long readable = 0;
        for (var st : r.streams().streams().values()) readable += st.flow().receive().unconsumed();
        if (held > readable) {
            return "connection credit stranded at " + sender.other() + ": " + held + " received bytes not credited back,"
                    + " but live streams hold only " + readable + " unread";
        }
        long shift = s.remoteSettings().initialWindowSize() - r.localSettings().initialWindowSize();
        for (int id : s.liveStreams()) {
            StreamState st = s.streamState(id);
            if (st != StreamState.OPEN && st != StreamState.HALF_CLOSED_REMOTE) continue; // END_STREAM sent: window moot
            OptionalInt sw = s.streamSendWindow(id);
            OptionalInt rw = r.streamReceiveWindow(id);
            if (sw.isEmpty() || rw.isEmpty()) continue; // not live at the receiver (not arrived yet, or reset)
            long exp = (long) rw.getAsInt() - dataInFlight(data, id) - updatesInFlight(updates, id) + shift;
            if (sw.getAsInt() != exp) {
                return "stream " + id + " window " + sender + "->" + sender.other() + ": sender sees " + sw.getAsInt()
                        + ", receiver " + rw.getAsInt() + " - in-flight DATA " + dataInFlight(data, id)
                        + " - in-flight WINDOW_UPDATE " + updatesInFlight(updates, id) + " + unacknowledged"
                        + " INITIAL_WINDOW_SIZE change " + shift + " = " + exp;
            }
        }
        return null;
    }

    /** Flow-controlled DATA bytes in {@code pipe} on {@code streamId} (-1: all streams). */
    static long dataInFlight(List<Item> pipe, int streamId) {
        long n = 0;
        for (Item it : pipe) {
            if (it instanceof Item.FrameItem f && f.frame() instanceof DataFrame d && (streamId < 0 || d.streamId() == streamId)) {
                n += d.flowControlledLength();
            }
        }
        return n;
    }

    static long updatesInFlight(List<Item> pipe, int streamId) {
        long n = 0;
        for (Item it : pipe) {
            if (it instanceof Item.FrameItem f && f.frame() instanceof WindowUpdateFrame u && u.streamId() == streamId) {
                n += u.increment();
            }
        }
        return n;
    }

    /** With nothing in flight on a stream (and no GOAWAY or EOF pending), both ends agree on its state. */
    private static String streamAgreement(World w) {
        if (hasConnectionLevelChange(w.toServer()) || hasConnectionLevelChange(w.toClient())) return null;
        for (Conv c : w.script().convs()) {
            int id = c.id();
            if (onStream(w.toServer(), id) || onStream(w.toClient(), id)) continue;
            StreamState cs = w.client().streamState(id);
            StreamState ss = w.server().streamState(id);
            if (!agree(cs, ss)) return "stream " + id + " states disagree with nothing in flight: client " + cs + ", server " + ss;
        }
        return null;
    }

    private static boolean agree(StreamState client, StreamState server) {
        boolean cDone = client == StreamState.CLOSED || client == StreamState.IDLE;
        boolean sDone = server == StreamState.CLOSED || server == StreamState.IDLE;
        if (cDone || sDone) return cDone && sDone;
        return switch (client) {
            case OPEN -> server == StreamState.OPEN;
            case HALF_CLOSED_LOCAL -> server == StreamState.HALF_CLOSED_REMOTE;
            case HALF_CLOSED_REMOTE -> server == StreamState.HALF_CLOSED_LOCAL;
            default -> false;
        };
    }

    private static boolean onStream(List<Item> pipe, int id) {
        for (Item it : pipe) if (it instanceof Item.FrameItem f && f.frame().streamId() == id) return true;
        return false;
    }

    private static boolean hasConnectionLevelChange(List<Item> pipe) {
        for (Item it : pipe) {
            if (it instanceof Item.End) return true;
            if (it instanceof Item.FrameItem f && f.frame() instanceof GoAwayFrame) return true;
        }
        return false;
    }

    /**
     * A state with no transition: fine once either side is closed, or when no work remains.
     * Work = data or trailers queued for credit, bytes delivered but unread, SETTINGS not
     * acknowledged. Also checks settings agreement at quiescence.
     */
    @Override
    public String deadlock(World w) {
        if (w.client().closed() || w.server().closed()) return null;
        List<String> work = new ArrayList<>();
        for (Side side : Side.values()) {
            Endpoint e = w.endpoint(side);
            for (int id : e.liveStreams()) {
                if (e.hasQueued(id)) work.add(side + " has " + units(e.pendingBytes(id)) + " queued on stream " + id
                        + " (send window " + e.sendable(id) + ")");
            }
            if (!e.connection().settings().pending().isEmpty()) work.add(side + " waits for a SETTINGS ACK");
        }
        for (Conv c : w.script().convs()) {
            if (c.clientUnread() > 0 || c.serverUnread() > 0) work.add("unread bytes on stream " + c.id());
        }
        if (!work.isEmpty()) return "deadlock: nothing can move, yet " + String.join("; ", work);
        if (!w.client().remoteSettings().equals(w.server().localSettings())
                || !w.server().remoteSettings().equals(w.client().localSettings())) {
            return "quiescent, yet the settings disagree: client local " + w.client().localSettings() + " remote "
                    + w.client().remoteSettings() + ", server local " + w.server().localSettings() + " remote "
                    + w.server().remoteSettings();
        }
        return null;
    }

    @Override
    public Object key(World w) {
        return new WorldKey(w, interner.hash(w.clientDriver()), interner.hash(w.serverDriver()));
    }

    @Override
    public String describe(World w) {
        return w.toString();
    }
}
