package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Step;

/**
 * The composed HTTP/2 endpoint: connection lifecycle, settings exchange, header-block
 * assembly, stream table with flow control, GOAWAY and keepalive, as one pure machine.
 *
 * <p>Contract: {@link #step} returns {@code Step.Violated} when the event breaks a rule (the
 * peer's frame, or a local call the state does not allow). For a peer violation the driver
 * then calls {@link #recover}, which answers it as the rule's scope demands (RST_STREAM for a
 * stream error, GOAWAY + close for a connection error) and reports it with
 * {@code EndpointActions.PeerViolation}; a local violation is the caller's bug and changes nothing.
 */
public final class Endpoints {
    private Endpoints() {}

    /** The state before {@code Start}. */
    public static Endpoint initial(EndpointConfig config) {
        throw new UnsupportedOperationException("composition not written yet");
    }

    public static Step<Endpoint> step(Endpoint state, EndpointEvent event) {
        throw new UnsupportedOperationException("composition not written yet");
    }

    /** The answer to a violation {@code step} reported for {@code event}. Never itself a violation. */
    public static Step<Endpoint> recover(Endpoint state, EndpointEvent event, io.grpcspec.spec.Violation violation) {
        throw new UnsupportedOperationException("composition not written yet");
    }
}
