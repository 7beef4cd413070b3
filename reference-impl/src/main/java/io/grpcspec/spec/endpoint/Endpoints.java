package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Role;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.connection.ConnectionState;
import io.grpcspec.spec.connection.Phase;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.flow.FlowConfig;
import io.grpcspec.spec.keepalive.PingEnforcer;
import io.grpcspec.spec.stream.HeaderBlockAssembler;
import io.grpcspec.spec.stream.StreamConfig;
import io.grpcspec.spec.stream.StreamTable;
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
 * {@link IllegalStateException}. After the connection closed, every event is accepted and does
 * nothing, except {@code OpenStream}, which is answered {@code StreamsNotProcessed}.
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
                Map.of(), 0, List.of(), 0);
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
        return e instanceof EndpointEvent.OpenStream || e instanceof EndpointEvent.SendHeaders
                || e instanceof EndpointEvent.SendData || e instanceof EndpointEvent.Consumed
                || e instanceof EndpointEvent.MessagePending || e instanceof EndpointEvent.ResetStream
                || e instanceof EndpointEvent.SendPing || e instanceof EndpointEvent.ChangeSettings
                || e instanceof EndpointEvent.Shutdown;
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
        if (event instanceof EndpointEvent.OpenStream) {
            // The call never reached the wire: it may be retried on another connection.
            return Step.next(state, new ConnectionActions.StreamsNotProcessed(
                    List.of(state.nextStreamId().orElse(0))));
        }
        return Step.next(state);
    }
}
