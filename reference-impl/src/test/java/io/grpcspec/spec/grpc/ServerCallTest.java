package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.grpc.CallActions.Complete;
import io.grpcspec.spec.grpc.CallActions.DeliverHalfClose;
import io.grpcspec.spec.grpc.CallActions.DeliverMessage;
import io.grpcspec.spec.grpc.CallActions.DeliverRequest;
import io.grpcspec.spec.grpc.CallActions.PeerFault;
import io.grpcspec.spec.grpc.CallActions.Refused;
import io.grpcspec.spec.grpc.CallActions.SendHeaders;
import io.grpcspec.spec.grpc.CallActions.SendMessage;
import io.grpcspec.spec.grpc.CallActions.SendRstStream;
import io.grpcspec.spec.grpc.CallActions.SendTrailers;
import io.grpcspec.spec.grpc.ServerCall.Phase;
import io.grpcspec.spec.grpc.ServerCallEvent.DataReceived;
import io.grpcspec.spec.grpc.ServerCallEvent.DeadlineExpired;
import io.grpcspec.spec.grpc.ServerCallEvent.FinishCall;
import io.grpcspec.spec.grpc.ServerCallEvent.HeadersReceived;
import io.grpcspec.spec.grpc.ServerCallEvent.ResetSent;
import io.grpcspec.spec.grpc.ServerCallEvent.RstStreamReceived;
import io.grpcspec.spec.grpc.ServerCallEvent.SendResponseHeaders;
import io.grpcspec.spec.grpc.ServerCallEvent.SendResponseMessage;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.spec.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCallTest {

    static final Bytes HI = Bytes.ofAscii("hi");
    static final Bytes FRAMED_HI = MessageFramer.frame(HI);

    static ServerCall fresh() {
        return ServerCall.start(1, CallConfig.DEFAULT);
    }

    static ServerCall after(ServerCall s, ServerCallEvent... events) {
        for (ServerCallEvent e : events) s = ServerCall.on(s, e).state();
        return s;
    }

    static Violation violation(ServerCall s, ServerCallEvent e) {
        Step<ServerCall> step = ServerCall.on(s, e);
        Violation v = step.violation();
        assertEquals(Scope.STREAM, v.scope());
        assertEquals(1, v.streamId());
        return v;
    }

    private static List<HeaderField> trailersOnly(String contentType, String... statusFields) {
        List<HeaderField> f = Fields.of(":status", "200", "content-type", contentType);
        f.addAll(Fields.of(statusFields));
        return f;
    }

    @Test
    @Checks({"RPC-22", "RPC-25"})
    void aUnaryCallFromHeadersToTrailers() {
        Step<ServerCall> h = ServerCall.on(fresh(), new HeadersReceived(Fields.request("grpc-timeout", "1S"), false));
        assertEquals(Phase.OPEN, h.state().phase());
        RequestHeaders req = ((DeliverRequest) h.actions().get(0)).request();
        assertEquals("/pkg.Svc/Call", req.path());
        assertEquals(List.of(new DeliverRequest(req), new Actions.ArmTimer(Timer.DEADLINE, 1, 1_000_000_000L)), h.actions());

        Step<ServerCall> d = ServerCall.on(h.state(), new DataReceived(FRAMED_HI, true));
        assertEquals(Phase.HALF_CLOSED, d.state().phase());
        assertEquals(List.of(new DeliverMessage(GrpcMessage.of(HI)), new DeliverHalfClose()), d.actions());

        Step<ServerCall> m = ServerCall.on(d.state(), new SendResponseMessage(GrpcMessage.of(Bytes.ofAscii("yo"))));
        assertEquals(Phase.HALF_CLOSED_RESPONDING, m.state().phase());
        assertEquals(List.of(new SendHeaders(Fields.responseHeaders(), false), new SendMessage(MessageFramer.frame(Bytes.ofAscii("yo")), false)), m.actions());

        Step<ServerCall> f = ServerCall.on(m.state(), new FinishCall(Status.OK, Metadata.of(Metadata.ascii("x-t", "1"))));
        assertEquals(Phase.CLOSED, f.state().phase());
        assertEquals(List.of(new SendTrailers(Fields.of("grpc-status", "0", "x-t", "1")),
                new Actions.CancelTimer(Timer.DEADLINE, 1), new Complete(Status.OK)), f.actions());
    }

    @Test
    @Checks({"RPC-20", "RPC-21"})
    void anErrorBeforeAnyResponseIsTrailersOnly() {
        ServerCall s = after(fresh(), new HeadersReceived(Fields.with(Fields.request(), "content-type", "application/grpc+proto"), true));
        assertEquals(Phase.HALF_CLOSED, s.phase());
        Step<ServerCall> f = ServerCall.on(s, new FinishCall(Status.of(StatusCode.NOT_FOUND, "no 100%"), Metadata.EMPTY));
        assertEquals(List.of(new SendHeaders(trailersOnly("application/grpc+proto", "grpc-status", "5", "grpc-message", "no 100%25"), true),
                new Complete(Status.of(StatusCode.NOT_FOUND, "no 100%"))), f.actions());
    }

    @Test
    @Checks("RPC-26")
    void finishingBeforeTheClientIsDoneResetsWithNoError() {
        ServerCall s = after(fresh(), new HeadersReceived(Fields.request(), false), new SendResponseHeaders(Metadata.EMPTY));
        assertEquals(Phase.OPEN_RESPONDING, s.phase());
        Step<ServerCall> f = ServerCall.on(s, new FinishCall(Status.of(StatusCode.ABORTED, ""), Metadata.EMPTY));
        assertEquals(List.of(new SendTrailers(Fields.of("grpc-status", "10")), new SendRstStream(ErrorCode.NO_ERROR),
                new Complete(Status.of(StatusCode.ABORTED, ""))), f.actions());
    }

    @Test
    @Checks({"RPC-2", "RPC-26"})
    void aRejectedRequestGetsOneHeadersFrameAndAResetWhileStillOpen() {
        List<HeaderField> bad = Fields.with(Fields.request(), "content-type", "text/plain");
        Step<ServerCall> open = ServerCall.on(fresh(), new HeadersReceived(bad, false));
        RequestValidation.Rejected r = (RequestValidation.Rejected) RequestValidation.validate(bad, CallConfig.DEFAULT);
        assertEquals(Phase.CLOSED, open.state().phase());
        assertEquals(List.of(new PeerFault(RpcRules.RPC_2, r.status().toString()), new SendHeaders(r.response(), true),
                new SendRstStream(ErrorCode.NO_ERROR)), open.actions());
        Step<ServerCall> ended = ServerCall.on(fresh(), new HeadersReceived(bad, true));
        assertEquals(List.of(new PeerFault(RpcRules.RPC_2, r.status().toString()), new SendHeaders(r.response(), true)), ended.actions());
    }

    @Test
    @Checks("RPC-13")
    void anUnsupportedRequestEncodingIsRefusedBeforeTheApplicationSeesIt() {
        Step<ServerCall> s = ServerCall.on(fresh(), new HeadersReceived(Fields.request("grpc-encoding", "snappy"), true));
        SendHeaders sent = (SendHeaders) s.actions().get(1);
        assertEquals(Fields.of(":status", "200", "content-type", "application/grpc", "grpc-status", "12",
                "grpc-message", "grpc: Decompressor is not installed for grpc-encoding \"snappy\"", "grpc-accept-encoding", "identity"), sent.fields());
        assertEquals(2, s.actions().size());
    }

    @Test
    @Checks("RPC-3")
    void aMissingTeIsReportedAndTheCallProceeds() {
        Step<ServerCall> s = ServerCall.on(fresh(), new HeadersReceived(Fields.with(Fields.request(), "te", null), false));
        assertEquals(Phase.OPEN, s.state().phase());
        assertEquals(RpcRules.RPC_3, ((PeerFault) s.actions().get(0)).rule());
        assertInstanceOf(DeliverRequest.class, s.actions().get(1));
    }

    @Test
    @Checks({"RPC-5", "RPC-7"})
    void malformedRequestHeadersAreAStreamProtocolError() {
        Violation v = violation(fresh(), new HeadersReceived(Fields.plus(Fields.request(), "connection", "close"), false));
        assertEquals(RpcRules.RPC_5, v.rule());
        assertEquals(ErrorCode.PROTOCOL_ERROR, v.code());
        assertEquals(RpcRules.RPC_7, violation(fresh(), new HeadersReceived(Fields.with(Fields.request(), ":path", null), true)).rule());
        // The driver resets the stream and tells the call, which ends without bothering the application.
        Step<ServerCall> reset = ServerCall.on(fresh(), new ResetSent(ErrorCode.PROTOCOL_ERROR, v.detail()));
        assertEquals(Phase.CLOSED, reset.state().phase());
        assertEquals(List.of(), reset.actions());
    }

    @Test
    @Checks({"RPC-22", "RPC-8"})
    void theRequestIsHeadersThenDataThenNothing() {
        Violation first = violation(fresh(), new DataReceived(FRAMED_HI, false));
        assertEquals(RpcRules.RPC_22, first.rule());
        assertEquals(ErrorCode.PROTOCOL_ERROR, first.code());
        ServerCall open = after(fresh(), new HeadersReceived(Fields.request(), false));
        Violation second = violation(open, new HeadersReceived(Fields.of("x-a", "1"), false));
        assertEquals(ErrorCode.PROTOCOL_ERROR, second.code());
        ServerCall done = after(open, new DataReceived(FRAMED_HI, true));
        assertEquals(ErrorCode.STREAM_CLOSED, violation(done, new DataReceived(FRAMED_HI, false)).code());
        assertEquals(ErrorCode.STREAM_CLOSED, violation(done, new HeadersReceived(Fields.of("x-a", "1"), true)).code());
        // Request trailers (HEADERS with END_STREAM) are legal HTTP: they end the request.
        Step<ServerCall> trailers = ServerCall.on(open, new HeadersReceived(Fields.of("x-a", "1"), true));
        assertEquals(Phase.HALF_CLOSED, trailers.state().phase());
        assertEquals(List.of(new DeliverHalfClose()), trailers.actions());
        Violation pseudo = violation(open, new HeadersReceived(Fields.of(":path", "/x/y"), true));
        assertEquals(RpcRules.RPC_8, pseudo.rule());
        assertEquals(ErrorCode.PROTOCOL_ERROR, pseudo.code());
    }

    @Test
    @Checks({"RPC-27", "RPC-24"})
    void aClientResetCancelsTheCall() {
        ServerCall s = after(fresh(), new HeadersReceived(Fields.request("grpc-timeout", "5m"), false));
        Step<ServerCall> r = ServerCall.on(s, new RstStreamReceived(ErrorCode.CANCEL.code()));
        assertEquals(Phase.CLOSED, r.state().phase());
        assertEquals(List.of(new Actions.CancelTimer(Timer.DEADLINE, 1),
                new Complete(Status.of(StatusCode.CANCELLED, "client stream reset with CANCEL"))), r.actions());
        Step<ServerCall> refused = ServerCall.on(s, new RstStreamReceived(ErrorCode.ENHANCE_YOUR_CALM.code()));
        assertEquals(StatusCode.RESOURCE_EXHAUSTED, ((Complete) refused.actions().get(1)).status().code());
    }

    @Test
    @Checks("RPC-25")
    void theDeadlineEndsTheCallWithTrailersThenCancel() {
        ServerCall s = after(fresh(), new HeadersReceived(Fields.request("grpc-timeout", "100m"), false));
        Step<ServerCall> d = ServerCall.on(s, new DeadlineExpired(123L));
        Status st = Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded");
        assertEquals(Phase.CLOSED, d.state().phase());
        assertEquals(List.of(new SendHeaders(trailersOnly("application/grpc", "grpc-status", "4", "grpc-message", "deadline exceeded"), true),
                new SendRstStream(ErrorCode.CANCEL), new Complete(st)), d.actions());
        ServerCall responding = after(s, new SendResponseHeaders(Metadata.EMPTY), new DataReceived(Bytes.EMPTY, true));
        assertEquals(Phase.HALF_CLOSED_RESPONDING, responding.phase());
        assertEquals(List.of(new SendTrailers(Fields.of("grpc-status", "4", "grpc-message", "deadline exceeded")),
                new SendRstStream(ErrorCode.CANCEL), new Complete(st)), ServerCall.on(responding, new DeadlineExpired(9L)).actions());
    }

    @Test
    @Checks("RPC-16")
    void aTooLargeRequestMessageEndsTheCallWithResourceExhausted() {
        ServerCall s = ServerCall.start(1, new CallConfig(4, List.of()));
        s = after(s, new HeadersReceived(Fields.request(), false));
        Step<ServerCall> d = ServerCall.on(s, new DataReceived(Bytes.ofHex("00 00000005"), false));
        Status st = Status.of(StatusCode.RESOURCE_EXHAUSTED, "received message larger than max (5 vs. 4)");
        assertEquals(List.of(new PeerFault(RpcRules.RPC_16, st.message()),
                new SendHeaders(trailersOnly("application/grpc", "grpc-status", "8", "grpc-message", st.message()), true),
                new SendRstStream(ErrorCode.NO_ERROR), new Complete(st)), d.actions());
    }

    @Test
    @Checks("RPC-17")
    void endStreamInsideARequestMessageIsInternal() {
        ServerCall s = after(fresh(), new HeadersReceived(Fields.request(), false));
        Step<ServerCall> d = ServerCall.on(s, new DataReceived(FRAMED_HI.slice(0, 6), true));
        assertEquals(Phase.CLOSED, d.state().phase());
        assertEquals(RpcRules.RPC_17, ((PeerFault) d.actions().get(0)).rule());
        SendHeaders t = (SendHeaders) d.actions().get(1);
        assertEquals(new HeaderField("grpc-status", "13"), t.fields().get(2));
        assertEquals(3, d.actions().size(), "no reset: the client already ended the stream");
    }

    @Test
    @Checks("RPC-14")
    void aCompressedRequestMessageWithoutEncodingIsInternal() {
        ServerCall s = after(fresh(), new HeadersReceived(Fields.request(), false));
        Step<ServerCall> d = ServerCall.on(s, new DataReceived(Bytes.ofHex("01 00000000"), false));
        assertEquals(RpcRules.RPC_14, ((PeerFault) d.actions().get(0)).rule());
        ServerCall gz = after(ServerCall.start(1, new CallConfig(100, List.of("gzip"))), new HeadersReceived(Fields.request("grpc-encoding", "gzip"), false));
        assertEquals(List.of(new DeliverMessage(new GrpcMessage(Bytes.EMPTY, true))), ServerCall.on(gz, new DataReceived(Bytes.ofHex("01 00000000"), false)).actions());
        // Responses carry no grpc-encoding, so the server refuses to send a compressed message.
        assertEquals(List.<Action>of(new Refused("no grpc-encoding for responses: cannot send a compressed message")),
                ServerCall.on(gz, new SendResponseMessage(new GrpcMessage(HI, true))).actions());
    }

    @Test
    @Checks("RPC-22")
    void aClosedCallDropsLateFramesAndRefusesTheApplication() {
        ServerCall closed = after(fresh(), new HeadersReceived(Fields.request(), true), new FinishCall(Status.OK, Metadata.EMPTY));
        assertEquals(Phase.CLOSED, closed.phase());
        assertEquals(List.of(), ServerCall.on(closed, new DataReceived(FRAMED_HI, false)).actions());
        assertEquals(List.of(), ServerCall.on(closed, new RstStreamReceived(8)).actions());
        assertEquals(List.<Action>of(new Refused("call already closed")), ServerCall.on(closed, new SendResponseMessage(GrpcMessage.of(HI))).actions());
        ServerCall open = after(fresh(), new HeadersReceived(Fields.request(), false), new SendResponseHeaders(Metadata.EMPTY));
        assertEquals(List.<Action>of(new Refused("response headers already sent")), ServerCall.on(open, new SendResponseHeaders(Metadata.EMPTY)).actions());
    }
}
