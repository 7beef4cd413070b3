package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Violation;

/** The records of the {@link EndpointAction} family. */
public final class EndpointActions {
    private EndpointActions() {}

    /** The stream {@code OpenStream} asked for got this ID and its HEADERS are queued. */
    public record StreamStarted(int streamId) implements EndpointAction {}

    /**
     * Outbound bytes of the stream still waiting for flow-control credit, after this step. The
     * driver uses it for back-pressure (a per-stream bound on queued bytes).
     */
    public record Pending(int streamId, int bytes) implements EndpointAction {}

    /** The peer broke a rule; the machine has already answered it (GOAWAY or RST_STREAM). For reports and traces. */
    public record PeerViolation(Violation violation) implements EndpointAction {}

    /** A PING we sent was acknowledged (payload as sent). */
    public record PingAcked(long payload) implements EndpointAction {}
}
