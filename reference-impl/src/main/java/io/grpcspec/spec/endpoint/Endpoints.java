package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.connection.ConnectionRules;
import io.grpcspec.spec.connection.ConnectionState;
import io.grpcspec.spec.connection.Phase;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.flow.FlowConfig;
import io.grpcspec.spec.keepalive.PingEnforcer;
import io.grpcspec.spec.limits.Guard;
import io.grpcspec.spec.stream.HeaderBlockAssembler;
import io.grpcspec.spec.stream.StreamConfig;
import io.grpcspec.spec.stream.StreamTable;
import io.grpcspec.wire.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * The composed HTTP/2 endpoint: connection lifecycle, settings exchange, header-block
 * assembly, stream table with flow control, GOAWAY and keepalive, as one pure machine.
 *
 * <p>Contract: {@link #step} returns {@code Step.Violated} when the event breaks a rule (the
 * peer's frame, or a local call the state does not allow). For a peer violation the driver
 * then calls {@link #recover}, which answers it as the rule's scope demands (RST_STREAM for a
 * stream error, GOAWAY + close for a connection error) and reports it with
 * {@code EndpointActions.PeerViolation}; a local violation is the caller's bug and changes nothing.
 *
 * <p>Inputs only a broken driver produces (any event but {@code Start} or {@code PeerClosed}
 * before {@code Start}, a second {@code Start}, a preface given to a client) throw
 * {@link IllegalStateException}. After the connection closed, the peer's inputs and timers are
 * accepted and do nothing ({@link ConnectionRules#CONN_9}); {@code OpenStream} is answered
 * {@code StreamsNotProcessed}; a local request to write (headers, data, RST_STREAM, PING,
 * SETTINGS) is refused with CONN-9, since nothing more is written.
 * How the parts compose is described in {@code spec/endpoint.md}.
 */
public final class Endpoints {
    private Endpoints() {}

    /**
     * The state before {@code Start}. The announced settings ({@code config.connection().settings()})
     * and the connection window ({@code config.connection().connectionWindow()}) are the single
     * source of truth: the stream table's concurrency limit and flow configuration are derived
     * from them, so what we enforce is exactly what we announce.
     */
    public static Endpoint initial(EndpointConfig config) {
        Settings announced = config.connection().settings();
        StreamConfig streams = config.streams()
                .withFlow(new FlowConfig(config.connection().connectionWindow(), (int) announced.initialWindowSize()))
                .withMaxConcurrentStreams(Math.min(announced.maxConcurrentStreams(), StreamConfig.UNLIMITED));
        // The table's own WINDOW_UPDATE for a larger connection window is the lifecycle's
        // ConnectionRules.CONN_6 write (FlowControlRules.FC_11): it is written once.
        StreamTable table = StreamTable.start(streams).state();
        return new Endpoint(config, ConnectionState.initial(config.connection()),
                HeaderBlockAssembler.start(config.headerBlockLimits()), table, null,
                config.role() == Role.SERVER ? PingEnforcer.start(config.enforcement()) : null, null,
                Map.of(), 0, List.of(), 0, Guard.START);
    }

    public static Step<Endpoint> step(Endpoint state, EndpointEvent event) {
        Step<Endpoint> quiet = whenNotRunning(state, event);
        if (quiet != null) return quiet;
        try {
            return new EndpointRun(state, event.nowNanos(), false).run(event);
        } catch (EndpointRun.Broken b) {
            return Step.violated(b.violation);
        }
    }

    /** The answer to a violation {@code step} reported for {@code event}. Never itself a violation. */
    public static Step<Endpoint> recover(Endpoint state, EndpointEvent event, Violation violation) {
        if (isLocal(event)) return Step.next(state);
        Step<Endpoint> quiet = whenNotRunning(state, event);
        if (quiet != null) return quiet;
        try {
            // Replay with stream errors and the third ping strike answered in place.
            return new EndpointRun(state, event.nowNanos(), true).run(event);
        } catch (EndpointRun.Broken b) {
            // A connection error: the event is dropped; GOAWAY and close from the state before it.
            return new EndpointRun(state, event.nowNanos(), true).connectionError(b.violation);
        }
    }

    /** True for events of our own application: their violations are the caller's bug and are not answered. */
    public static boolean isLocal(EndpointEvent e) {
        return switch (e) {
            case EndpointEvent.OpenStream x -> true;
            case EndpointEvent.SendHeaders x -> true;
            case EndpointEvent.SendData x -> true;
            case EndpointEvent.Consumed x -> true;
            case EndpointEvent.MessagePending x -> true;
            case EndpointEvent.ResetStream x -> true;
            case EndpointEvent.CallFinished x -> true;
            case EndpointEvent.SendPing x -> true;
            case EndpointEvent.ChangeSettings x -> true;
            case EndpointEvent.Shutdown x -> true;
            case EndpointEvent.Start x -> false;
            case EndpointEvent.PrefaceReceived x -> false;
            case EndpointEvent.FrameReceived x -> false;
            case EndpointEvent.FrameRejected x -> false;
            case EndpointEvent.PeerError x -> false;
            case EndpointEvent.PeerClosed x -> false;
            case EndpointEvent.TimerFired x -> false;
        };
    }

    private static Step<Endpoint> whenNotRunning(Endpoint state, EndpointEvent event) {
        Phase phase = state.phase();
        if (phase == Phase.IDLE && !(event instanceof EndpointEvent.Start)) {
            if (event instanceof EndpointEvent.PeerClosed) {
                return Step.next(state.with(new ConnectionState(state.connection().config(), Phase.CLOSED,
                        state.connection().settings(), state.connection().goAway())));
            }
            throw new IllegalStateException(event + " before Start");
        }
        if (phase != Phase.CLOSED) return null;
        return switch (event) {
            // The call never reached the wire: it may be retried on another connection.
            case EndpointEvent.OpenStream o -> Step.next(state, new ConnectionActions.StreamsNotProcessed(
                    List.of(state.nextStreamId().orElse(0))));
            case EndpointEvent.SendHeaders(int id, var f, boolean end, long t) -> closed(id, "HEADERS");
            case EndpointEvent.SendData(int id, var d, boolean end, long t) -> closed(id, "DATA");
            case EndpointEvent.ResetStream(int id, var code, long t) -> closed(id, "RST_STREAM");
            case EndpointEvent.SendPing p -> closed(0, "PING");
            case EndpointEvent.ChangeSettings c -> closed(0, "SETTINGS");
            // Reading, timers and a second shutdown change nothing on a closed connection.
            case EndpointEvent.Consumed x -> Step.next(state);
            case EndpointEvent.MessagePending x -> Step.next(state);
            case EndpointEvent.CallFinished x -> Step.next(state);
            case EndpointEvent.Shutdown x -> Step.next(state);
            case EndpointEvent.Start x -> Step.next(state);
            case EndpointEvent.PrefaceReceived x -> Step.next(state);
            case EndpointEvent.FrameReceived x -> Step.next(state);
            case EndpointEvent.FrameRejected x -> Step.next(state);
            case EndpointEvent.PeerError x -> Step.next(state);
            case EndpointEvent.PeerClosed x -> Step.next(state);
            case EndpointEvent.TimerFired x -> Step.next(state);
        };
    }

    /** {@link ConnectionRules#CONN_9}: a local request to write after the connection closed is refused. */
    private static Step<Endpoint> closed(int streamId, String what) {
        String detail = what + (streamId == 0 ? "" : " on stream " + streamId) + " after the connection closed";
        return streamId == 0 ? Step.connectionError(ConnectionRules.CONN_9, ErrorCode.INTERNAL_ERROR, detail)
                : Step.streamError(ConnectionRules.CONN_9, ErrorCode.INTERNAL_ERROR, streamId, detail);
    }
}
