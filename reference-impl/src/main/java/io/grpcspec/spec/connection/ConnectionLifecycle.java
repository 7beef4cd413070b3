package io.grpcspec.spec.connection;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.UnknownFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection lifecycle machine: handshake (RFC 9113 §3.4), SETTINGS exchange (§6.5),
 * GOAWAY and draining (§6.8), for either role.
 *
 * <p>Frames it does not own (HEADERS, DATA, WINDOW_UPDATE, RST_STREAM, PING without a shutdown
 * payload ...) pass through with no change and no action once the handshake is done; the
 * composed machine hands them to the stream, flow-control and keepalive machines. Inputs that
 * only a broken driver could produce (a preface on a client, any input before Start) throw
 * {@link IllegalStateException}; everything a peer can send ends in a step.
 *
 * <p>{@link Actions.CloseConnection} ends the connection: the driver also drops every timer of
 * the connection then, so closing steps do not list timer cancellations.
 */
public final class ConnectionLifecycle {
    private ConnectionLifecycle() {}

    public static Step<ConnectionState> step(ConnectionState s, ConnectionEvent event) {
        if (s.phase() == Phase.CLOSED) return Step.next(s); // CONN_9: closed is final, late inputs do nothing
        if (s.phase() == Phase.IDLE && !(event instanceof ConnectionEvent.Start) && !(event instanceof ConnectionEvent.PeerClosed)) {
            throw new IllegalStateException(event + " before Start");
        }
        return switch (event) {
            case ConnectionEvent.Start st -> start(s);
            case ConnectionEvent.PrefaceReceived p -> preface(s, p);
            case ConnectionEvent.FrameReceived(Frame f) -> frame(s, f);
            case ConnectionEvent.SendSettings(List<Setting> settings) -> settings(s, SettingsExchange.send(s.settings(), settings));
            case ConnectionEvent.StreamOpened(int id) -> streamOpened(s, id);
            case ConnectionEvent.StreamClosed(int id) ->
                    s.phase().handshaking() ? Step.next(s) : goAway(s, GoAway.streamClosed(s.goAway(), id));
            case ConnectionEvent.Shutdown(long pingData) -> shutdown(s, pingData);
            case ConnectionEvent.ConnectionError(Violation v) -> connectionError(s, v);
            case ConnectionEvent.PeerClosed pc -> Step.next(s.with(Phase.CLOSED));
            case ConnectionEvent.TimerFired(Timer timer) -> timer(s, timer);
        };
    }

    @Enforces({"CONN-1", "CONN-2", "CONN-5", "CONN-6", "FC-11"})
    private static Step<ConnectionState> start(ConnectionState s) {
        if (s.phase() != Phase.IDLE) throw new IllegalStateException("Start in " + s.phase());
        ConnectionConfig c = s.config();
        List<Action> actions = new ArrayList<>();
        // CONN_1: the client's preface octets, then its SETTINGS. CONN_2: a server writes its
        // SETTINGS before it has read anything, as grpc-go does, so the two prefaces cross.
        if (c.role() == Role.CLIENT) actions.add(new ConnectionActions.WritePreface());
        Step<SettingsExchange> sent = SettingsExchange.send(s.settings(), c.initialSettings());
        actions.addAll(sent.actions());
        long extra = c.connectionWindow() - Settings.DEFAULT_INITIAL_WINDOW_SIZE;
        if (extra > 0) actions.add(new Actions.WriteFrame(new WindowUpdateFrame(0, (int) extra))); // CONN_6, FC_11
        actions.add(new Actions.ArmTimer(Timer.HANDSHAKE, c.handshakeTimeoutNanos())); // CONN_5
        if (c.role() == Role.SERVER && c.prefaceTimeoutNanos() > 0) {
            actions.add(new Actions.ArmTimer(Timer.PREFACE, c.prefaceTimeoutNanos())); // LimitsRules.LIM_4
        }
        Phase next = c.role() == Role.CLIENT ? Phase.AWAIT_SERVER_SETTINGS : Phase.AWAIT_PREFACE;
        return Step.next(s.with(sent.state()).with(next), actions);
    }

