package io.grpcspec.spec.keepalive;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.PingFrame;
import java.util.List;

/**
 * The answer every endpoint owes a PING (RFC 9113 §6.7), client and server alike. It is kept
 * apart from the keepalive machines because answering does not depend on any keepalive state:
 * the server answers even the PING that earns its third strike (grpc-go and Netty do the same),
 * so the composed machine performs these actions before the enforcer's.
 */
public final class PingResponder {
    private PingResponder() {}

    /** {@link KeepaliveRules#KA_1}: a PING gets an ACK with the same payload. {@link KeepaliveRules#KA_2}: an ACK gets nothing, or two peers
     *  would bounce ACKs at each other forever. */
    @Enforces({"KA-1", "KA-2"})
    public static List<Action> answer(PingFrame ping) {
        if (ping.ack()) return List.of();
        return List.of(new Actions.WriteFrame(new PingFrame(true, ping.opaqueData())));
    }
}
