package io.grpcspec.spec.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.connection.ConnectionActions;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.keepalive.KeepaliveAction;
import io.grpcspec.spec.stream.StreamActions;
import io.grpcspec.wire.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each action the composed endpoint emits gets its family's tag; anything else is a machine bug. */
class EndpointOutputTest {

    @Test
    void everyFamilyTheEndpointEmitsIsTagged() {
        Actions.CloseConnection close = new Actions.CloseConnection("bye");
        ConnectionActions.HandshakeComplete ready = new ConnectionActions.HandshakeComplete();
        StreamActions.PeerReset reset = new StreamActions.PeerReset(1, ErrorCode.CANCEL.code());
        KeepaliveAction.ConnectionBroken broken = KeepaliveAction.ConnectionBroken.unavailable("no ack");
        EndpointActions.StreamStarted started = new EndpointActions.StreamStarted(1);
        assertEquals(List.of(new EndpointOutput.Shared(close), new EndpointOutput.Connection(ready),
                        new EndpointOutput.Stream(reset), new EndpointOutput.KeepaliveBroken(broken),
                        new EndpointOutput.Composed(started)),
                List.<Action>of(close, ready, reset, broken, started).stream().map(EndpointOutput::of).toList());
    }

    @Test
    void actionsThatNeverLeaveTheEndpointAreRefused() {
        // The keepalive machines' GOAWAY requests are performed inside the endpoint, and a call
        // machine's actions belong to the gRPC layer's driver, not this one.
        assertThrows(IllegalStateException.class, () -> EndpointOutput.of(KeepaliveAction.GracefulGoAway.of("max_idle")));
        assertThrows(IllegalStateException.class, () -> EndpointOutput.of(new CallAction.CancelDeadline()));
    }
}