    private static Step<ConnectionState> preface(ConnectionState s, ConnectionEvent.PrefaceReceived p) {
        if (s.role() != Role.SERVER || s.phase() != Phase.AWAIT_PREFACE) {
            throw new IllegalStateException("client preface is read only by a server awaiting it, not in " + s.phase());
        }
        if (!Preface.valid(p.greeting())) {
            return Step.connectionError(ConnectionRules.CONN_3, ErrorCode.PROTOCOL_ERROR,
                    "bogus greeting " + p.greeting());
        }
        return Step.next(s.with(Phase.AWAIT_SETTINGS));
    }

    private static Step<ConnectionState> frame(ConnectionState s, Frame f) {
        return switch (s.phase()) {
            case AWAIT_PREFACE -> Step.connectionError(ConnectionRules.CONN_3, ErrorCode.PROTOCOL_ERROR,
                    f.typeName() + " frame before the client preface");
            case AWAIT_SETTINGS, AWAIT_SERVER_SETTINGS -> firstFrame(s, f);
            case OPERATIONAL, DRAINING -> switch (f) {
                case SettingsFrame sf -> settings(s, SettingsExchange.receive(s.settings(), sf));
                case GoAwayFrame g -> goAway(s, GoAway.received(s.goAway(), g));
                case PingFrame p -> p.ack() ? goAway(s, GoAway.pingAcked(s.goAway(), p.opaqueData())) : Step.next(s);
                // The other machines' frames pass through.
                case DataFrame x -> Step.next(s);
                case HeadersFrame x -> Step.next(s);
                case PriorityFrame x -> Step.next(s);
                case RstStreamFrame x -> Step.next(s);
                case PushPromiseFrame x -> Step.next(s);
                case WindowUpdateFrame x -> Step.next(s);
                case ContinuationFrame x -> Step.next(s);
                case UnknownFrame x -> Step.next(s);
            };
            // step refuses every input but Start before Start, and ignores all once CLOSED (CONN-9).
            case IDLE, CLOSED -> throw new IllegalStateException("frame in " + s.phase());
        };
    }

    /** CONN-4: the peer's first frame is its SETTINGS; applying it completes the handshake. */
    private static Step<ConnectionState> firstFrame(ConnectionState s, Frame f) {
        if (!(f instanceof SettingsFrame sf) || sf.ack()) {
            return Step.connectionError(ConnectionRules.CONN_4, ErrorCode.PROTOCOL_ERROR,
                    "first frame from the " + s.role().peer().name().toLowerCase() + " is "
                            + (f instanceof SettingsFrame ? "a SETTINGS ACK" : f.typeName()));
        }
        Step<SettingsExchange> applied = SettingsExchange.receive(s.settings(), sf);
        if (applied.isViolation()) return Step.violated(applied.violation());
        List<Action> actions = new ArrayList<>(applied.actions());
        actions.add(new Actions.CancelTimer(Timer.HANDSHAKE));
        if (s.role() == Role.SERVER && s.config().prefaceTimeoutNanos() > 0) actions.add(new Actions.CancelTimer(Timer.PREFACE));
        actions.add(new ConnectionActions.HandshakeComplete());
        return Step.next(s.with(applied.state()).with(Phase.OPERATIONAL), actions);
    }

