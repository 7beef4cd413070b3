package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.codec.FrameErrors;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.spec.codec.HpackErrors;
import io.grpcspec.spec.codec.HpackRules;
import io.grpcspec.spec.connection.ConnectionAction;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.connection.ConnectionEvent;
import io.grpcspec.spec.connection.ConnectionLifecycle;
import io.grpcspec.spec.connection.ConnectionRules;
import io.grpcspec.spec.connection.ConnectionState;
import io.grpcspec.spec.connection.GoAwayRules;
import io.grpcspec.spec.connection.GoAwayState;
import io.grpcspec.spec.connection.Phase;
import io.grpcspec.spec.connection.SettingsChange;
import io.grpcspec.spec.connection.SettingsRules;
import io.grpcspec.spec.connection.SettingsValidation;
import io.grpcspec.spec.flow.ConnectionFlow;
import io.grpcspec.spec.flow.FlowControl;
import io.grpcspec.spec.flow.FlowControlRules;
import io.grpcspec.spec.keepalive.ConnectionManager;
import io.grpcspec.spec.keepalive.ConnectionManagerState;
import io.grpcspec.spec.keepalive.EnforcerState;
import io.grpcspec.spec.keepalive.KeepaliveAction;
import io.grpcspec.spec.keepalive.KeepaliveEvent;
import io.grpcspec.spec.keepalive.KeepalivePinger;
import io.grpcspec.spec.keepalive.KeepaliveRules;
import io.grpcspec.spec.keepalive.PingEnforcer;
import io.grpcspec.spec.keepalive.PingResponder;
import io.grpcspec.spec.keepalive.PingerState;
import io.grpcspec.spec.stream.DataFraming;
import io.grpcspec.spec.limits.Guard;
import io.grpcspec.spec.limits.Limits;
import io.grpcspec.spec.limits.LimitsRules;
import io.grpcspec.spec.limits.Progress;
import io.grpcspec.spec.limits.RateBudget;
import io.grpcspec.spec.stream.HeaderBlock;
import io.grpcspec.spec.stream.HeaderBlockAssembler;
import io.grpcspec.spec.stream.Stream;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.spec.stream.StreamEvent;
import io.grpcspec.spec.stream.StreamRules;
import io.grpcspec.spec.stream.StreamState;
import io.grpcspec.spec.stream.StreamTable;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.FrameError;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * One step of the composed machine. The component states are copied into local fields, the
 * event is routed through the components in a fixed order (spec/endpoint.md), and the result is
 * frozen into a new {@link Endpoint}. The fields change only inside this short-lived object, so
 * {@link Endpoints#step} stays a pure function of its arguments.
 *
 * <p>A violation aborts the run by throwing {@link Broken}; the caller turns it into
 * {@code Step.Violated} and the half-built state is dropped.
 */
final class EndpointRun {

    /** The payload of the PING between the two GOAWAYs when the server itself decides to drain (grpc-go's goAwayPing). */
    static final long DRAIN_PING_PAYLOAD = 0x0106010800030309L;

    /** Aborts a run with the rule the event broke. */
    static final class Broken extends RuntimeException {
        final Violation violation;

        Broken(Violation violation) {
            super(violation.toString(), null, false, false);
            this.violation = violation;
        }
    }

    private final Endpoint before;
    private final boolean answering;
    private final long now;
    private final Role role;

    private ConnectionState conn;
    private HeaderBlockAssembler assembler;
    private StreamTable table;
    private PingerState pinger;
    private EnforcerState enforcer;
    private ConnectionManagerState manager;
    private final TreeMap<Integer, OutboundQueue> outbound;
    private int cursor;
    private final List<Long> pings;
    private int activeReported;
    private Guard guard;
    private final Limits limits;
    /**
     * Over a budget, answer in place instead of aborting the run: for our application's events
     * (their violations are never answered by {@code recover}) and in the last-resort answer of
     * {@link #connectionError}, which must not fail.
     */
    private boolean overBudgetInPlace;

    private final List<Action> actions = new ArrayList<>();
    /** A CloseConnection has been emitted: nothing after it is written. */
    private boolean closing;

    /**
     * @param answering false for {@link Endpoints#step} (every broken rule aborts); true for
     *     {@link Endpoints#recover}, where the peer's stream errors and the third ping strike are
     *     answered in place and only connection errors of the components still abort
     */
    EndpointRun(Endpoint s, long now, boolean answering) {
        this.before = s;
        this.answering = answering;
        this.now = now;
        this.role = s.role();
        this.conn = s.connection();
        this.assembler = s.assembler();
        this.table = s.streams();
        this.pinger = s.pinger();
        this.enforcer = s.enforcer();
        this.manager = s.manager();
        this.outbound = new TreeMap<>(s.outbound());
        this.cursor = s.sendCursor();
        this.pings = new ArrayList<>(s.pingsOutstanding());
        this.activeReported = s.activeReported();
        this.guard = s.guard();
        this.limits = s.config().limits();
    }

    // ================================================================== entry points

    /** Routes the event, then does what every step ends with. */
    Step<Endpoint> run(EndpointEvent event) {
        overBudgetInPlace = Endpoints.isLocal(event);
        dispatch(event);
        finish();
        return Step.next(state(), actions);
    }

    /** {@link GoAwayRules#GA_10}: answer a connection error found while processing some event; the event itself is dropped. */
    @Enforces("GA-10")
    Step<Endpoint> connectionError(Violation v) {
        overBudgetInPlace = true;
        actions.add(new EndpointActions.PeerViolation(v));
        if (v.scope() == Scope.STREAM) {
            // Only reached if a stream error could not be answered in place: the RFC still wants an RST_STREAM.
            actions.add(new Actions.WriteFrame(new RstStreamFrame(v.streamId(), v.code())));
            finish();
        } else {
            lifecycle(new ConnectionEvent.ConnectionError(v));
            closing = true;
            finish();
        }
        return Step.next(state(), actions);
    }

    private void dispatch(EndpointEvent event) {
        switch (event) {
            case EndpointEvent.Start e -> start(e);
            case EndpointEvent.PrefaceReceived(Bytes greeting, long t) -> lifecycle(new ConnectionEvent.PrefaceReceived(greeting));
            case EndpointEvent.FrameReceived(Frame frame, long t) -> frameReceived(frame);
            case EndpointEvent.FrameRejected(FrameError error, long t) -> frameRejected(error);
            case EndpointEvent.PeerError(Violation v, long t) -> peerError(v);
            case EndpointEvent.PeerClosed(String reason, long t) -> peerClosed(reason);
            case EndpointEvent.TimerFired(Timer timer, int key, long t) -> timerFired(timer);
            case EndpointEvent.OpenStream(List<HeaderField> fields, boolean end, long t) -> openStream(fields, end);
            case EndpointEvent.SendHeaders(int id, List<HeaderField> fields, boolean end, long t) -> sendHeaders(id, fields, end);
            case EndpointEvent.SendData(int id, Bytes data, boolean end, long t) -> sendData(id, data, end);
            case EndpointEvent.Consumed(int id, int bytes, long t) -> table(new StreamEvent.Consumed(id, bytes), false);
            case EndpointEvent.MessagePending(int id, int size, long t) -> table(new StreamEvent.MessagePending(id, size), false);
            case EndpointEvent.ResetStream(int id, ErrorCode code, long t) -> resetStream(id, code);
            case EndpointEvent.CallFinished(int id, long t) -> guard = guard.withoutCall(id); // LIM-5
            case EndpointEvent.SendPing(long payload, long t) -> sendPing(payload);
            case EndpointEvent.ChangeSettings(List<Setting> settings, long t) -> changeSettings(settings);
            case EndpointEvent.Shutdown(boolean graceful, long pingPayload, long t) -> shutdown(graceful, pingPayload);
        }
    }

    // ================================================================== connection events

    private void start(EndpointEvent.Start e) {
        if (conn.phase() != Phase.IDLE) throw new IllegalStateException("Start in " + conn.phase());
        lifecycle(new ConnectionEvent.Start());
        Step<PingerState> p = KeepalivePinger.start(before.config().pinger(), now);
        pinger = p.state();
        actions.addAll(p.actions());
        if (role == Role.SERVER) {
            Step<ConnectionManagerState> m = ConnectionManager.start(before.config().connectionManagement(), now, e.ageJitter());
            manager = m.state();
            actions.addAll(m.actions());
        }
    }

    private void peerClosed(String reason) {
        lifecycle(new ConnectionEvent.PeerClosed());
        actions.add(new Actions.CloseConnection("peer closed: " + reason));
        closing = true;
    }

    private void timerFired(Timer t) {
        switch (t) {
            case HANDSHAKE, PREFACE, SETTINGS_ACK, GOAWAY_PING -> lifecycle(new ConnectionEvent.TimerFired(t));
            case KEEPALIVE_PING, KEEPALIVE_TIMEOUT, MAX_CONNECTION_IDLE, MAX_CONNECTION_AGE, MAX_CONNECTION_AGE_GRACE ->
                    keepalive(new KeepaliveEvent.TimerFired(t, now));
            // Call deadlines and channel timers belong to other layers.
            case DEADLINE, RECONNECT_BACKOFF, CONNECT_TIMEOUT -> { }
        }
    }

    /**
     * The codec's verdict on a malformed frame, judged by {@link FrameErrors}. When answering, a
     * frame that parsed whole despite a stream error then gets the minimal processing of a frame
     * on the stream we just reset: its header block still reaches HPACK (RFC 9113 §4.3, §5.1).
     */
    private void frameRejected(FrameError error) {
        Violation v = FrameErrors.violation(error);
        peerError(v);
        if (error.frame() != null && v.scope() == Scope.STREAM && !closing) frameReceived(error.frame());
    }

    private void peerError(Violation v) {
        if (v.scope() == Scope.STREAM && v.streamId() <= 0) {
            // A stream error needs a stream; without one the only answer left is the connection's.
            v = new Violation(v.rule(), v.code(), Scope.CONNECTION, 0, v.detail());
        }
        if (!answering || v.scope() == Scope.CONNECTION) throw new Broken(v);
        actions.add(new EndpointActions.PeerViolation(v));
        if (v.rule() == HpackRules.HP_14 && role == Role.SERVER && answerHeaderListTooLarge(v.streamId())) return;
        resetAfterPeerError(v.streamId(), v.code());
    }

    /**
     * {@link HpackRules#HP_14} on a server: a request's header list was over our
     * SETTINGS_MAX_HEADER_LIST_SIZE. While nothing has been sent on the stream, the answer is the
     * one RFC 9113 §10.5.1 suggests, an HTTP 431 response (HEADERS with END_STREAM), followed by
     * RST_STREAM(NO_ERROR) when the client may still send (RFC 9113 §8.1). False when that answer
     * is no longer possible (the stream is gone or already has a response): the caller resets it.
     */
    private boolean answerHeaderListTooLarge(int id) {
        Stream s = table.streams().get(id);
        if (s == null || s.blocksSent() > 0 || outbound.containsKey(id)) return false;
        table(new StreamEvent.SendHeaders(id, HpackErrors.HEADER_FIELDS_TOO_LARGE, true), false);
        if (table.stateOf(id) == StreamState.HALF_CLOSED_LOCAL) table(new StreamEvent.SendRst(id, ErrorCode.NO_ERROR), false);
        return true;
    }

    /**
     * RST_STREAM for a stream error found below the machine (codec, HPACK); the table books it
     * when it can. A peer stream still idle is refused like one beyond the concurrency limit.
     */
    private void resetAfterPeerError(int id, ErrorCode code) {
        Step<StreamTable> st = table.on(new StreamEvent.SendRst(id, code));
        if (!st.isViolation()) {
            apply(st);
        } else if (table.stateOf(id) != StreamState.IDLE) {
            // Closed on our side: nothing to book, the peer still gets its answer.
            actions.add(new Actions.WriteFrame(new RstStreamFrame(id, code)));
        }
        // One of our own idle streams: RFC 9113 §6.4 forbids RST_STREAM on an idle stream, so the
        // report (PeerViolation) is the only trace.
    }

    // ================================================================== frames from the peer

    private void frameReceived(Frame f) {
        if (conn.phase().handshaking()) {
            // CONN-3, CONN-4: the lifecycle alone judges frames until the handshake is done.
            lifecycle(new ConnectionEvent.FrameReceived(f));
            if (!closing) keepalive(new KeepaliveEvent.FrameReceived(f, now));
            return;
        }
        // 0. The frame layer rejects stream-bound frames on stream 0; a frame built by other
        // means (a model checker, a test) gets the same answer here rather than an exception.
        if (f.streamId() == 0 && isStreamBound(f)) {
            throw new Broken(new Violation(FrameRules.FR_12, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0,
                    f.typeName() + " frame on stream 0"));
        }
        // 1. Header-block sequencing sees every frame first (HB-1..HB-4).
        Step<HeaderBlockAssembler> a = assembler.on(f);
        if (a.isViolation()) throw new Broken(a.violation());
        assembler = a.state();
        // 1b. The resource budgets judge the frame before anything acts on it (LIM-1, LIM-3).
        budgets(f);
        // 2. The lifecycle: SETTINGS (applied before anything else), GOAWAY, the shutdown PING's ACK.
        lifecycle(new ConnectionEvent.FrameReceived(f));
        if (closing) return;
        // 3. Streams, flow control and PING answers.
        for (Action done : a.actions()) {
            switch ((HeaderBlockAssembler.AssemblerAction) done) {
                case HeaderBlockAssembler.Completed(HeaderBlock block) -> headerBlock(block);
            }
        }
        switch (f) {
            case DataFrame d -> data(d);
            case RstStreamFrame r -> streamFrame(r);
            case WindowUpdateFrame w -> streamFrame(w);
            case PriorityFrame p -> streamFrame(p);
            case PingFrame p -> ping(p);
            // Header blocks were handled above once complete (an unfinished one waits in the assembler).
            case HeadersFrame h -> { }
            case io.grpcspec.wire.ContinuationFrame c -> { }
            case io.grpcspec.wire.PushPromiseFrame p -> { }
            // SETTINGS and GOAWAY were the lifecycle's.
            case io.grpcspec.wire.SettingsFrame x -> { }
            case GoAwayFrame g -> { }
            // Unknown frame types are ignored (RFC 9113 §5.5).
            case io.grpcspec.wire.UnknownFrame u -> { }
        }
        if (closing) return;
        // 4. Keepalive: every frame is read activity; PINGs are judged after they were answered.
        keepalive(new KeepaliveEvent.FrameReceived(f, now));
    }

    private void streamFrame(Frame f) {
        if (!ignored(f.streamId())) table(new StreamEvent.FrameReceived(f), true);
    }

    private static boolean isStreamBound(Frame f) {
        return switch (f) {
            case DataFrame x -> true;
            case HeadersFrame x -> true;
            case PriorityFrame x -> true;
            case RstStreamFrame x -> true;
            case io.grpcspec.wire.PushPromiseFrame x -> true;
            case io.grpcspec.wire.ContinuationFrame x -> true;
            case WindowUpdateFrame x -> false;
            case io.grpcspec.wire.SettingsFrame x -> false;
            case PingFrame x -> false;
            case GoAwayFrame x -> false;
            case io.grpcspec.wire.UnknownFrame x -> false;
        };
    }

    private void headerBlock(HeaderBlock block) {
        int id = block.streamId();
        if (block.pushPromise()) {
            table(new StreamEvent.HeaderBlockReceived(block), true);
            return;
        }
        boolean opens = !role.initiates(id) && table.stateOf(id) == StreamState.IDLE;
        if (opens) {
            // GA-4: the lifecycle decides whether a new peer stream is above our final GOAWAY.
            Step<ConnectionState> trial = ConnectionLifecycle.step(conn, new ConnectionEvent.StreamOpened(id));
            if (!trial.isViolation() && trial.actions().stream().anyMatch(x -> x instanceof ConnectionActions.IgnoreStream)) {
                actions.addAll(trial.actions());
                actions.add(new StreamActions.DiscardHeaders(id, block.fragment())); // HPACK stays in sync
                return;
            }
        } else if (ignored(id)) {
            actions.add(new StreamActions.DiscardHeaders(id, block.fragment()));
            return;
        }
        table(new StreamEvent.HeaderBlockReceived(block), true);
        // Only a stream the table really opened counts as processed (a refused one does not, STR-13).
        if (opens && table.streams().containsKey(id)) {
            lifecycle(new ConnectionEvent.StreamOpened(id));
            guard = guard.withCall(id); // LIM-5: a call is in progress until the application says it finished
        }
    }

    /**
     * {@link LimitsRules#LIM_1} and {@link LimitsRules#LIM_3}: counts the peer's RST_STREAM frames
     * in their window and the run of frames without progress; over either budget the connection
     * ends with ENHANCE_YOUR_CALM.
     */
    private void budgets(Frame f) {
        if (f instanceof RstStreamFrame) {
            RateBudget.Window w = limits.peerResets().charge(guard.peerResets(), now);
            if (w == null) {
                throw new Broken(new Violation(LimitsRules.LIM_1, ErrorCode.ENHANCE_YOUR_CALM, Scope.CONNECTION, 0,
                        "more than " + limits.peerResets() + " RST_STREAM frames from the peer"));
            }
            guard = guard.withPeerResets(w);
        }
        switch (Progress.of(f)) {
            case PROGRESS -> guard = guard.withNoProgress(0);
            case NEUTRAL -> { }
            case NONE -> {
                int run = guard.noProgress() + 1;
                if (limits.maxNoProgressFrames() > 0 && run > limits.maxNoProgressFrames()) {
                    throw new Broken(new Violation(LimitsRules.LIM_3, ErrorCode.ENHANCE_YOUR_CALM, Scope.CONNECTION, 0,
                            run + " frames in a row without progress (the last " + f.typeName() + " on stream " + f.streamId()
                                    + "); at most " + limits.maxNoProgressFrames() + " are accepted"));
                }
                guard = guard.withNoProgress(run);
            }
        }
    }

    /**
     * {@link LimitsRules#LIM_2}: books the RST_STREAM frames this step writes on the peer's streams.
     * Over budget, the peer's event ends the connection with ENHANCE_YOUR_CALM instead (a
     * violation, answered by {@code recover} from the state before the event); a local request
     * that needs one reset too many is still performed, and the connection then ends the same way.
     */
    private void chargeSentResets() {
        for (int i = 0; i < actions.size(); i++) {
            if (!(actions.get(i) instanceof Actions.WriteFrame w && w.frame() instanceof RstStreamFrame r)) continue;
            if (role.initiates(r.streamId())) continue;
            RateBudget.Window next = limits.sentResets().charge(guard.sentResets(), now);
            if (next != null) {
                guard = guard.withSentResets(next);
                continue;
            }
            Violation v = new Violation(LimitsRules.LIM_2, ErrorCode.ENHANCE_YOUR_CALM, Scope.CONNECTION, 0,
                    "more than " + limits.sentResets() + " RST_STREAM frames provoked on the peer's streams");
            if (!overBudgetInPlace) throw new Broken(v);
            actions.add(new EndpointActions.PeerViolation(v));
            lifecycle(new ConnectionEvent.ConnectionError(v));
            closing = true;
            return;
        }
    }

    /** {@link FlowControlRules#FC_9}: DATA of an ignored stream still uses and returns connection credit. */
    @Enforces("FC-9")
    private void data(DataFrame d) {
        if (!ignored(d.streamId())) {
            table(new StreamEvent.FrameReceived(d), true);
            return;
        }
        // RFC 9113 §6.8: DATA of an ignored stream still counts on the connection window (FC-9).
        Step<ConnectionFlow> c = FlowControl.connectionDataReceived(table.flow(), d.flowControlledLength());
        if (c.isViolation()) throw new Broken(c.violation());
        table = new StreamTable(table.config(), c.state(), table.streams(), table.closed(), table.highestLocalId(),
                table.highestPeerId(), table.localMaxConcurrentStreams(), table.peerMaxConcurrentStreams());
        actions.addAll(c.actions());
    }

    /** {@link KeepaliveRules#KA_1}, {@link KeepaliveRules#KA_2}: every PING is answered, no ACK is. */
    @Enforces({"KA-1", "KA-2"})
    private void ping(PingFrame p) {
        // KA-1/KA-2: the answer does not depend on any keepalive state and precedes the enforcer's verdict.
        actions.addAll(PingResponder.answer(p));
        if (p.ack() && pings.remove(Long.valueOf(p.opaqueData()))) actions.add(new EndpointActions.PingAcked(p.opaqueData()));
    }

    /** {@link GoAwayRules#GA_4}: a peer stream above the last-stream-id of our final GOAWAY; its frames are dropped. */
    @Enforces("GA-4")
    private boolean ignored(int id) {
        GoAwayState g = conn.goAway();
        return id != 0 && g.sent() == GoAwayState.Sent.FINAL && !role.initiates(id) && id > g.lastSent();
    }

    // ================================================================== local events

    /**
     * {@link ConnectionRules#CONN_8} and {@link GoAwayRules#GA_8}: no stream before the handshake
     * or while draining, answered as not processed by the lifecycle; every other refusal is the
     * stream table's (STR-9, STR-12, STR-14). {@link KeepaliveRules#KA_6}: the keepalive machines
     * hear about the new call before its HEADERS are written.
     */
    private void openStream(List<HeaderField> fields, boolean endStream) {
        switch (StreamAdmission.of(role, conn, table)) {
            case NOT_READY, GOAWAY_RECEIVED, DRAINING -> {
                lifecycle(new ConnectionEvent.StreamOpened(table.nextStreamId().getAsInt())); // StreamsNotProcessed
                return;
            }
            case OPEN, NOT_A_CLIENT, IDS_EXHAUSTED, AT_PEER_LIMIT -> { } // the table opens it or says why not
            case CLOSED -> throw new IllegalStateException("OpenStream reached a closed endpoint's run");
        }
        int mark = actions.size();
        table(new StreamEvent.OpenStream(fields, endStream), false);
        int id = table.highestLocalId();
        List<Action> headers = new ArrayList<>(actions.subList(mark, actions.size()));
        actions.subList(mark, actions.size()).clear();
        lifecycle(new ConnectionEvent.StreamOpened(id));
        reportActive(); // KA-6: a keepalive PING a new call triggers goes before its HEADERS
        actions.addAll(headers);
        actions.add(new EndpointActions.StreamStarted(id));
    }

    private void sendHeaders(int id, List<HeaderField> fields, boolean endStream) {
        requireLive(id, "HEADERS");
        OutboundQueue q = outbound.get(id);
        if (q == null) {
            table(new StreamEvent.SendHeaders(id, fields, endStream), false);
            return;
        }
        // Data still waits: the list (trailers) queues behind it, checked now against the state
        // the stream will have (data without END_STREAM leaves the state as it is).
        requireNotEnded(id, q);
        Step<StreamTable> dry = table.on(new StreamEvent.SendHeaders(id, fields, endStream));
        if (dry.isViolation()) throw new Broken(dry.violation());
        outbound.put(id, q.add(new OutboundQueue.Headers(fields, endStream)));
    }

    private void sendData(int id, Bytes data, boolean endStream) {
        requireLive(id, "DATA");
        OutboundQueue q = outbound.getOrDefault(id, OutboundQueue.EMPTY);
        requireNotEnded(id, q);
        Step<StreamTable> dry = table.on(new StreamEvent.SendData(new DataFrame(id, Bytes.EMPTY, endStream)));
        if (dry.isViolation()) throw new Broken(dry.violation());
        OutboundQueue next = q.add(new OutboundQueue.Data(data, endStream));
        if (!next.isEmpty()) outbound.put(id, next);
    }

    /**
     * RST_STREAM now, except a RST_STREAM(NO_ERROR) behind a complete response that still waits
     * for credit: it is queued after the response ({@code RpcRules.RPC_26}, RFC 9113 §8.1), or it
     * would overtake and discard the response (the peer would see a reset, not the trailers).
     */
    @Enforces("RPC-26")
    private void resetStream(int id, ErrorCode code) {
        requireLive(id, "RST_STREAM");
        OutboundQueue q = outbound.get(id);
        if (code == ErrorCode.NO_ERROR && q != null && q.endQueued()) {
            if (!(q.items().get(q.items().size() - 1) instanceof OutboundQueue.Reset)) outbound.put(id, q.add(new OutboundQueue.Reset(code)));
            return;
        }
        table(new StreamEvent.SendRst(id, code), false);
    }

    private void sendPing(long payload) {
        actions.add(new Actions.WriteFrame(new PingFrame(false, payload)));
        pings.add(payload);
    }

    private void changeSettings(List<Setting> settings) {
        for (Setting s : settings) {
            if (role == Role.SERVER && s.id() == SettingId.ENABLE_PUSH && s.value() != 0) {
                throw new Broken(new Violation(SettingsRules.SET_4, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0,
                        "a server may not announce SETTINGS_ENABLE_PUSH = " + s.value()));
            }
            // A value we would refuse from the peer is one we must not send.
            Optional<Violation> v = SettingsValidation.check(Role.SERVER, s);
            if (v.isPresent()) throw new Broken(v.get());
        }
        lifecycle(new ConnectionEvent.SendSettings(settings));
        Long max = null;
        for (Setting s : settings) if (s.id() == SettingId.MAX_CONCURRENT_STREAMS) max = s.value();
        // Our own concurrency limit binds at once (see streams.md); windows wait for the ACK (FC-10).
        if (max != null) table(new StreamEvent.LocalMaxConcurrentStreams(max), false);
    }

    private void shutdown(boolean graceful, long pingPayload) {
        if (graceful || conn.phase().handshaking()) {
            lifecycle(new ConnectionEvent.Shutdown(pingPayload));
            return;
        }
        goAwayAndClose(ErrorCode.NO_ERROR, Bytes.EMPTY, "shutdown");
    }

    private void requireLive(int id, String what) {
        if (!table.streams().containsKey(id)) {
            throw new Broken(new Violation(StreamRules.STR_8, ErrorCode.INTERNAL_ERROR, Scope.STREAM, id,
                    what + " on " + table.stateOf(id).rfcName() + " stream " + id));
        }
    }

    private void requireNotEnded(int id, OutboundQueue q) {
        if (q.endQueued()) {
            throw new Broken(new Violation(StreamRules.STR_8, ErrorCode.INTERNAL_ERROR, Scope.STREAM, id,
                    "stream " + id + " already has END_STREAM queued"));
        }
    }

    // ================================================================== components

    private void lifecycle(ConnectionEvent e) {
        lifecycle(e, UnaryOperator.identity());
    }

    /**
     * Steps the lifecycle and performs its actions in order, settings changes applied to the table
     * before the ACK that follows them ({@link io.grpcspec.spec.connection.SettingsRules#SET_9}):
     * the peer's INITIAL_WINDOW_SIZE moves our send windows at once ({@link FlowControlRules#FC_5}),
     * ours moves the receive windows only when acknowledged ({@link FlowControlRules#FC_10}).
     * {@code rewrite} may replace a frame the lifecycle writes (the drain's GOAWAY debug data).
     */
    private void lifecycle(ConnectionEvent e, UnaryOperator<Actions.WriteFrame> rewrite) {
        Step<ConnectionState> st = ConnectionLifecycle.step(conn, e);
        if (st.isViolation()) throw new Broken(st.violation());
        conn = st.state();
        for (Action a : st.actions()) {
            switch (a) {
                case Actions.Shared shared -> {
                    switch (shared) {
                        case Actions.WriteFrame w -> actions.add(rewrite.apply(w));
                        case Actions.ArmTimer t -> actions.add(t);
                        case Actions.CancelTimer t -> actions.add(t);
                        case Actions.CloseConnection c -> {
                            actions.add(c);
                            closing = true;
                        }
                        case Actions.PeerTolerated t -> tolerated(t.violation());
                    }
                }
                case ConnectionAction c -> connectionAction(c);
                default -> throw new IllegalStateException("the lifecycle emitted a foreign action " + a);
            }
        }
    }

    private void connectionAction(ConnectionAction a) {
        switch (a) {
            case SettingsChange.PeerSettingsApplied p -> {
                // "Immediately" (RFC 9113 §6.5.3): the table learns the new limits before the ACK goes out.
                if (p.changed(SettingId.INITIAL_WINDOW_SIZE)) {
                    table(new StreamEvent.PeerInitialWindowSize((int) p.after().initialWindowSize()), true); // FC-5, FC-6
                }
                if (p.changed(SettingId.MAX_CONCURRENT_STREAMS)) {
                    table(new StreamEvent.PeerMaxConcurrentStreams(p.after().maxConcurrentStreams()), true);
                }
                actions.add(p);
            }
            case SettingsChange.LocalSettingsAcknowledged l -> {
                if (l.changed(SettingId.INITIAL_WINDOW_SIZE)) {
                    table(new StreamEvent.LocalInitialWindowSizeAcked((int) l.after().initialWindowSize()), true); // FC-10
                }
                actions.add(l);
            }
            case ConnectionActions.StreamsNotProcessed n -> {
                actions.add(n);
                for (int id : n.streamIds()) abandon(id); // GA-7
            }
            case ConnectionActions.WritePreface w -> actions.add(w);
            case ConnectionActions.HandshakeComplete h -> actions.add(h);
            case ConnectionActions.PeerGoingAway g -> actions.add(g);
            case ConnectionActions.IgnoreStream i -> actions.add(i);
        }
    }

    /**
     * {@link GoAwayRules#GA_7}. A local stream the peer will never process (above its GOAWAY's last-stream-id): the table
     * closes it as reset by us, so late frames are discarded, but no RST_STREAM is written, as
     * grpc-go and Netty do: the peer ignores the stream anyway.
     */
    @Enforces("GA-7")
    private void abandon(int id) {
        if (!table.streams().containsKey(id)) return;
        Step<StreamTable> st = table.on(new StreamEvent.SendRst(id, ErrorCode.REFUSED_STREAM));
        if (st.isViolation()) throw new IllegalStateException("cannot abandon stream " + id + ": " + st.violation());
        List<Action> kept = new ArrayList<>();
        for (Action a : st.actions()) {
            if (!(a instanceof Actions.WriteFrame w && w.frame() instanceof RstStreamFrame)) kept.add(a);
        }
        apply(Step.next(st.state(), kept));
    }

    /**
     * Steps the stream table. A violation aborts, except a stream error the peer caused while
     * answering: then the stream is reset and the frame gets the minimal processing of a frame on
     * a reset stream ({@link StreamTable#afterStreamError}).
     */
    private void table(StreamEvent e, boolean fromPeer) {
        Step<StreamTable> st = table.on(e);
        if (st.isViolation()) {
            Violation v = st.violation();
            if (!(fromPeer && answering && v.scope() == Scope.STREAM)) throw new Broken(v);
            actions.add(new EndpointActions.PeerViolation(v));
            st = table.afterStreamError(v, e);
            if (st.isViolation()) throw new Broken(st.violation());
        }
        apply(st);
    }

    /** Performs a table step; every closed stream is told to the lifecycle ({@link GoAwayRules#GA_9}). */
    @Enforces("GA-9")
    private void apply(Step<StreamTable> st) {
        table = st.state();
        for (Action a : st.actions()) {
            if (a instanceof Actions.PeerTolerated t) {
                tolerated(t.violation());
                continue;
            }
            actions.add(a);
            if (a instanceof StreamActions.StreamClosed c) {
                outbound.remove(c.streamId()); // nothing more may be written on it
                if (!closing) lifecycle(new ConnectionEvent.StreamClosed(c.streamId())); // GA-9
            }
        }
    }

    /**
     * A peer fault whose answer the RFC leaves to us (a MAY): by default the part dropped the frame
     * and the fault is reported ({@code PeerTolerated}); with strict answers
     * ({@code StreamConfig.strictAnswers}) it is the violation itself, answered as its scope says.
     */
    private void tolerated(Violation v) {
        if (before.config().streams().strictAnswers()) throw new Broken(v);
        actions.add(new Actions.PeerTolerated(v));
    }

    /** Feeds one event to each keepalive machine the role runs, pinger first, and performs their actions. */
    private void keepalive(KeepaliveEvent e) {
        if (closing) return;
        if (pinger != null) {
            Step<PingerState> p = KeepalivePinger.step(pinger, e);
            pinger = p.state();
            keepaliveActions(p.actions());
        }
        if (enforcer != null && !closing) {
            Step<EnforcerState> p = PingEnforcer.step(enforcer, e);
            enforcer = p.state();
            keepaliveActions(p.actions());
        }
        if (manager != null && !closing) {
            Step<ConnectionManagerState> p = ConnectionManager.step(manager, e);
            manager = p.state();
            keepaliveActions(p.actions());
        }
    }

    @Enforces("KA-11")
    private void keepaliveActions(List<Action> list) {
        for (int i = 0; i < list.size(); i++) {
            Action a = list.get(i);
            switch (a) {
                case KeepaliveAction k -> {
                    switch (k) {
                        case KeepaliveAction.GoAway(ErrorCode code, Bytes debug, io.grpcspec.spec.Rule rule) -> {
                            // KeepaliveRules.KA_11: the client broke KA-9 or KA-10. The close reason that follows says how.
                            String detail = i + 1 < list.size() && list.get(i + 1) instanceof Actions.CloseConnection c ? c.reason() : "too_many_pings";
                            Violation v = new Violation(rule, code, Scope.CONNECTION, 0, detail);
                            if (!answering) throw new Broken(v);
                            actions.add(new EndpointActions.PeerViolation(v));
                            goAwayAndClose(code, debug, detail);
                            return; // the CloseConnection after it is goAwayAndClose's
                        }
                        case KeepaliveAction.GracefulGoAway g -> gracefulGoAway(g.debugData());
                        case KeepaliveAction.ConnectionBroken b -> actions.add(b);
                    }
                }
                case Actions.Shared shared -> {
                    actions.add(shared);
                    if (shared instanceof Actions.CloseConnection) closing = true;
                }
                default -> throw new IllegalStateException("a keepalive machine emitted a foreign action " + a);
            }
        }
    }

    /** KA-13/KA-14: the server's own drain runs the two-phase GOAWAY with the keepalive's debug data on its first frame. */
    @Enforces({"KA-13", "KA-14"})
    private void gracefulGoAway(Bytes debug) {
        lifecycle(new ConnectionEvent.Shutdown(DRAIN_PING_PAYLOAD), w -> {
            if (w.frame() instanceof GoAwayFrame g && g.debugData().isEmpty()) {
                return new Actions.WriteFrame(new GoAwayFrame(g.lastStreamId(), g.errorCode(), debug));
            }
            return w;
        });
    }

    /**
     * One GOAWAY chosen outside the lifecycle (a keepalive verdict, an abrupt shutdown): the last
     * peer stream we processed, never above a limit we already announced (GA-5), then close.
     */
    private void goAwayAndClose(ErrorCode code, Bytes debug, String reason) {
        GoAwayState g = conn.goAway();
        int last = g.sent() == GoAwayState.Sent.NONE ? g.highestPeerStream() : Math.min(g.highestPeerStream(), g.lastSent());
        actions.add(new Actions.WriteFrame(new GoAwayFrame(last, code, debug)));
        actions.add(new Actions.CloseConnection(reason));
        GoAwayState sent = new GoAwayState(g.role(), GoAwayState.Sent.FINAL, last, 0, g.lastReceived(), g.highestPeerStream(), g.open());
        conn = new ConnectionState(conn.config(), Phase.CLOSED, conn.settings(), sent);
        closing = true;
    }

    // ================================================================== end of every step

    private void finish() {
        if (!closing) chargeSentResets();
        if (!closing) flush();
        if (!closing) reportActive();
        if (!closing) reportWrites();
        if (closing) {
            close();
        } else {
            reportPending();
        }
    }

    /**
     * Writes what flow control now allows, round-robin over the streams with queued items
     * starting after the one served last, one frame per stream per round (as grpc-go's loopy
     * writer), until a whole round writes nothing. A DATA frame carries at most the peer's
     * MAX_FRAME_SIZE and never more than min(connection, stream) send window (FC-3), padding
     * included (FC-4); {@code StreamConfig.dataFraming} may bound its data and pad it.
     */
    private void flush() {
        if (outbound.isEmpty() || !(conn.phase() == Phase.OPERATIONAL || conn.phase() == Phase.DRAINING)) return;
        DataFraming framing = before.config().streams().dataFraming();
        int overhead = framing.overhead();
        int maxFrame = (int) Math.min(conn.settings().remote().maxFrameSize(), Integer.MAX_VALUE);
        int maxData = Math.min(framing.maxData(), maxFrame - overhead);
        boolean progress = true;
        while (progress && !closing && !outbound.isEmpty()) {
            progress = false;
            List<Integer> order = new ArrayList<>(outbound.tailMap(cursor, false).keySet());
            order.addAll(outbound.headMap(cursor, true).keySet());
            for (int id : order) {
                if (closing) break;
                OutboundQueue q = outbound.get(id);
                if (q == null) continue;
                StreamEvent write;
                if (q.head() instanceof OutboundQueue.Headers h) {
                    put(id, q.popHeaders());
                    write = new StreamEvent.SendHeaders(id, h.fields(), h.endStream());
                } else if (q.head() instanceof OutboundQueue.Reset r) {
                    outbound.remove(id); // the last item: the response before it is out
                    write = new StreamEvent.SendRst(id, r.code());
                } else {
                    int run = q.dataRun();
                    int n = Math.max(0, Math.min(run, Math.min(table.sendable(id) - overhead, maxData)));
                    if (n == 0 && !(run == 0 && q.runEndsStream())) continue; // waits for credit
                    OutboundQueue.Taken t = q.take(n);
                    put(id, t.rest());
                    // Only a frame that carries data is padded: an empty END_STREAM needs no credit.
                    int pad = n > 0 ? framing.padLength() : DataFrame.NO_PADDING;
                    write = new StreamEvent.SendData(new DataFrame(id, t.data(), t.endStream(), pad));
                }
                Step<StreamTable> st = table.on(write);
                if (st.isViolation()) throw new IllegalStateException("scheduler wrote what the table refuses: " + st.violation());
                apply(st);
                cursor = id;
                progress = true;
            }
        }
    }

    private void put(int id, OutboundQueue q) {
        if (q.isEmpty()) outbound.remove(id);
        else outbound.put(id, q);
    }

    /** Tells the keepalive machines the number of active streams when it changed (KA-6, KA-9/10, KA-13). */
    private void reportActive() {
        int n = table.activeCount(true) + table.activeCount(false);
        if (n == activeReported) return;
        activeReported = n;
        keepalive(new KeepaliveEvent.ActiveStreams(n, now));
    }

    /** {@link KeepaliveRules#KA_12}: HEADERS or DATA written in this step clears the server's ping strikes. */
    @Enforces("KA-12")
    private void reportWrites() {
        for (Action a : actions) {
            Frame written = null;
            if (a instanceof StreamActions.WriteHeaders h) written = new HeadersFrame(h.streamId(), Bytes.EMPTY, h.endStream(), true);
            else if (a instanceof Actions.WriteFrame w && (w.frame() instanceof DataFrame || w.frame() instanceof HeadersFrame)) written = w.frame();
            if (written != null) {
                keepalive(new KeepaliveEvent.FrameSent(written, now));
                return;
            }
        }
    }

    private void reportPending() {
        if (outbound.isEmpty() && before.outbound().isEmpty()) return; // nothing waited, nothing waits
        TreeSet<Integer> ids = new TreeSet<>(before.outbound().keySet());
        ids.addAll(outbound.keySet());
        for (int id : ids) {
            int was = before.pendingBytes(id);
            OutboundQueue q = outbound.get(id);
            int is = q == null ? 0 : q.bytes();
            if (was != is) actions.add(new EndpointActions.Pending(id, is));
        }
    }

    /**
     * The connection ends in this step: every part goes quiet. Timer cancellations are not
     * listed, since a CloseConnection makes the driver drop every timer of the connection.
     */
    private void close() {
        if (conn.phase() != Phase.CLOSED) conn = new ConnectionState(conn.config(), Phase.CLOSED, conn.settings(), conn.goAway());
        KeepaliveEvent.Closed closed = new KeepaliveEvent.Closed(now);
        if (pinger != null) pinger = KeepalivePinger.step(pinger, closed).state();
        if (enforcer != null) enforcer = PingEnforcer.step(enforcer, closed).state();
        if (manager != null) manager = ConnectionManager.step(manager, closed).state();
        outbound.clear();
        guard = guard.withoutCalls(); // nothing more is read: no call holds reading back
    }

    private Endpoint state() {
        // The record copies the map itself (into a sorted, unmodifiable one).
        return new Endpoint(before.config(), conn, assembler, table, pinger, enforcer, manager,
                outbound, cursor, pings, activeReported, guard);
    }
}
