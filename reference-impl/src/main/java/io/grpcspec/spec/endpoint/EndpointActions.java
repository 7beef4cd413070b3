package io.grpcspec.spec.endpoint;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Violation;

/**
 * Actions the composed machine adds to those of its parts. The full list a driver must perform:
 * {@code Actions.WriteFrame / ArmTimer / CancelTimer / CloseConnection};
 * {@code ConnectionActions.WritePreface / HandshakeComplete / PeerGoingAway / StreamsNotProcessed};
 * {@code SettingsChange.PeerSettingsApplied / LocalSettingsAcknowledged} (adjust HPACK encoder
 * table size, reader max frame size, writer max frame size);
 * {@code StreamActions.WriteHeaders / DeliverHeaders / DiscardHeaders / DeliverData / PeerReset / StreamClosed};
 * {@code KeepaliveAction.ConnectionBroken}; and the ones below.
 */
public final class EndpointActions {
    private EndpointActions() {}

    /** The stream {@code OpenStream} asked for got this ID and its HEADERS are queued. */
    public record StreamStarted(int streamId) implements Action {}

    /**
     * Outbound bytes of the stream still waiting for flow-control credit, after this step. The
     * driver uses it for back-pressure (a per-stream bound on queued bytes).
     */
    public record Pending(int streamId, int bytes) implements Action {}

    /** The peer broke a rule; the machine has already answered it (GOAWAY or RST_STREAM). For reports and traces. */
    public record PeerViolation(Violation violation) implements Action {}

    /** A PING we sent was acknowledged (payload as sent). */
    public record PingAcked(long payload) implements Action {}
}