    @Enforces("CONN-8")
    private static Step<ConnectionState> streamOpened(ConnectionState s, int streamId) {
        boolean local = s.role().initiates(streamId);
        if (s.phase().handshaking()) {
            // CONN_8: we start nothing before the peer's SETTINGS; the gRPC layer retries.
            if (local) return Step.next(s, new ConnectionActions.StreamsNotProcessed(List.of(streamId)));
            return s.phase() == Phase.AWAIT_PREFACE
                    ? Step.connectionError(ConnectionRules.CONN_3, ErrorCode.PROTOCOL_ERROR, "stream " + streamId + " before the client preface")
                    : Step.connectionError(ConnectionRules.CONN_4, ErrorCode.PROTOCOL_ERROR, "stream " + streamId + " before the peer's SETTINGS");
        }
        return goAway(s, GoAway.streamOpened(s.goAway(), streamId));
    }

    private static Step<ConnectionState> shutdown(ConnectionState s, long pingData) {
        // During the handshake there is nothing to drain and the peer may not speak HTTP/2 yet.
        if (s.phase().handshaking()) {
            return Step.next(s.with(Phase.CLOSED), new Actions.CloseConnection("shutdown during handshake"));
        }
        return goAway(s, GoAway.shutdown(s.goAway(), pingData, s.config().goAwayPingTimeoutNanos()));
    }

    /**
     * {@link GoAwayRules#GA_10}, with CONN-3's exception: a peer that has not sent a valid preface gets no GOAWAY.
     * It may be an HTTP/1.1 client or a port scanner; binary frames would only be noise to it
     * (RFC 9113 §3.4 lets the GOAWAY be omitted; grpc-go just closes).
     */
    @Enforces("GA-10")
    private static Step<ConnectionState> connectionError(ConnectionState s, Violation v) {
        if (v.scope() != Scope.CONNECTION) throw new IllegalArgumentException("not a connection error: " + v);
        if (v.rule().equals(ConnectionRules.CONN_3) || s.phase() == Phase.AWAIT_PREFACE) {
            return Step.next(s.with(Phase.CLOSED), new Actions.CloseConnection("no valid HTTP/2 preface: " + v.detail()));
        }
        Step<GoAwayState> aborted = GoAway.abort(s.goAway(), v);
        return Step.next(s.with(aborted.state()).with(Phase.CLOSED), aborted.actions());
    }

    @Enforces({"CONN-5", "LIM-4"})
    private static Step<ConnectionState> timer(ConnectionState s, Timer timer) {
        if (timer == Timer.HANDSHAKE) {
            // CONN_5: like grpc-go's handshake deadline, just close: the peer has not shown it
            // speaks HTTP/2 (server) or has not answered at all (client).
            if (!s.phase().handshaking()) return Step.next(s);
            return Step.next(s.with(Phase.CLOSED), new Actions.CloseConnection("handshake deadline exceeded in " + s.phase()));
        }
        if (timer == Timer.PREFACE) {
            // LimitsRules.LIM_4: as CONN-5, just close; a peer this slow gets no GOAWAY either. Only a
            // server arms it: a client's handshake has the handshake deadline alone.
            if (!s.phase().handshaking() || s.role() != Role.SERVER) return Step.next(s);
            return Step.next(s.with(Phase.CLOSED), new Actions.CloseConnection("preface deadline exceeded in " + s.phase()));
        }
        if (timer == Timer.SETTINGS_ACK) return settings(s, SettingsExchange.ackTimerFired(s.settings()));
        if (timer == Timer.GOAWAY_PING && !s.phase().handshaking()) {
            return goAway(s, GoAway.pingTimerFired(s.goAway()));
        }
        return Step.next(s);
    }

    private static Step<ConnectionState> settings(ConnectionState s, Step<SettingsExchange> step) {
        if (step.isViolation()) return Step.violated(step.violation());
        return Step.next(s.with(step.state()), step.actions());
    }

    private static Step<ConnectionState> goAway(ConnectionState s, Step<GoAwayState> step) {
        if (step.isViolation()) return Step.violated(step.violation());
        GoAwayState g = step.state();
        Phase p = GoAway.closes(step) ? Phase.CLOSED : g.draining() ? Phase.DRAINING : Phase.OPERATIONAL;
        return Step.next(s.with(g).with(p), step.actions());
    }
}
