package io.grpcspec.property.model.call;

import io.grpcspec.property.model.Driver;
import io.grpcspec.property.model.Item;
import io.grpcspec.property.model.Side;
import io.grpcspec.property.model.TransitionSystem;
import io.grpcspec.property.model.call.CallWorld.Budget;
import io.grpcspec.property.model.call.CallWorld.ClientApp;
import io.grpcspec.property.model.call.CallWorld.ServerSide;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.GoAwayState;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.driver.CallDriver;
import io.grpcspec.spec.driver.DriverState;
import io.grpcspec.spec.driver.Effect;
import io.grpcspec.spec.driver.EndpointDriver;
import io.grpcspec.spec.driver.StreamReport;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.grpc.CallConfig;
import io.grpcspec.spec.grpc.ClientCall;
import io.grpcspec.spec.grpc.ClientCallEvent;
import io.grpcspec.spec.grpc.GrpcMessage;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.RequestHeaders;
import io.grpcspec.spec.grpc.ServerCall;
import io.grpcspec.spec.grpc.ServerCallEvent;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.Preface;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Calls in the model: the client and server {@code Endpoint}s of the connection model, each run
 * by production's {@link EndpointDriver}, with real call machines on top ({@code ClientCall} on
 * the client, one {@code ServerCall} per request stream on the server), joined to their streams
 * by production's {@link CallDriver} exactly as {@code client.StreamCall} and
 * {@code server.ServerStream} join them: call actions become endpoint events through
 * {@link CallDriver#toEndpoint}, stream deliveries become call events through
 * {@link CallDriver#toClient}/{@link CallDriver#toServer}, a call's violation is answered with
 * {@link CallDriver#reset}. What the glue answers itself is answered the same way here: an open
 * with {@link CallDriver#opened}, a request with {@code MethodResolved} and unbounded demand, a
 * pick for a transparent retry with the same connection (or a failure when it must be avoided).
 *
 * <p>Moves, in a fixed order: deliver the oldest item to the server, to the client (unless that
 * side pauses reading, LIM-5); the client application starts the call (with or without a
 * deadline), sends a message, half-closes, takes a delivered message, cancels; each server
 * application takes a delivered message, sends a response message, finishes with OK once it has
 * read the whole request and sent its messages, or finishes early with an error; the server
 * shuts down (gracefully, or at once); the earliest armed call deadline fires (the clock moves to it).
 * Endpoint timers (keepalive, handshake, SETTINGS ACK) are armed but never fire here: the
 * connection model explores them.
 *
 * <p>Checks. Every state: each call reports at most one status; request and response messages
 * arrive in order, without loss or duplication, and only ones that were sent. Every step: no
 * endpoint reports a violation by its conforming peer or refuses a call's request, no call
 * machine reports a peer fault or refuses its application, and a transparent retry never
 * abandons a stream whose request reached the server's application. Where only disruptive moves
 * (cancel, early error, shutdown, deadline) are left, every call must have ended: a call whose
 * applications read everything never stalls (receive credit never strands). Every call that
 * ended: the statuses agree as gRPC promises ({@link #agreement}).
 */
public final class CallModel implements TransitionSystem<CallWorld> {

    private static final String AUTHORITY = "model";
    private static final String PATH = "/model.Echo/Chat";

    private final CallBounds bounds;
    private final CallMachines machines;
    private final Driver driver;
    private final CallConfig callConfig;

    public CallModel(CallBounds bounds) {
        this(bounds, CallMachines.REAL);
    }

    public CallModel(CallBounds bounds, CallMachines machines) {
        this.bounds = bounds;
        this.machines = machines;
        this.driver = Driver.REAL;
        // Credit waits for the application (RPC-38): a receive backlog of 0 makes every message's credit do so.
        this.callConfig = new CallConfig(1 << 20, 1 << 20, List.of()).withReceiveBacklog(0);
    }

    public CallBounds bounds() {
        return bounds;
    }

    /** Both endpoints' defaults with the bound's stream window. */
    static EndpointConfig config(Side side, CallBounds b) {
        EndpointConfig base = side == Side.CLIENT ? EndpointConfig.client() : EndpointConfig.server();
        Settings s = base.connection().settings();
        return base.withSettings(new Settings(s.headerTableSize(), s.enablePush(), s.maxConcurrentStreams(), b.streamWindow(),
                s.maxFrameSize(), s.maxHeaderListSize()));
    }

    /** Response (server) and request (client) message number {@code n}: each message's bytes say which it is. */
    private GrpcMessage message(Side from, int n) {
        byte[] b = new byte[bounds.messageBytes()];
        java.util.Arrays.fill(b, (byte) ((from == Side.SERVER ? 0x40 : 0) | n));
        return GrpcMessage.of(Bytes.of(b));
    }

    /** Which message a delivered payload is: its number, or -1 for bytes no application sent. */
    private int number(Side from, Bytes payload) {
        if (payload.length() != bounds.messageBytes() || payload.length() == 0) return -1;
        int first = payload.toByteArray()[0] & 0xff;
        int n = from == Side.SERVER ? first - 0x40 : first;
        return n >= 0 && payload.equals(message(from, n).payload()) ? n : -1;
    }

    @Override
    public List<CallWorld> initial() {
        Sim s = new Sim(new CallWorld(EndpointDriver.initial(config(Side.CLIENT, bounds)), EndpointDriver.initial(config(Side.SERVER, bounds)),
                List.of(), List.of(), ClientCall.create(callConfig), ClientApp.START, List.of(), 0,
                new Budget(bounds.cancels(), bounds.errors(), bounds.shutdowns(), bounds.fires())));
        s.endpoint(Side.SERVER, new EndpointEvent.Start(0, 0));
        s.endpoint(Side.CLIENT, new EndpointEvent.Start(0, 0));
        if (s.broken != null) throw new IllegalStateException("start failed: " + s.broken);
        return List.of(s.freeze());
    }

    // ------------------------------------------------------------------ moves

    /** What one move does to the world, as the glue would do it. */
    private interface Move {
        void run(Sim s);
    }

    @Override
    public List<Edge<CallWorld>> successors(CallWorld w) throws Broken {
        List<Edge<CallWorld>> out = new ArrayList<>();
        boolean progress = false;
        for (Side to : new Side[] {Side.SERVER, Side.CLIENT}) {
            List<Item> in = to == Side.SERVER ? w.toServer() : w.toClient();
            DriverState d = to == Side.SERVER ? w.server() : w.client();
            if (!in.isEmpty() && !d.endpoint().readingPaused()) {
                out.add(edge(w, "deliver to " + to + ": " + in.get(0), s -> s.deliverOldest(to)));
                progress = true;
            }
        }
        ClientApp app = w.app();
        ClientCall call = w.call();
        if (!app.started() && w.client().endpoint().ready() && w.client().endpoint().canOpenStream()) {
            out.add(edge(w, "client: start", s -> s.start(false)));
            if (bounds.deadlineNanos() > 0) out.add(edge(w, "client: start with deadline", s -> s.start(true)));
            progress = true;
        }
        if (app.started() && call.phase().requestOpen()) {
            if (app.sent() < bounds.clientMessages()) {
                out.add(edge(w, "client: send message " + app.sent(), Sim::clientSend));
            } else {
                out.add(edge(w, "client: half-close", Sim::clientHalfClose));
            }
            progress = true;
        }
        if (call.inbox().delivering()) {
            out.add(edge(w, "client: take message", s -> s.clientEvent(new ClientCallEvent.MessageDelivered())));
            progress = true;
        }
        for (ServerSide ss : w.servers()) {
            int id = ss.streamId();
            if (ss.call().inbox().delivering()) {
                out.add(edge(w, "server " + id + ": take message", s -> s.serverEvent(id, new ServerCallEvent.MessageDelivered())));
                progress = true;
            }
            if (ss.requestSeen() && ss.finishedWith() == null && ss.call().phase().live()) {
                if (ss.sent() < bounds.serverMessages()) {
                    out.add(edge(w, "server " + id + ": send message " + ss.sent(), s -> s.serverSend(id)));
                    progress = true;
                } else if (ss.halfCloseSeen()) {
                    out.add(edge(w, "server " + id + ": finish OK", s -> s.serverFinish(id, Status.of(StatusCode.OK, ""))));
                    progress = true;
                }
            }
        }
        // Disruptive moves: they end calls early, so a state with only these left must have no call open.
        if (app.started() && call.phase() != ClientCall.Phase.CLOSED && w.budget().cancels() > 0) {
            out.add(edge(w, "client: cancel", Sim::clientCancel));
        }
        for (ServerSide ss : w.servers()) {
            int id = ss.streamId();
            if (ss.requestSeen() && ss.finishedWith() == null && ss.call().phase().live() && w.budget().errors() > 0) {
                out.add(edge(w, "server " + id + ": finish ABORTED", s -> s.serverFinish(id, Status.of(StatusCode.ABORTED, "model error"))));
            }
        }
        if (w.budget().shutdowns() > 0 && w.server().endpoint().ready() && w.server().endpoint().goAwaySent() == GoAwayState.Sent.NONE
                && !w.server().endpoint().closed()) {
            out.add(edge(w, "server: graceful shutdown", s -> s.shutdown(true)));
            out.add(edge(w, "server: immediate shutdown", s -> s.shutdown(false)));
        }
        if (w.budget().fires() > 0) fireMoves(w, out);
        if (!progress && !w.callsDone()) {
            throw new Broken("(no progress move left)", "stalled: only cancels, errors, shutdowns or deadlines could end the call(s): " + w);
        }
        return out;
    }

    private void fireMoves(CallWorld w, List<Edge<CallWorld>> out) throws Broken {
        long earliest = Long.MAX_VALUE;
        if (w.app().deadlineDue() >= 0) earliest = w.app().deadlineDue();
        for (ServerSide ss : w.servers()) if (ss.deadlineDue() >= 0) earliest = Math.min(earliest, ss.deadlineDue());
        if (earliest == Long.MAX_VALUE) return;
        long at = earliest;
        if (w.app().deadlineDue() == at) out.add(edge(w, "client: deadline fires at " + at / 1_000_000 + "ms", s -> s.clientDeadline(at)));
        for (ServerSide ss : w.servers()) {
            int id = ss.streamId();
            if (ss.deadlineDue() == at) out.add(edge(w, "server " + id + ": deadline fires at " + at / 1_000_000 + "ms", s -> s.serverDeadline(id, at)));
        }
    }

    private Edge<CallWorld> edge(CallWorld w, String label, Move m) throws Broken {
        Sim s = new Sim(w);
        m.run(s);
        if (s.broken != null) throw new Broken(label, s.broken);
        CallWorld next = s.freeze();
        String bad = agreement(next);
        if (bad != null) throw new Broken(label, bad);
        return new Edge<>(label, next);
    }

    // ------------------------------------------------------------------ checks

    @Override
    public String invariant(CallWorld w) {
        ClientApp app = w.app();
        if (app.statuses().size() > 1) return "the client call reported " + app.statuses().size() + " statuses: " + app.statuses();
        String bad = inOrder("client", app.received(), maxSent(w));
        if (bad != null) return bad;
        for (ServerSide ss : w.servers()) {
            if (ss.statuses().size() > 1) return "server call " + ss.streamId() + " reported " + ss.statuses().size() + " statuses: " + ss.statuses();
            bad = inOrder("server call " + ss.streamId(), ss.received(), app.sent());
            if (bad != null) return bad;
        }
        return null;
    }

    private static int maxSent(CallWorld w) {
        int m = 0;
        for (ServerSide ss : w.servers()) m = Math.max(m, ss.sent());
        return m;
    }

    /** Messages 0, 1, 2, ... in order, none lost, duplicated or made up, at most the {@code sent} the peer sent. */
    private static String inOrder(String who, List<Integer> received, int sent) {
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i) != i) return who + " received messages " + received + ": not 0, 1, 2, ... in order";
        }
        if (received.size() > sent) return who + " received " + received.size() + " messages, but only " + sent + " were sent";
        return null;
    }

    /**
     * How the statuses of an ended call must agree (checked after every move):
     * <ul>
     *   <li>client OK ⇒ a server application finished with OK, and the client got every response
     *       message it sent and it got every request message;</li>
     *   <li>the client cancelled ⇒ the client's status is CANCELLED, and a server call that ended
     *       without its application finishing ended CANCELLED;</li>
     *   <li>the client's deadline fired while the call was live ⇒ DEADLINE_EXCEEDED on the client;</li>
     *   <li>a server call that ended without its application finishing ended CANCELLED or, when
     *       its deadline fired, DEADLINE_EXCEEDED;</li>
     *   <li>without a cancel, a deadline or a shutdown, the client's status is the server
     *       application's (same code).</li>
     * </ul>
     */
    static String agreement(CallWorld w) {
        ClientApp app = w.app();
        Status cs = app.status();
        for (ServerSide ss : w.servers()) {
            Status st = ss.status();
            if (st == null || ss.finishedWith() != null) continue;
            boolean ok = st.code() == StatusCode.CANCELLED || (ss.deadlineHit() && st.code() == StatusCode.DEADLINE_EXCEEDED);
            if (!ok) return "server call " + ss.streamId() + " ended " + st + " without its application finishing it, and no deadline fired";
        }
        if (cs == null) return null;
        if (app.cancelled() && cs.code() != StatusCode.CANCELLED) return "the client cancelled, yet its call ended " + cs;
        if (app.deadlineHit() && cs.code() != StatusCode.DEADLINE_EXCEEDED) return "the client's deadline fired, yet its call ended " + cs;
        if (cs.code() == StatusCode.OK) {
            ServerSide done = null;
            for (ServerSide ss : w.servers()) if (ss.finishedWith() != null && ss.finishedWith().code() == StatusCode.OK) done = ss;
            if (done == null) return "the client call ended OK but no server application finished with OK";
            if (app.received().size() != done.sent()) {
                return "the client call ended OK with " + app.received().size() + " response messages; the server sent " + done.sent();
            }
            if (done.received().size() != app.sent()) {
                return "the client call ended OK but the server application got " + done.received().size() + " of " + app.sent() + " request messages";
            }
        }
        boolean disturbed = app.cancelled() || app.deadlineHit() || w.server().endpoint().goAwaySent() != GoAwayState.Sent.NONE;
        for (ServerSide ss : w.servers()) disturbed |= ss.deadlineHit();
        if (!disturbed) {
            ServerSide last = w.servers().isEmpty() ? null : w.servers().get(w.servers().size() - 1);
            if (last != null && last.finishedWith() != null && last.finishedWith().code() != cs.code()) {
                return "the server application finished with " + last.finishedWith() + " but the client call ended " + cs;
            }
            if (last == null || last.finishedWith() == null) return "the client call ended " + cs + " though no server application finished it";
        }
        return null;
    }

    @Override
    public String deadlock(CallWorld w) {
        return w.callsDone() ? null : "nothing can move, yet a call is open: " + w;
    }

    @Override
    public String describe(CallWorld w) {
        return w.toString();
    }

    // ------------------------------------------------------------------ one move, as the glue would run it

    /** A world being changed by one move: the glue's work (drivers, call machines, applications) done in place, then frozen. */
    private final class Sim {
        DriverState client;
        DriverState server;
        final ArrayList<Item> toServer;
        final ArrayList<Item> toClient;
        ClientCall call;
        ClientApp app;
        final ArrayList<ServerSide> servers;
        long now;
        Budget budget;
        String broken;
        /** The stream the client call was last assigned (the one a retry abandons). */
        int clientStream;
        /** Client call events raised while the client call steps (the glue's queue). */
        private final ArrayDeque<ClientCallEvent> clientQueue = new ArrayDeque<>();
        private boolean clientStepping;

        Sim(CallWorld w) {
            client = w.client();
            server = w.server();
            toServer = new ArrayList<>(w.toServer());
            toClient = new ArrayList<>(w.toClient());
            call = w.call();
            app = w.app();
            servers = new ArrayList<>(w.servers());
            now = w.now();
            budget = w.budget();
            clientStream = w.call().streamId();
        }

        CallWorld freeze() {
            return new CallWorld(client, server, toServer, toClient, call, app, servers, now, budget);
        }

        void fail(String why) {
            if (broken == null) broken = why;
        }

        // ---- endpoints

        /** Steps {@code side}'s driver; writes go into the pipe, deliveries to the calls. Returns the started stream (OpenStream), else 0; -1 refused. */
        int endpoint(Side side, EndpointEvent event) {
            DriverState before = side == Side.CLIENT ? client : server;
            EndpointDriver.DriverStep step = driver.step(side, before, event);
            if (side == Side.CLIENT) client = step.state();
            else server = step.state();
            List<Item> pipe = side == Side.CLIENT ? toServer : toClient;
            List<Effect> deliveries = new ArrayList<>();
            int started = 0;
            for (Effect e : step.effects()) {
                switch (e) {
                    case Effect.WritePreface p -> pipe.add(Item.PREFACE);
                    case Effect.WriteFrame(var f) -> pipe.add(new Item.FrameItem(f));
                    case Effect.WriteBlock(int id, var frames) -> frames.forEach(f -> pipe.add(new Item.FrameItem(f)));
                    case Effect.Close c -> {
                        pipe.add(Item.END);
                        deliveries.add(c);
                    }
                    case Effect.StreamStarted(int id) -> started = id;
                    case Effect.Refused(EndpointEvent refused, Violation v) -> {
                        if (refused instanceof EndpointEvent.OpenStream) started = -1;
                        // A reset of a stream already closed asks for nothing: the glue ignores the refusal
                        // (ServerCall resets after deadline trailers, which may have closed the stream, RPC-25).
                        else if (refused instanceof EndpointEvent.ResetStream r && step.state().endpoint().streamState(r.streamId()) == StreamState.CLOSED) { }
                        else fail(side + " endpoint refused the call's request " + refused + ": " + v);
                    }
                    case Effect.PeerViolation(Violation v) -> fail(side + " endpoint reported a violation by its conforming peer: " + v);
                    case Effect.PeerTolerated(Violation v) -> fail(side + " endpoint tolerated a fault of its conforming peer: " + v);
                    case Effect.ConnectionBroken b -> fail(side + " declared the connection dead: " + b.description());
                    case Effect.Headers h -> deliveries.add(h);
                    case Effect.Data d -> deliveries.add(d);
                    case Effect.PeerReset r -> deliveries.add(r);
                    case Effect.StreamClosed c -> deliveries.add(c);
                    case Effect.NotProcessed n -> deliveries.add(n);
                    case Effect.ReadLimit x -> { }
                    case Effect.ArmTimer x -> { }
                    case Effect.CancelTimer x -> { }
                    case Effect.Ready x -> { }
                    case Effect.GoingAway x -> { }
                    case Effect.PingAcked x -> { }
                    case Effect.Pending x -> { }
                }
            }
            for (Effect e : deliveries) {
                if (side == Side.CLIENT) toClientCall(e);
                else toServerCalls(e);
            }
            return started;
        }

        void deliverOldest(Side to) {
            List<Item> in = to == Side.SERVER ? toServer : toClient;
            Item it = in.remove(0);
            DriverState d = to == Side.SERVER ? server : client;
            if (d.endpoint().closed()) return; // a closed socket drops what arrives
            endpoint(to, switch (it) {
                case Item.Preface p -> new EndpointEvent.PrefaceReceived(Preface.CLIENT, now);
                case Item.FrameItem f -> new EndpointEvent.FrameReceived(f.frame(), now);
                case Item.End x -> new EndpointEvent.PeerClosed("EOF", now);
            });
        }

        /** The client transport's routing: reports of the call's current stream reach the call (Http2ClientTransport, StreamCall.Handler). */
        private void toClientCall(Effect e) {
            StreamReport r;
            int id;
            switch (e) {
                case Effect.Headers(int s, var fields, boolean end, boolean trailers) -> { id = s; r = new StreamReport.Headers(fields, end, trailers); }
                case Effect.Data(int s, Bytes data, boolean end) -> { id = s; r = new StreamReport.Data(data, end); }
                case Effect.PeerReset(int s, long code) -> { id = s; r = new StreamReport.PeerReset(code); }
                case Effect.NotProcessed(List<Integer> ids) -> {
                    if (!ids.contains(call.streamId())) return;
                    id = call.streamId();
                    r = new StreamReport.NotProcessed("stream " + id + " not processed by the server (GOAWAY)");
                }
                case Effect.Close c -> { id = call.streamId(); r = new StreamReport.ConnectionClosed(c.reason()); }
                case Effect.StreamClosed c -> { id = c.streamId(); r = new StreamReport.StreamClosed(c.how().toString()); }
                default -> throw new IllegalStateException("not a delivery: " + e);
            }
            if (id == 0 || id != call.streamId() || call.attempt() != ClientCall.Attempt.OPEN) return; // stale: no handler
            ClientCallEvent ev = CallDriver.toClient(r, now);
            if (ev != null) clientEvent(ev);
        }

        /** The server's dispatcher: a request's first header block starts a call; reports go to the stream's call. */
        private void toServerCalls(Effect e) {
            switch (e) {
                case Effect.Headers(int id, var fields, boolean end, boolean trailers) -> report(id, new StreamReport.Headers(fields, end, trailers));
                case Effect.Data(int id, Bytes data, boolean end) -> report(id, new StreamReport.Data(data, end));
                case Effect.PeerReset(int id, long code) -> report(id, new StreamReport.PeerReset(code));
                case Effect.StreamClosed(int id, var how) -> report(id, new StreamReport.StreamClosed(how.toString()));
                case Effect.Close c -> {
                    for (ServerSide ss : List.copyOf(servers)) report(ss.streamId(), new StreamReport.ConnectionClosed(c.reason()));
                }
                case Effect.NotProcessed n -> { } // a server opens no streams
                default -> throw new IllegalStateException("not a delivery: " + e);
            }
        }

        private void report(int id, StreamReport r) {
            int at = indexOf(id);
            if (at < 0) {
                if (!CallDriver.startsServerCall(r)) return;
                servers.add(new ServerSide(id, ServerCall.start(id, callConfig), false, false, List.of(), 0, null, false, -1, false, List.of()));
                servers.sort(java.util.Comparator.comparingInt(ServerSide::streamId));
            }
            ServerCallEvent ev = CallDriver.toServer(r, now);
            if (ev != null) serverEvent(id, ev);
        }

        private int indexOf(int id) {
            for (int i = 0; i < servers.size(); i++) if (servers.get(i).streamId() == id) return i;
            return -1;
        }

        // ---- the client call (StreamCall)

        void start(boolean withDeadline) {
            app = new ClientApp(true, app.sent(), app.halfClosed(), app.received(), app.deadlineDue(), false, false, app.statuses());
            OptionalLong deadline = withDeadline ? OptionalLong.of(now + bounds.deadlineNanos()) : OptionalLong.empty();
            clientEvent(new ClientCallEvent.StartCall(RequestHeaders.of("http", AUTHORITY, PATH), deadline, now));
            // The application reads as fast as messages come (a blocking or async stub asking for all).
            clientEvent(new ClientCallEvent.RequestMessages(Long.MAX_VALUE));
        }

        void clientSend() {
            GrpcMessage m = message(Side.CLIENT, app.sent());
            app = new ClientApp(true, app.sent() + 1, app.halfClosed(), app.received(), app.deadlineDue(), app.cancelled(), app.deadlineHit(), app.statuses());
            clientEvent(new ClientCallEvent.SendRequestMessage(m, m.payload().length(), false));
        }

        void clientHalfClose() {
            app = new ClientApp(true, app.sent(), true, app.received(), app.deadlineDue(), app.cancelled(), app.deadlineHit(), app.statuses());
            clientEvent(new ClientCallEvent.HalfClose());
        }

        void clientCancel() {
            budget = new Budget(budget.cancels() - 1, budget.errors(), budget.shutdowns(), budget.fires());
            boolean live = call.phase() != ClientCall.Phase.CLOSED;
            app = new ClientApp(true, app.sent(), app.halfClosed(), app.received(), app.deadlineDue(), live, app.deadlineHit(), app.statuses());
            clientEvent(new ClientCallEvent.CancelCall("the application cancelled"));
        }

        void clientEvent(ClientCallEvent first) {
            clientQueue.add(first);
            if (clientStepping) return; // the outer loop steps it, in order
            clientStepping = true;
            try {
                while (!clientQueue.isEmpty()) {
                    ClientCallEvent e = clientQueue.poll();
                    switch (machines.client(call, e)) {
                        case Step.Violated<ClientCall>(Violation v) -> {
                            if (call.streamId() != 0) endpoint(Side.CLIENT, CallDriver.toEndpoint(CallDriver.reset(v), call.streamId(), now));
                            clientQueue.add(CallDriver.clientResetSent(v));
                        }
                        case Step.Next<ClientCall>(ClientCall next, List<Action> actions) -> {
                            ClientCall before = call;
                            call = next;
                            for (Action a : actions) performClient((CallAction.Client) a, before);
                        }
                    }
                }
            } finally {
                clientStepping = false;
            }
        }

        private void performClient(CallAction.Client a, ClientCall before) {
            switch (a) {
                case CallAction.OpenStream open -> {
                    int id = endpoint(Side.CLIENT, CallDriver.toEndpoint(open, 0, now));
                    if (id > 0) clientStream = id;
                    clientQueue.add(CallDriver.opened(Math.max(id, 0), id < 0 ? "refused by the endpoint" : null));
                }
                case CallAction.OnStream onStream -> endpoint(Side.CLIENT, CallDriver.toEndpoint(onStream, call.streamId(), now));
                case CallAction.ArmDeadline(long delay) -> app = withClientDeadline(now + delay);
                case CallAction.CancelDeadline c -> app = withClientDeadline(-1);
                case CallAction.PickTransport(boolean avoidCurrent) -> {
                    // A transparent retry: the server's application must never have seen the abandoned stream.
                    int abandoned = before.streamId() != 0 ? before.streamId() : clientStream;
                    int at = indexOf(abandoned);
                    if (at >= 0 && servers.get(at).requestSeen()) {
                        fail("the client retries transparently, but the server application processed stream " + abandoned + ": the call would run twice");
                    }
                    // The model has one connection: a retry that must avoid it finds none.
                    clientQueue.add(avoidCurrent ? new ClientCallEvent.PickFailed("no other connection")
                            : new ClientCallEvent.TransportPicked(now));
                }
                case CallAction.DeliverResponseHeaders h -> { }
                case CallAction.DeliverMessage d -> {
                    List<Integer> got = new ArrayList<>(app.received());
                    got.add(number(Side.SERVER, d.message().payload()));
                    app = new ClientApp(app.started(), app.sent(), app.halfClosed(), got, app.deadlineDue(), app.cancelled(), app.deadlineHit(), app.statuses());
                }
                case CallAction.Complete c -> {
                    List<Status> st = new ArrayList<>(app.statuses());
                    st.add(c.status());
                    // The glue stops the deadline timer when the call closes.
                    app = new ClientApp(app.started(), app.sent(), app.halfClosed(), app.received(), -1, app.cancelled(), app.deadlineHit(), st);
                }
                case CallAction.PeerFault f -> fail("the client call blames its conforming server: " + f.rule().id() + ": " + f.detail());
                case CallAction.Refused r -> fail("the client call refused its application: " + r.reason());
            }
        }

        private ClientApp withClientDeadline(long due) {
            return new ClientApp(app.started(), app.sent(), app.halfClosed(), app.received(), due, app.cancelled(), app.deadlineHit(), app.statuses());
        }

        void clientDeadline(long at) {
            now = at;
            budget = new Budget(budget.cancels(), budget.errors(), budget.shutdowns(), budget.fires() - 1);
            boolean live = call.phase().live();
            app = new ClientApp(app.started(), app.sent(), app.halfClosed(), app.received(), -1, app.cancelled(), app.deadlineHit() || live, app.statuses());
            clientEvent(new ClientCallEvent.DeadlineExpired(at));
        }

        // ---- server calls (ServerStream)

        /** Server call events raised while a server call steps, with their stream (the glue defers deliveries likewise). */
        private final ArrayDeque<Object[]> serverQueue = new ArrayDeque<>();
        private boolean serverStepping;

        void serverEvent(int id, ServerCallEvent first) {
            serverQueue.add(new Object[] {id, first});
            if (serverStepping) return;
            serverStepping = true;
            try {
                while (!serverQueue.isEmpty()) {
                    Object[] next = serverQueue.poll();
                    serverStep((Integer) next[0], (ServerCallEvent) next[1]);
                }
            } finally {
                serverStepping = false;
            }
        }

        private void serverStep(int id, ServerCallEvent e) {
            int at = indexOf(id);
            if (at < 0) return;
            ServerSide ss = servers.get(at);
            switch (machines.server(ss.call(), e)) {
                case Step.Violated<ServerCall>(Violation v) -> {
                    endpoint(Side.SERVER, CallDriver.toEndpoint(CallDriver.reset(v), id, now));
                    serverQueue.add(new Object[] {id, CallDriver.serverResetSent(v)});
                }
                case Step.Next<ServerCall>(ServerCall next, List<Action> actions) -> {
                    set(id, with(servers.get(indexOf(id)), next));
                    for (Action a : actions) performServer(id, (CallAction.Server) a);
                    // LIM-5: the connection hears once that a closed call has no application work left.
                    if (next.phase() == ServerCall.Phase.CLOSED && ss.call().phase() != ServerCall.Phase.CLOSED) {
                        endpoint(Side.SERVER, new EndpointEvent.CallFinished(id, now));
                    }
                }
            }
        }

        private void performServer(int id, CallAction.Server a) {
            ServerSide ss = servers.get(indexOf(id));
            switch (a) {
                case CallAction.OnStream onStream -> endpoint(Side.SERVER, CallDriver.toEndpoint(onStream, id, now));
                case CallAction.ArmDeadline(long delay) -> set(id, deadline(ss, now + delay, ss.deadlineHit()));
                case CallAction.CancelDeadline c -> set(id, deadline(ss, -1, ss.deadlineHit()));
                case CallAction.DeliverRequest r -> {
                    set(id, new ServerSide(id, ss.call(), true, ss.halfCloseSeen(), ss.received(), ss.sent(), ss.finishedWith(), ss.cancelSeen(),
                            ss.deadlineDue(), ss.deadlineHit(), ss.statuses()));
                    serverQueue.add(new Object[] {id, new ServerCallEvent.MethodResolved(true)});
                    serverQueue.add(new Object[] {id, new ServerCallEvent.RequestMessages(Long.MAX_VALUE)});
                }
                case CallAction.DeliverMessage d -> {
                    List<Integer> got = new ArrayList<>(ss.received());
                    got.add(number(Side.CLIENT, d.message().payload()));
                    set(id, new ServerSide(id, ss.call(), ss.requestSeen(), ss.halfCloseSeen(), got, ss.sent(), ss.finishedWith(), ss.cancelSeen(),
                            ss.deadlineDue(), ss.deadlineHit(), ss.statuses()));
                }
                case CallAction.DeliverHalfClose h -> set(id, new ServerSide(id, ss.call(), ss.requestSeen(), true, ss.received(), ss.sent(),
                        ss.finishedWith(), ss.cancelSeen(), ss.deadlineDue(), ss.deadlineHit(), ss.statuses()));
                case CallAction.DeliverCancel c -> set(id, new ServerSide(id, ss.call(), ss.requestSeen(), ss.halfCloseSeen(), ss.received(), ss.sent(),
                        ss.finishedWith(), true, ss.deadlineDue(), ss.deadlineHit(), ss.statuses()));
                case CallAction.Complete c -> {
                    List<Status> st = new ArrayList<>(ss.statuses());
                    st.add(c.status());
                    set(id, new ServerSide(id, ss.call(), ss.requestSeen(), ss.halfCloseSeen(), ss.received(), ss.sent(), ss.finishedWith(),
                            ss.cancelSeen(), -1, ss.deadlineHit(), st));
                }
                case CallAction.PeerFault f -> fail("server call " + id + " blames its conforming client: " + f.rule().id() + ": " + f.detail());
                case CallAction.Refused r -> fail("server call " + id + " refused its application: " + r.reason());
            }
        }

        private ServerSide with(ServerSide ss, ServerCall c) {
            return new ServerSide(ss.streamId(), c, ss.requestSeen(), ss.halfCloseSeen(), ss.received(), ss.sent(), ss.finishedWith(),
                    ss.cancelSeen(), ss.deadlineDue(), ss.deadlineHit(), ss.statuses());
        }

        private ServerSide deadline(ServerSide ss, long due, boolean hit) {
            return new ServerSide(ss.streamId(), ss.call(), ss.requestSeen(), ss.halfCloseSeen(), ss.received(), ss.sent(), ss.finishedWith(),
                    ss.cancelSeen(), due, hit, ss.statuses());
        }

        private void set(int id, ServerSide ss) {
            servers.set(indexOf(id), ss);
        }

        void serverSend(int id) {
            ServerSide ss = servers.get(indexOf(id));
            set(id, new ServerSide(id, ss.call(), ss.requestSeen(), ss.halfCloseSeen(), ss.received(), ss.sent() + 1, ss.finishedWith(),
                    ss.cancelSeen(), ss.deadlineDue(), ss.deadlineHit(), ss.statuses()));
            serverEvent(id, new ServerCallEvent.SendResponseMessage(message(Side.SERVER, ss.sent())));
        }

        void serverFinish(int id, Status status) {
            ServerSide ss = servers.get(indexOf(id));
            if (status.code() != StatusCode.OK) budget = new Budget(budget.cancels(), budget.errors() - 1, budget.shutdowns(), budget.fires());
            set(id, new ServerSide(id, ss.call(), ss.requestSeen(), ss.halfCloseSeen(), ss.received(), ss.sent(), status,
                    ss.cancelSeen(), ss.deadlineDue(), ss.deadlineHit(), ss.statuses()));
            serverEvent(id, new ServerCallEvent.FinishCall(status, Metadata.EMPTY));
        }

        void serverDeadline(int id, long at) {
            now = at;
            budget = new Budget(budget.cancels(), budget.errors(), budget.shutdowns(), budget.fires() - 1);
            ServerSide ss = servers.get(indexOf(id));
            set(id, deadline(ss, -1, ss.deadlineHit() || ss.call().phase().live()));
            serverEvent(id, new ServerCallEvent.DeadlineExpired(at));
        }

        void shutdown(boolean graceful) {
            budget = new Budget(budget.cancels(), budget.errors(), budget.shutdowns() - 1, budget.fires());
            endpoint(Side.SERVER, new EndpointEvent.Shutdown(graceful, 0x5EED, now));
        }
    }
}
