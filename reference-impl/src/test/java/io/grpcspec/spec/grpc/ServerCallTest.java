package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.grpc.CallAction.ArmDeadline;
import io.grpcspec.spec.grpc.CallAction.CancelDeadline;
import io.grpcspec.spec.grpc.CallAction.Complete;
import io.grpcspec.spec.grpc.CallAction.DeliverCancel;
import io.grpcspec.spec.grpc.CallAction.DeliverHalfClose;
import io.grpcspec.spec.grpc.CallAction.DeliverMessage;
import io.grpcspec.spec.grpc.CallAction.DeliverRequest;
import io.grpcspec.spec.grpc.CallAction.PeerFault;
import io.grpcspec.spec.grpc.CallAction.Refused;
import io.grpcspec.spec.grpc.CallAction.ReturnCredit;
import io.grpcspec.spec.grpc.CallAction.SendHeaders;
import io.grpcspec.spec.grpc.CallAction.SendMessage;
import io.grpcspec.spec.grpc.CallAction.SendRstStream;
import io.grpcspec.spec.grpc.CallAction.SendTrailers;
import io.grpcspec.spec.grpc.ServerCall.Phase;
import io.grpcspec.spec.grpc.ServerCallEvent.DataReceived;
import io.grpcspec.spec.grpc.ServerCallEvent.DeadlineExpired;
import io.grpcspec.spec.grpc.ServerCallEvent.FinishCall;
import io.grpcspec.spec.grpc.ServerCallEvent.HandlerUnavailable;
import io.grpcspec.spec.grpc.ServerCallEvent.HeadersReceived;
import io.grpcspec.spec.grpc.ServerCallEvent.MessageDelivered;
import io.grpcspec.spec.grpc.ServerCallEvent.MessageUnreadable;
import io.grpcspec.spec.grpc.ServerCallEvent.MethodResolved;
import io.grpcspec.spec.grpc.ServerCallEvent.MethodUnknown;
import io.grpcspec.spec.grpc.ServerCallEvent.RequestMessages;
import io.grpcspec.spec.grpc.ServerCallEvent.ResetSent;
import io.grpcspec.spec.grpc.ServerCallEvent.RstStreamReceived;
import io.grpcspec.spec.grpc.ServerCallEvent.SendResponseHeaders;
import io.grpcspec.spec.grpc.ServerCallEvent.SendResponseMessage;
import io.grpcspec.spec.grpc.ServerCallEvent.StreamClosed;
import io.grpcspec.spec.grpc.ServerCallEvent.WriteStalled;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCallTest {

    static final Bytes HI = Bytes.ofAscii("hi");
    static final Bytes FRAMED_HI = MessageFramer.frame(HI);
    static final int MAX = MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES;

    static ServerCall fresh() {
        return ServerCall.start(1, CallConfig.DEFAULT);
    }

    static ServerCall after(ServerCall s, ServerCallEvent... events) {
        for (ServerCallEvent e : events) s = ServerCall.on(s, e).state();
        return s;
    }

    /** What the driver does after DeliverRequest for a method it has: resolve it and ask for every message. */
    static ServerCall routed(ServerCall s, boolean requestStreaming) {
        return after(s, new MethodResolved(requestStreaming), new RequestMessages(Long.MAX_VALUE));
    }

    /** A request for a unary method, its headers in, looked up. */
    static ServerCall unary(String... extraFields) {
        return routed(after(fresh(), new HeadersReceived(Fields.request(extraFields), false)), false);
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
    @Checks({"RPC-22", "RPC-25", "RPC-39"})
    void aUnaryCallFromHeadersToTrailers() {
        Step<ServerCall> h = ServerCall.on(fresh(), new HeadersReceived(Fields.request("grpc-timeout", "1S"), false, 5));
        assertEquals(Phase.OPEN, h.state().phase());
        RequestHeaders req = ((DeliverRequest) h.actions().get(0)).request();
        assertEquals("/pkg.Svc/Call", req.path());
        assertEquals(List.of(new DeliverRequest(req), new ArmDeadline(1_000_000_000L)), h.actions());
        assertEquals(1_000_000_000L - 5, h.state().remainingNanos(10));

        // The driver looks the method up; until then nothing reaches the application.
        Step<ServerCall> r = ServerCall.on(h.state(), new MethodResolved(false));
        assertEquals(List.of(), r.actions());
        ServerCall asked = after(r.state(), new RequestMessages(Long.MAX_VALUE));

        Step<ServerCall> d = ServerCall.on(asked, new DataReceived(FRAMED_HI, true));
        assertEquals(Phase.HALF_CLOSED, d.state().phase());
        assertEquals(List.of(new ReturnCredit(FRAMED_HI.length()), new DeliverMessage(GrpcMessage.of(HI), null, MAX)), d.actions());
        // The half-close follows once the message has been taken.
        assertEquals(List.of(new DeliverHalfClose()), ServerCall.on(d.state(), new MessageDelivered()).actions());
        ServerCall taken = after(d.state(), new MessageDelivered());

        Step<ServerCall> m = ServerCall.on(taken, new SendResponseMessage(GrpcMessage.of(Bytes.ofAscii("yo"))));
        assertEquals(Phase.HALF_CLOSED_RESPONDING, m.state().phase());
        assertEquals(List.of(new SendHeaders(Fields.responseHeaders(), false), new SendMessage(MessageFramer.frame(Bytes.ofAscii("yo")), false)), m.actions());

        Step<ServerCall> f = ServerCall.on(m.state(), new FinishCall(Status.OK, Metadata.of(Metadata.ascii("x-t", "1"))));
        assertEquals(Phase.CLOSED, f.state().phase());
        assertEquals(List.of(new SendTrailers(Fields.of("grpc-status", "0", "x-t", "1")), new CancelDeadline(), new Complete(Status.OK)),
                f.actions());
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
        ServerCall s = after(unary(), new SendResponseHeaders(Metadata.EMPTY));
        assertEquals(Phase.OPEN_RESPONDING, s.phase());
        Step<ServerCall> f = ServerCall.on(s, new FinishCall(Status.of(StatusCode.ABORTED, ""), Metadata.EMPTY));
        assertEquals(List.of(new SendTrailers(Fields.of("grpc-status", "10")), new SendRstStream(ErrorCode.NO_ERROR),
                new Complete(Status.of(StatusCode.ABORTED, ""))), f.actions());
    }

    @Test
    @Checks({"RPC-2", "RPC-44"})
    void aNonGrpcRequestIsReadToItsEndThenAnsweredWithStatusAndBody() {
        List<HeaderField> bad = Fields.with(Fields.request(), "content-type", "text/plain");
        RequestValidation.NotGrpc n = (RequestValidation.NotGrpc) RequestValidation.validate(bad, CallConfig.DEFAULT);
        Step<ServerCall> open = ServerCall.on(fresh(), new HeadersReceived(bad, false));
        assertEquals(Phase.REJECTING, open.state().phase());
        assertEquals(List.of(new PeerFault(RpcRules.RPC_2, n.status().toString())), open.actions());
        // The body is dropped and credited back; nothing is answered before the request ends.
        Step<ServerCall> body = ServerCall.on(open.state(), new DataReceived(Bytes.ofAscii("hello"), false));
        assertEquals(Phase.REJECTING, body.state().phase());
        assertEquals(List.of(new ReturnCredit(5)), body.actions());
        Step<ServerCall> end = ServerCall.on(body.state(), new DataReceived(Bytes.ofAscii("!"), true));
        assertEquals(Phase.CLOSED, end.state().phase());
        assertEquals(List.of(new ReturnCredit(1), new SendHeaders(n.response(), false), new CallAction.SendBody(n.body()),
                new Complete(n.status())), end.actions());
        // A request that ended with its headers is answered at once; trailers end one too.
        assertEquals(List.of(new PeerFault(RpcRules.RPC_2, n.status().toString()), new SendHeaders(n.response(), false),
                new CallAction.SendBody(n.body()), new Complete(n.status())), ServerCall.on(fresh(), new HeadersReceived(bad, true)).actions());
        Step<ServerCall> trailers = ServerCall.on(open.state(), new HeadersReceived(Fields.of("x-trailer", "1"), true));
        assertEquals(List.of(new SendHeaders(n.response(), false), new CallAction.SendBody(n.body()), new Complete(n.status())),
                trailers.actions());
    }

    @Test
    @Checks({"RPC-44", "RPC-8", "RPC-22"})
    void everyFrameOfANonGrpcRequestIsStillJudged() {
        ServerCall reading = after(fresh(), new HeadersReceived(Fields.with(Fields.request(), "content-type", null), false));
        assertEquals(Phase.REJECTING, reading.phase());
        assertEquals("RPC-8", violation(reading, new HeadersReceived(Fields.of(":path", "/x"), true)).rule().id());
        Violation second = violation(reading, new HeadersReceived(Fields.of("x-a", "1"), false));
        assertEquals("RPC-22", second.rule().id());
        assertEquals(ErrorCode.PROTOCOL_ERROR, second.code());
        // The application cannot act on a stream that has no call.
        assertInstanceOf(Refused.class, ServerCall.on(reading, new FinishCall(Status.OK, Metadata.EMPTY)).actions().get(0));
    }

    @Test
    @Checks("RPC-43")
    void contentLengthMustMatchTheData() {
        // Too much DATA fails at once, before the end; too little at END_STREAM; a bad value at once.
        ServerCall grpc = unary("content-length", "3");
        Violation over = violation(grpc, new DataReceived(FRAMED_HI, false));
        assertEquals(ErrorCode.PROTOCOL_ERROR, over.code());
        assertEquals("RPC-43", over.rule().id());
        ServerCall text = after(fresh(), new HeadersReceived(Fields.plus(Fields.with(Fields.request(), "content-type", "text/plain"),
                "content-length", "10"), false));
        ServerCall part = after(text, new DataReceived(Bytes.ofAscii("12345"), false));
        assertEquals(Phase.REJECTING, part.phase());
        assertEquals("RPC-43", violation(part, new DataReceived(Bytes.ofAscii("1234"), true)).rule().id());
        assertEquals("RPC-43", violation(part, new HeadersReceived(Fields.of("x-t", "1"), true)).rule().id());
        assertEquals("RPC-43", violation(fresh(), new HeadersReceived(Fields.request("content-length", "1"), true)).rule().id());
        assertEquals("RPC-43", violation(fresh(), new HeadersReceived(Fields.request("content-length", "-1"), false)).rule().id());
        assertEquals("RPC-43", violation(fresh(), new HeadersReceived(Fields.request("content-length", "1, 2"), false)).rule().id());
        // The exact length passes, a repeated identical value too.
        ServerCall exact = after(unary("content-length", "7, 7"), new DataReceived(FRAMED_HI, true));
        assertEquals(Phase.HALF_CLOSED, exact.phase());
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
        ServerCall open = routed(after(fresh(), new HeadersReceived(Fields.request(), false)), true);
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
        ServerCall s = unary("grpc-timeout", "5m");
        Step<ServerCall> r = ServerCall.on(s, new RstStreamReceived(ErrorCode.CANCEL.code()));
        assertEquals(Phase.CLOSED, r.state().phase());
        Status cancelled = Status.of(StatusCode.CANCELLED, "client stream reset with CANCEL");
        assertEquals(List.of(new DeliverCancel(cancelled), new CancelDeadline(), new Complete(cancelled)), r.actions());
        Step<ServerCall> calm = ServerCall.on(s, new RstStreamReceived(ErrorCode.ENHANCE_YOUR_CALM.code()));
        assertEquals(StatusCode.RESOURCE_EXHAUSTED, ((Complete) calm.actions().get(2)).status().code());
        // The stream closing under the call (connection gone) is a cancellation too.
        Status gone = Status.of(StatusCode.CANCELLED, "connection closed");
        assertEquals(List.of(new DeliverCancel(gone), new CancelDeadline(), new Complete(gone)),
                ServerCall.on(s, new StreamClosed("connection closed")).actions());
    }

    @Test
    @Checks("RPC-25")
    void theDeadlineEndsTheCallWithTrailersThenCancel() {
        ServerCall s = unary("grpc-timeout", "100m");
        Step<ServerCall> d = ServerCall.on(s, new DeadlineExpired(123L));
        Status st = Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded");
        assertEquals(Phase.CLOSED, d.state().phase());
        assertEquals(List.of(new SendHeaders(trailersOnly("application/grpc", "grpc-status", "4", "grpc-message", "deadline exceeded"), true),
                new SendRstStream(ErrorCode.CANCEL), new DeliverCancel(st), new Complete(st)), d.actions());
        ServerCall responding = after(s, new SendResponseHeaders(Metadata.EMPTY), new DataReceived(FRAMED_HI, true));
        assertEquals(Phase.HALF_CLOSED_RESPONDING, responding.phase());
        assertEquals(List.of(new SendTrailers(Fields.of("grpc-status", "4", "grpc-message", "deadline exceeded")),
                new SendRstStream(ErrorCode.CANCEL), new DeliverCancel(st), new Complete(st)),
                ServerCall.on(responding, new DeadlineExpired(9L)).actions());
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
        ServerCall gz = routed(after(ServerCall.start(1, new CallConfig(100, List.of("gzip"))),
                new HeadersReceived(Fields.request("grpc-encoding", "gzip"), false)), true);
        assertEquals(List.of(new ReturnCredit(5), new DeliverMessage(new GrpcMessage(Bytes.EMPTY, true), "gzip", 100)),
                ServerCall.on(gz, new DataReceived(Bytes.ofHex("01 00000000"), false)).actions());
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
        ServerCall open = after(unary(), new SendResponseHeaders(Metadata.EMPTY));
        assertEquals(List.<Action>of(new Refused("response headers already sent")), ServerCall.on(open, new SendResponseHeaders(Metadata.EMPTY)).actions());
    }

    // --- the server's call policies -------------------------------------------------------------------

    @Test
    @Checks("RPC-37")
    void anUnknownMethodIsUnimplementedTrailersOnly() {
        ServerCall s = after(fresh(), new HeadersReceived(Fields.request(), true));
        Step<ServerCall> u = ServerCall.on(s, new MethodUnknown("unknown service pkg.Svc"));
        Status st = Status.of(StatusCode.UNIMPLEMENTED, "unknown service pkg.Svc");
        assertEquals(List.of(new SendHeaders(trailersOnly("application/grpc", "grpc-status", "12", "grpc-message", "unknown service pkg.Svc"), true),
                new Complete(st)), u.actions(), "no handler exists: no cancellation to deliver");
    }

    @Test
    @Checks("RPC-36")
    void aOneRequestMethodTakesExactlyOneMessage() {
        Status tooMany = Status.of(StatusCode.INTERNAL, "Too many requests");
        Bytes two = FRAMED_HI.concat(FRAMED_HI);
        Step<ServerCall> second = ServerCall.on(unary(), new DataReceived(two, false));
        // The client's fault is reported (for the oracle) before the call ends.
        assertEquals(List.of(new CallAction.PeerFault(RpcRules.RPC_36, "Too many requests"),
                new SendHeaders(trailersOnly("application/grpc", "grpc-status", "13", "grpc-message", "Too many requests"), true),
                new SendRstStream(ErrorCode.NO_ERROR), new DeliverCancel(tooMany), new Complete(tooMany)), second.actions());
        // The same two messages before the lookup: judged when the method is known.
        ServerCall early = after(fresh(), new HeadersReceived(Fields.request(), false), new DataReceived(two, false));
        assertEquals(List.of(), ServerCall.on(early, new DataReceived(Bytes.EMPTY, false)).actions(), "nothing reaches the application yet");
        assertEquals(new Complete(tooMany), last(ServerCall.on(early, new MethodResolved(false)).actions()));
        // A stream-request method takes both.
        assertEquals(List.of(new ReturnCredit(two.length()), new DeliverMessage(GrpcMessage.of(HI), null, MAX)),
                ServerCall.on(routed(after(fresh(), new HeadersReceived(Fields.request(), false)), true), new DataReceived(two, false)).actions());

        Status missing = Status.of(StatusCode.INTERNAL, "Half-closed without a request");
        Step<ServerCall> none = ServerCall.on(unary(), new DataReceived(Bytes.EMPTY, true));
        assertEquals(List.of(new CallAction.PeerFault(RpcRules.RPC_36, missing.message()),
                new SendHeaders(trailersOnly("application/grpc", "grpc-status", "13", "grpc-message", missing.message()), true),
                new DeliverCancel(missing), new Complete(missing)), none.actions());
        ServerCall endedAtOnce = after(fresh(), new HeadersReceived(Fields.request(), true));
        assertEquals(new Complete(missing), last(ServerCall.on(endedAtOnce, new MethodResolved(false)).actions()));
        assertEquals(List.of(new DeliverHalfClose()), ServerCall.on(endedAtOnce, new MethodResolved(true)).actions());
    }

    @Test
    @Checks("RPC-32")
    void responsesAreCompressedOnlyWithAnEncodingTheClientAccepts() {
        CallConfig gzip = new CallConfig(MAX, List.of("gzip"));
        ServerCall accepts = routed(after(ServerCall.start(1, gzip), new HeadersReceived(Fields.request("grpc-accept-encoding", "deflate, gzip"), false)), false);
        Step<ServerCall> h = ServerCall.on(accepts, new SendResponseHeaders(Metadata.EMPTY, "gzip"));
        assertEquals(List.of(new SendHeaders(Fields.responseHeaders("grpc-encoding", "gzip"), false)), h.actions());
        assertEquals("gzip", h.state().responseEncoding());
        GrpcMessage packed = new GrpcMessage(HI, true);
        assertEquals(List.of(new SendMessage(MessageFramer.frame(packed), false)), ServerCall.on(h.state(), new SendResponseMessage(packed)).actions());
        // The client did not list it: no grpc-encoding, and compressed messages are refused.
        ServerCall plain = routed(after(ServerCall.start(1, gzip), new HeadersReceived(Fields.request(), false)), false);
        Step<ServerCall> p = ServerCall.on(plain, new SendResponseHeaders(Metadata.EMPTY, "gzip"));
        assertEquals(List.of(new SendHeaders(Fields.responseHeaders(), false)), p.actions());
        assertEquals(null, p.state().responseEncoding());
        // Nor do we declare one we do not have, whatever the client accepts.
        ServerCall snappy = routed(after(fresh(), new HeadersReceived(Fields.request("grpc-accept-encoding", "snappy"), false)), false);
        assertEquals(List.of(new SendHeaders(Fields.responseHeaders(), false)),
                ServerCall.on(snappy, new SendResponseHeaders(Metadata.EMPTY, "snappy")).actions());
    }

    @Test
    @Checks("RPC-33")
    void aResponseOverTheSendLimitEndsTheCall() {
        ServerCall s = routed(after(ServerCall.start(1, new CallConfig(MAX, 4, List.of())), new HeadersReceived(Fields.request(), false)), false);
        Step<ServerCall> big = ServerCall.on(s, new SendResponseMessage(GrpcMessage.of(Bytes.of(new byte[5]))));
        Status st = Status.of(StatusCode.RESOURCE_EXHAUSTED, "response message larger than max (5 vs. 4)");
        assertEquals(List.of(new SendHeaders(trailersOnly("application/grpc", "grpc-status", "8", "grpc-message", st.message()), true),
                new SendRstStream(ErrorCode.NO_ERROR), new DeliverCancel(st), new Complete(st)), big.actions());
        assertEquals(2, ServerCall.on(s, new SendResponseMessage(GrpcMessage.of(Bytes.of(new byte[4])))).actions().size());
    }

    @Test
    @Checks({"RPC-34", "RPC-35"})
    void anUnreadableRequestMessageFailsTheCall() {
        ServerCall delivering = after(unary(), new DataReceived(FRAMED_HI, false));
        assertEquals(true, delivering.inbox().delivering());
        Step<ServerCall> big = ServerCall.on(delivering, new MessageUnreadable(Unreadable.TOO_LARGE, "too large decompressed"));
        Status st = Status.of(StatusCode.RESOURCE_EXHAUSTED, "too large decompressed");
        assertEquals(List.of(new PeerFault(RpcRules.RPC_34, st.message()),
                new SendHeaders(trailersOnly("application/grpc", "grpc-status", "8", "grpc-message", st.message()), true),
                new SendRstStream(ErrorCode.NO_ERROR), new DeliverCancel(st), new Complete(st)), big.actions());
        Step<ServerCall> junk = ServerCall.on(delivering, new MessageUnreadable(Unreadable.UNPARSABLE, "not a HelloRequest"));
        assertEquals(new PeerFault(RpcRules.RPC_35, "not a HelloRequest"), junk.actions().get(0));
        assertEquals(new Complete(Status.of(StatusCode.INTERNAL, "not a HelloRequest")), last(junk.actions()));
        // An answer nobody waits for changes nothing.
        assertEquals(List.of(), ServerCall.on(unary(), new MessageUnreadable(Unreadable.CORRUPT, "x")).actions());
    }

    @Test
    @Checks({"RPC-38", "RPC-39"})
    void requestMessagesGoOneAtATimeAndABacklogHoldsCreditBack() {
        ServerCall s = after(fresh(), new HeadersReceived(Fields.request(), false), new MethodResolved(true));
        Bytes frame = MessageFramer.frame(Bytes.of(new byte[64 * 1024 - MessageFramer.PREFIX_LENGTH]));
        List<Action> seen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            Step<ServerCall> d = ServerCall.on(s, new DataReceived(frame, false));
            seen.addAll(d.actions());
            s = d.state();
        }
        // No demand yet: nothing delivered; 16 frames fill the backlog limit exactly and are credited.
        assertEquals(16, seen.stream().filter(a -> a instanceof ReturnCredit).count());
        assertEquals(frame.length(), s.inbox().owed());
        Step<ServerCall> one = ServerCall.on(s, new RequestMessages(1));
        assertEquals(List.of(new ReturnCredit(frame.length()), new DeliverMessage(GrpcMessage.of(frame.slice(5, frame.length())), null, MAX)),
                one.actions());
        // Demand left over, but the next message waits for the answer to the first.
        Step<ServerCall> more = ServerCall.on(one.state(), new RequestMessages(5));
        assertEquals(List.of(), more.actions());
        assertInstanceOf(DeliverMessage.class, ServerCall.on(more.state(), new MessageDelivered()).actions().get(0));
    }

    @Test
    @Checks("RPC-40")
    void aStalledResponseEndsTheCallCancelled() {
        Step<ServerCall> s = ServerCall.on(unary("grpc-timeout", "5S"), new WriteStalled("no credit for 60 s"));
        Status st = Status.of(StatusCode.CANCELLED, "no credit for 60 s");
        assertEquals(List.of(new SendRstStream(ErrorCode.CANCEL), new DeliverCancel(st), new CancelDeadline(), new Complete(st)), s.actions());
    }

    @Test
    @Checks("RPC-41")
    void noHandlerThreadIsResourceExhausted() {
        Step<ServerCall> s = ServerCall.on(unary(), new HandlerUnavailable("server busy"));
        Status st = Status.of(StatusCode.RESOURCE_EXHAUSTED, "server busy");
        assertEquals(List.of(new SendHeaders(trailersOnly("application/grpc", "grpc-status", "8", "grpc-message", "server busy"), true),
                new SendRstStream(ErrorCode.NO_ERROR), new DeliverCancel(st), new Complete(st)), s.actions());
    }

    private static Action last(List<Action> actions) {
        return actions.get(actions.size() - 1);
    }
}
