package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.grpc.CallActions.Complete;
import io.grpcspec.spec.grpc.CallActions.DeliverMessage;
import io.grpcspec.spec.grpc.CallActions.DeliverResponseHeaders;
import io.grpcspec.spec.grpc.CallActions.PeerFault;
import io.grpcspec.spec.grpc.CallActions.Refused;
import io.grpcspec.spec.grpc.CallActions.SendEndStream;
import io.grpcspec.spec.grpc.CallActions.SendHeaders;
import io.grpcspec.spec.grpc.CallActions.SendMessage;
import io.grpcspec.spec.grpc.CallActions.SendRstStream;
import io.grpcspec.spec.grpc.ClientCall.Phase;
import io.grpcspec.spec.grpc.ClientCallEvent.CancelCall;
import io.grpcspec.spec.grpc.ClientCallEvent.DataReceived;
import io.grpcspec.spec.grpc.ClientCallEvent.DeadlineExpired;
import io.grpcspec.spec.grpc.ClientCallEvent.HalfClose;
import io.grpcspec.spec.grpc.ClientCallEvent.HeadersReceived;
import io.grpcspec.spec.grpc.ClientCallEvent.ResetSent;
import io.grpcspec.spec.grpc.ClientCallEvent.RstStreamReceived;
import io.grpcspec.spec.grpc.ClientCallEvent.SendRequestMessage;
import io.grpcspec.spec.grpc.ClientCallEvent.StartCall;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientCallTest {

    static final RequestHeaders REQ = RequestHeaders.of("http", "localhost", "/pkg.Svc/Call");
    static final Bytes HI = Bytes.ofAscii("hi");

    static ClientCall started() {
        return after(ClientCall.create(3, CallConfig.DEFAULT), new StartCall(REQ.withTimeoutNanos(2_000_000_000L)));
    }

    static ClientCall after(ClientCall s, ClientCallEvent... events) {
        for (ClientCallEvent e : events) s = ClientCall.on(s, e).state();
        return s;
    }

    static Violation violation(ClientCall s, ClientCallEvent e) {
        Violation v = ClientCall.on(s, e).violation();
        assertEquals(Scope.STREAM, v.scope());
        assertEquals(3, v.streamId());
        return v;
    }

    @Test
    @Checks({"RPC-20", "RPC-22"})
    void aUnaryCallFromStartToStatus() {
        RequestHeaders req = REQ.withTimeoutNanos(2_000_000_000L);
        Step<ClientCall> st = ClientCall.on(ClientCall.create(3, CallConfig.DEFAULT), new StartCall(req));
        assertEquals(Phase.OPEN, st.state().phase());
        assertEquals(List.of(new SendHeaders(req.toFields(), false), new Actions.ArmTimer(Timer.DEADLINE, 3, 2_000_000_000L)), st.actions());

        Step<ClientCall> m = ClientCall.on(st.state(), new SendRequestMessage(GrpcMessage.of(HI), true));
        assertEquals(Phase.HALF_CLOSED, m.state().phase());
        assertEquals(List.of(new SendMessage(MessageFramer.frame(HI), true)), m.actions());

        Step<ClientCall> h = ClientCall.on(m.state(), new HeadersReceived(Fields.responseHeaders("x-h", "1"), false));
        assertEquals(Phase.HALF_CLOSED_RECEIVING, h.state().phase());
        assertEquals(List.of(new DeliverResponseHeaders(Metadata.of(new Metadata.Entry("x-h", Bytes.ofAscii("1"))))), h.actions());

        Step<ClientCall> d = ClientCall.on(h.state(), new DataReceived(MessageFramer.frame(Bytes.ofAscii("yo")), false));
        assertEquals(List.of(new DeliverMessage(GrpcMessage.of(Bytes.ofAscii("yo")))), d.actions());

        Step<ClientCall> t = ClientCall.on(d.state(), new HeadersReceived(Fields.of("grpc-status", "0", "x-t", "2"), true));
        assertEquals(Phase.CLOSED, t.state().phase());
        assertEquals(List.of(new Actions.CancelTimer(Timer.DEADLINE, 3),
                new Complete(Status.OK, Metadata.of(new Metadata.Entry("x-t", Bytes.ofAscii("2"))))), t.actions());
    }

    @Test
    @Checks("RPC-20")
    void aTrailersOnlyResponseEndsTheCall() {
        ClientCall s = after(started(), new HalfClose());
        Step<ClientCall> t = ClientCall.on(s, new HeadersReceived(Fields.responseHeaders("grpc-status", "7", "grpc-message", "nope"), true));
        assertEquals(List.of(new Actions.CancelTimer(Timer.DEADLINE, 3), new Complete(Status.of(StatusCode.PERMISSION_DENIED, "nope"))), t.actions());
    }

    @Test
    @Checks("RPC-26")
    void trailersBeforeOurEndStreamAreFollowedByAResetWithNoError() {
        Step<ClientCall> t = ClientCall.on(started(), new HeadersReceived(Fields.responseHeaders("grpc-status", "0"), true));
        assertEquals(List.of(new SendRstStream(ErrorCode.NO_ERROR), new Actions.CancelTimer(Timer.DEADLINE, 3), new Complete(Status.OK)), t.actions());
    }

    @Test
    @Checks("RPC-23")
    void endStreamOnDataWithoutTrailersIsInternal() {
        ClientCall receiving = after(started(), new HalfClose(), new HeadersReceived(Fields.responseHeaders(), false));
        Step<ClientCall> d = ClientCall.on(receiving, new DataReceived(MessageFramer.frame(HI), true));
        Status st = Status.of(StatusCode.INTERNAL, "server closed the stream without sending trailers");
        assertEquals(List.of(new DeliverMessage(GrpcMessage.of(HI)), new PeerFault(RpcRules.RPC_23, st.message()),
                new Actions.CancelTimer(Timer.DEADLINE, 3), new Complete(st)), d.actions());
        // While we are still sending, our half of the stream needs a reset too.
        ClientCall open = after(started(), new HeadersReceived(Fields.responseHeaders(), false));
        assertEquals(new SendRstStream(ErrorCode.CANCEL), ClientCall.on(open, new DataReceived(Bytes.EMPTY, true)).actions().get(1));
    }

    @Test
    @Checks("RPC-24")
    void aServerResetGivesTheMappedStatusAndSendsNothing() {
        for (ErrorCode c : ErrorCode.values()) {
            Step<ClientCall> r = ClientCall.on(started(), new RstStreamReceived(c.code()));
            assertEquals(List.of(new Actions.CancelTimer(Timer.DEADLINE, 3), new Complete(StatusMapping.rstStreamStatus(c.code()))), r.actions(), c.name());
        }
        Complete refused = (Complete) ClientCall.on(started(), new RstStreamReceived(7)).actions().get(1);
        assertEquals(StatusCode.UNAVAILABLE, refused.status().code());
    }

    @Test
    @Checks("RPC-25")
    void theDeadlineFailsTheCallAndCancelsTheStream() {
        ClientCall receiving = after(started(), new HeadersReceived(Fields.responseHeaders(), false), new DataReceived(MessageFramer.frame(HI).slice(0, 3), false));
        Step<ClientCall> d = ClientCall.on(receiving, new DeadlineExpired(42L));
        assertEquals(Phase.CLOSED, d.state().phase());
        assertEquals(List.of(new SendRstStream(ErrorCode.CANCEL), new Complete(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded"))), d.actions());
    }

    @Test
    @Checks("RPC-27")
    void cancellingSendsRstStreamCancel() {
        Step<ClientCall> c = ClientCall.on(started(), new CancelCall("user gave up"));
        assertEquals(List.of(new SendRstStream(ErrorCode.CANCEL), new Actions.CancelTimer(Timer.DEADLINE, 3),
                new Complete(Status.of(StatusCode.CANCELLED, "user gave up"))), c.actions());
        // Before the call started nothing goes on the wire.
        assertEquals(List.<Action>of(new Complete(Status.of(StatusCode.CANCELLED, "early"))),
                ClientCall.on(ClientCall.create(3, CallConfig.DEFAULT), new CancelCall("early")).actions());
    }

    @Test
    @Checks("RPC-18")
    void aNonGrpcErrorPageIsMappedAndTheStreamAbandoned() {
        Step<ClientCall> h = ClientCall.on(started(), new HeadersReceived(Fields.of(":status", "503", "content-type", "text/html"), false));
        Status st = Status.of(StatusCode.UNAVAILABLE, "unexpected HTTP status code 503");
        assertEquals(List.of(new PeerFault(RpcRules.RPC_18, st.toString()), new SendRstStream(ErrorCode.CANCEL),
                new Actions.CancelTimer(Timer.DEADLINE, 3), new Complete(st)), h.actions());
    }

    @Test
    @Checks("RPC-19")
    void aForeignContentTypeIsUnknown() {
        ClientCall s = after(started(), new HalfClose());
        Step<ClientCall> h = ClientCall.on(s, new HeadersReceived(Fields.of(":status", "200", "content-type", "application/json"), false));
        assertEquals(RpcRules.RPC_19, ((PeerFault) h.actions().get(0)).rule());
        assertEquals(StatusCode.UNKNOWN, ((Complete) h.actions().get(3)).status().code());
    }

    @Test
    @Checks({"RPC-22", "RPC-8"})
    void brokenResponseFramingIsAStreamProtocolError() {
        assertEquals(RpcRules.RPC_22, violation(started(), new DataReceived(MessageFramer.frame(HI), false)).rule());
        ClientCall receiving = after(started(), new HeadersReceived(Fields.responseHeaders(), false));
        Violation again = violation(receiving, new HeadersReceived(Fields.responseHeaders(), false));
        assertEquals(RpcRules.RPC_22, again.rule());
        assertEquals(ErrorCode.PROTOCOL_ERROR, again.code());
        Violation pseudo = violation(receiving, new HeadersReceived(Fields.of(":status", "200", "grpc-status", "0"), true));
        assertEquals(RpcRules.RPC_8, pseudo.rule());
        // The driver resets the stream, then the call ends with the mapped status and the detail.
        Step<ClientCall> r = ClientCall.on(receiving, new ResetSent(pseudo.code(), pseudo.detail()));
        assertEquals(new Complete(Status.of(StatusCode.INTERNAL, pseudo.detail())), r.actions().get(1));
    }

    @Test
    @Checks("RPC-22")
    void informationalHeadersAreSkipped() {
        Step<ClientCall> s = ClientCall.on(started(), new HeadersReceived(Fields.of(":status", "100"), false));
        assertEquals(Phase.OPEN, s.state().phase());
        assertEquals(List.of(), s.actions());
    }

    @Test
    @Checks("RPC-16")
    void aTooLargeResponseMessageIsResourceExhausted() {
        ClientCall s = after(ClientCall.create(3, new CallConfig(1, List.of())), new StartCall(REQ), new HalfClose(),
                new HeadersReceived(Fields.responseHeaders(), false));
        Step<ClientCall> d = ClientCall.on(s, new DataReceived(MessageFramer.frame(HI), false));
        Status st = Status.of(StatusCode.RESOURCE_EXHAUSTED, "received message larger than max (2 vs. 1)");
        assertEquals(List.of(new PeerFault(RpcRules.RPC_16, st.message()), new SendRstStream(ErrorCode.CANCEL), new Complete(st)), d.actions());
    }

    @Test
    @Checks("RPC-17")
    void trailersInsideAMessageAreIncomplete() {
        ClientCall s = after(started(), new HalfClose(), new HeadersReceived(Fields.responseHeaders(), false),
                new DataReceived(MessageFramer.frame(HI).slice(0, 6), false));
        Step<ClientCall> t = ClientCall.on(s, new HeadersReceived(Fields.of("grpc-status", "0"), true));
        assertEquals(RpcRules.RPC_17, ((PeerFault) t.actions().get(0)).rule());
        assertEquals(StatusCode.INTERNAL, ((Complete) t.actions().get(2)).status().code());
    }

    @Test
    @Checks("RPC-14")
    void compressedResponsesNeedTheEncodingWeOffered() {
        CallConfig gzip = new CallConfig(100, List.of("gzip"));
        ClientCall s = after(ClientCall.create(3, gzip), new StartCall(REQ), new HalfClose());
        ClientCall plain = after(s, new HeadersReceived(Fields.responseHeaders(), false));
        assertEquals(RpcRules.RPC_14, ((PeerFault) ClientCall.on(plain, new DataReceived(Bytes.ofHex("01 00000000"), false)).actions().get(0)).rule());
        ClientCall zipped = after(s, new HeadersReceived(Fields.responseHeaders("grpc-encoding", "gzip"), false));
        // We never send Compressed-Flag 1 ourselves unless the request declared an encoding.
        GrpcMessage packed = new GrpcMessage(HI, true);
        assertEquals(List.<Action>of(new Refused("the request declared no grpc-encoding: cannot send a compressed message")),
                ClientCall.on(started(), new SendRequestMessage(packed, false)).actions());
        ClientCall gz = after(ClientCall.create(3, gzip), new StartCall(REQ.withEncodings("gzip", "gzip")));
        assertEquals(List.of(new SendMessage(MessageFramer.frame(packed), false)), ClientCall.on(gz, new SendRequestMessage(packed, false)).actions());
        assertEquals(List.of(new DeliverMessage(new GrpcMessage(Bytes.EMPTY, true))), ClientCall.on(zipped, new DataReceived(Bytes.ofHex("01 00000000"), false)).actions());
    }

    @Test
    @Checks("RPC-27")
    void theApplicationIsRefusedWhatTheCallCannotDo() {
        assertEquals(List.<Action>of(new Refused("call not started")), ClientCall.on(ClientCall.create(3, CallConfig.DEFAULT), new HalfClose()).actions());
        ClientCall half = after(started(), new HalfClose());
        assertEquals(List.<Action>of(new Refused("request already half-closed")), ClientCall.on(half, new SendRequestMessage(GrpcMessage.of(HI), false)).actions());
        assertEquals(List.<Action>of(new SendEndStream()), ClientCall.on(started(), new HalfClose()).actions());
        ClientCall closed = after(started(), new CancelCall("x"));
        assertEquals(List.<Action>of(new Refused("call already closed")), ClientCall.on(closed, new CancelCall("y")).actions());
        assertEquals(List.of(), ClientCall.on(closed, new RstStreamReceived(8)).actions());
    }
}
