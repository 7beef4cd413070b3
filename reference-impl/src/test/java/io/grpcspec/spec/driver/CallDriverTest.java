package io.grpcspec.spec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.endpoint.EndpointEvent;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.grpc.ClientCallEvent;
import io.grpcspec.spec.grpc.RpcRules;
import io.grpcspec.spec.grpc.ServerCallEvent;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translation between the call machines and the endpoint, both ways, case by case. */
class CallDriverTest {

    private static final List<HeaderField> FIELDS = List.of(new HeaderField(":status", "200"));
    private static final Bytes FRAMED = Bytes.of(new byte[] {0, 0, 0, 0, 1, 42});

    @Test
    void everyStreamActionBecomesTheEndpointEventOnTheCallsStream() {
        long now = 77;
        assertEquals(new EndpointEvent.OpenStream(FIELDS, false, now), CallDriver.toEndpoint(new CallAction.OpenStream(FIELDS), 0, now));
        assertEquals(new EndpointEvent.SendHeaders(5, FIELDS, false, now), CallDriver.toEndpoint(new CallAction.SendHeaders(FIELDS, false), 5, now));
        assertEquals(new EndpointEvent.SendHeaders(5, FIELDS, true, now), CallDriver.toEndpoint(new CallAction.SendHeaders(FIELDS, true), 5, now));
        assertEquals(new EndpointEvent.SendHeaders(5, FIELDS, true, now), CallDriver.toEndpoint(new CallAction.SendTrailers(FIELDS), 5, now),
                "trailers are a header block that ends the stream");
        assertEquals(new EndpointEvent.SendData(5, FRAMED, false, now), CallDriver.toEndpoint(new CallAction.SendMessage(FRAMED, false), 5, now));
        assertEquals(new EndpointEvent.SendData(5, FRAMED, true, now), CallDriver.toEndpoint(new CallAction.SendMessage(FRAMED, true), 5, now));
        assertEquals(new EndpointEvent.SendData(5, Bytes.EMPTY, true, now), CallDriver.toEndpoint(new CallAction.SendEndStream(), 5, now),
                "a client's half-close is an empty DATA frame with END_STREAM");
        assertEquals(new EndpointEvent.SendData(5, FRAMED, true, now), CallDriver.toEndpoint(new CallAction.SendBody(FRAMED), 5, now),
                "the body of a non-gRPC answer is DATA that ends the stream");
        assertEquals(new EndpointEvent.ResetStream(5, ErrorCode.CANCEL, now),
                CallDriver.toEndpoint(new CallAction.SendRstStream(ErrorCode.CANCEL), 5, now));
        assertEquals(new EndpointEvent.Consumed(5, 300, now), CallDriver.toEndpoint(new CallAction.ReturnCredit(300), 5, now));
    }

    @Test
    void theAnswerToAnOpenIsTheStreamOrWhyThereIsNone() {
        assertEquals(new ClientCallEvent.StreamAssigned(3), CallDriver.opened(3, null));
        assertEquals(new ClientCallEvent.StreamNotStarted("full"), CallDriver.opened(0, "full"));
        assertEquals(new ClientCallEvent.StreamNotStarted("full"), CallDriver.opened(3, "full"));
        assertTrue(CallDriver.opened(0, null) instanceof ClientCallEvent.StreamNotStarted, "accepted without a stream: not processed");
    }

    @Test
    void reportsBecomeClientCallEvents() {
        long now = 9;
        assertEquals(new ClientCallEvent.HeadersReceived(FIELDS, false), CallDriver.toClient(new StreamReport.Headers(FIELDS, false, false), now));
        assertEquals(new ClientCallEvent.HeadersReceived(FIELDS, true), CallDriver.toClient(new StreamReport.Headers(FIELDS, true, true), now));
        assertEquals(new ClientCallEvent.DataReceived(FRAMED, true), CallDriver.toClient(new StreamReport.Data(FRAMED, true), now));
        assertEquals(new ClientCallEvent.RstStreamReceived(ErrorCode.CANCEL.code(), now),
                CallDriver.toClient(new StreamReport.PeerReset(ErrorCode.CANCEL.code()), now), "a reset carries its arrival time (RPC-29)");
        assertEquals(new ClientCallEvent.NotProcessed("goaway"), CallDriver.toClient(new StreamReport.NotProcessed("goaway"), now));
        assertEquals(new ClientCallEvent.TransportClosed("eof"), CallDriver.toClient(new StreamReport.ConnectionClosed("eof"), now));
        assertNull(CallDriver.toClient(new StreamReport.StreamClosed("closed"), now));
    }

    @Test
    void reportsBecomeServerCallEvents() {
        long now = 9;
        assertEquals(new ServerCallEvent.HeadersReceived(FIELDS, true, now), CallDriver.toServer(new StreamReport.Headers(FIELDS, true, false), now),
                "request headers carry their arrival time (the deadline counts from it)");
        assertEquals(new ServerCallEvent.DataReceived(FRAMED, false), CallDriver.toServer(new StreamReport.Data(FRAMED, false), now));
        assertEquals(new ServerCallEvent.RstStreamReceived(8), CallDriver.toServer(new StreamReport.PeerReset(8), now));
        assertEquals(new ServerCallEvent.StreamClosed("reset"), CallDriver.toServer(new StreamReport.StreamClosed("reset"), now));
        assertEquals(new ServerCallEvent.StreamClosed("connection closed: eof"), CallDriver.toServer(new StreamReport.ConnectionClosed("eof"), now));
        assertNull(CallDriver.toServer(new StreamReport.NotProcessed("n/a"), now));
        assertTrue(CallDriver.startsServerCall(new StreamReport.Headers(FIELDS, false, false)));
        assertFalse(CallDriver.startsServerCall(new StreamReport.Headers(FIELDS, true, true)), "trailers of a call that is gone start nothing");
        assertFalse(CallDriver.startsServerCall(new StreamReport.Data(FRAMED, false)));
    }

    @Test
    void aViolationIsAnsweredWithItsResetAndReportedToTheMachine() {
        Rule rule = RpcRules.RPC_22;
        Violation v = new Violation(rule, ErrorCode.PROTOCOL_ERROR, Scope.STREAM, 3, "DATA first");
        assertEquals(new CallAction.SendRstStream(ErrorCode.PROTOCOL_ERROR), CallDriver.reset(v));
        assertEquals(new ClientCallEvent.ResetSent(ErrorCode.PROTOCOL_ERROR, "RPC-22: DATA first"), CallDriver.clientResetSent(v));
        assertEquals(new ServerCallEvent.ResetSent(ErrorCode.PROTOCOL_ERROR, "RPC-22: DATA first"), CallDriver.serverResetSent(v));
    }
}
