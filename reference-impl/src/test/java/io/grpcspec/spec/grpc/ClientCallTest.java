package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.grpc.CallAction.ArmDeadline;
import io.grpcspec.spec.grpc.CallAction.CancelDeadline;
import io.grpcspec.spec.grpc.CallAction.Complete;
import io.grpcspec.spec.grpc.CallAction.DeliverMessage;
import io.grpcspec.spec.grpc.CallAction.DeliverResponseHeaders;
import io.grpcspec.spec.grpc.CallAction.OpenStream;
import io.grpcspec.spec.grpc.CallAction.PeerFault;
import io.grpcspec.spec.grpc.CallAction.PickTransport;
import io.grpcspec.spec.grpc.CallAction.Refused;
import io.grpcspec.spec.grpc.CallAction.ReturnCredit;
import io.grpcspec.spec.grpc.CallAction.SendEndStream;
import io.grpcspec.spec.grpc.CallAction.SendMessage;
import io.grpcspec.spec.grpc.CallAction.SendRstStream;
import io.grpcspec.spec.grpc.ClientCall.Attempt;
import io.grpcspec.spec.grpc.ClientCall.Phase;
import io.grpcspec.spec.grpc.ClientCallEvent.CancelCall;
import io.grpcspec.spec.grpc.ClientCallEvent.DataReceived;
import io.grpcspec.spec.grpc.ClientCallEvent.DeadlineExpired;
import io.grpcspec.spec.grpc.ClientCallEvent.HalfClose;
import io.grpcspec.spec.grpc.ClientCallEvent.HeadersReceived;
import io.grpcspec.spec.grpc.ClientCallEvent.MessageDelivered;
import io.grpcspec.spec.grpc.ClientCallEvent.MessageUnreadable;
import io.grpcspec.spec.grpc.ClientCallEvent.NotProcessed;
import io.grpcspec.spec.grpc.ClientCallEvent.PickFailed;
import io.grpcspec.spec.grpc.ClientCallEvent.PickTimedOut;
import io.grpcspec.spec.grpc.ClientCallEvent.RequestMessages;
import io.grpcspec.spec.grpc.ClientCallEvent.ResetSent;
import io.grpcspec.spec.grpc.ClientCallEvent.RstStreamReceived;
import io.grpcspec.spec.grpc.ClientCallEvent.SendRequestMessage;
import io.grpcspec.spec.grpc.ClientCallEvent.StartCall;
import io.grpcspec.spec.grpc.ClientCallEvent.StreamAssigned;
import io.grpcspec.spec.grpc.ClientCallEvent.StreamNotStarted;
import io.grpcspec.spec.grpc.ClientCallEvent.TransportClosed;
import io.grpcspec.spec.grpc.ClientCallEvent.TransportPicked;
import io.grpcspec.spec.grpc.ClientCallEvent.WriteStalled;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClientCallTest {

    static final RequestHeaders REQ = RequestHeaders.of("http", "localhost", "/pkg.Svc/Call");
    static final Bytes HI = Bytes.ofAscii("hi");
    static final long SECOND = 1_000_000_000L;
    /** The deadline of {@link #started()}: two seconds after the call starts at time 0. */
    static final OptionalLong DEADLINE = OptionalLong.of(2 * SECOND);

    static StartCall startWithDeadline() {
        return new StartCall(REQ, DEADLINE, 0);
    }

    /** A call with a deadline, its stream 3 open. */
    static ClientCall started() {
        return started(CallConfig.DEFAULT);
    }

    static ClientCall started(CallConfig config) {
        return after(ClientCall.create(config), startWithDeadline(), new StreamAssigned(3));
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

    /** The request header list the machine sends with {@code timeoutNanos} left. */
    static List<HeaderField> requestFields(long timeoutNanos) {
        return REQ.withTimeoutNanos(timeoutNanos).toFields();
    }

    @Test
    @Checks({"RPC-20", "RPC-22", "RPC-39"})
    void aUnaryCallFromStartToStatus() {
        Step<ClientCall> st = ClientCall.on(ClientCall.create(CallConfig.DEFAULT), startWithDeadline());
        assertEquals(Phase.OPEN, st.state().phase());
        assertEquals(Attempt.OPENING, st.state().attempt());
        assertEquals(List.of(new OpenStream(requestFields(2 * SECOND)), new ArmDeadline(2 * SECOND)), st.actions());

        Step<ClientCall> a = ClientCall.on(st.state(), new StreamAssigned(3));
        assertEquals(List.of(), a.actions());
        assertEquals(3, a.state().streamId());
        assertEquals(Attempt.OPEN, a.state().attempt());

        Step<ClientCall> m = ClientCall.on(a.state(), new SendRequestMessage(GrpcMessage.of(HI), true));
        assertEquals(Phase.HALF_CLOSED, m.state().phase());
        assertEquals(List.of(new SendMessage(MessageFramer.frame(HI), true)), m.actions());

        ClientCall asked = after(m.state(), new RequestMessages(1));
        Step<ClientCall> h = ClientCall.on(asked, new HeadersReceived(Fields.responseHeaders("x-h", "1"), false));
        assertEquals(Phase.HALF_CLOSED_RECEIVING, h.state().phase());
        assertEquals(List.of(new DeliverResponseHeaders(Metadata.of(new Metadata.Entry("x-h", Bytes.ofAscii("1"))))), h.actions());

        Bytes yo = MessageFramer.frame(Bytes.ofAscii("yo"));
        Step<ClientCall> d = ClientCall.on(h.state(), new DataReceived(yo, false));
        assertEquals(List.of(new ReturnCredit(yo.length()),
                new DeliverMessage(GrpcMessage.of(Bytes.ofAscii("yo")), null, MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES)), d.actions());

        ClientCall taken = after(d.state(), new MessageDelivered());
        Step<ClientCall> t = ClientCall.on(taken, new HeadersReceived(Fields.of("grpc-status", "0", "x-t", "2"), true));
        assertEquals(Phase.CLOSED, t.state().phase());
        assertEquals(List.of(new CancelDeadline(), new Complete(Status.OK, Metadata.of(new Metadata.Entry("x-t", Bytes.ofAscii("2"))))),
                t.actions());
    }

    @Test
    @Checks("RPC-20")
    void aTrailersOnlyResponseEndsTheCall() {
        ClientCall s = after(started(), new HalfClose());
        Step<ClientCall> t = ClientCall.on(s, new HeadersReceived(Fields.responseHeaders("grpc-status", "7", "grpc-message", "nope"), true));
        assertEquals(List.of(new CancelDeadline(), new Complete(Status.of(StatusCode.PERMISSION_DENIED, "nope"))), t.actions());
    }

    @Test
    @Checks("RPC-26")
    void trailersBeforeOurEndStreamAreFollowedByAResetWithNoError() {
        Step<ClientCall> t = ClientCall.on(started(), new HeadersReceived(Fields.responseHeaders("grpc-status", "0"), true));
        assertEquals(List.of(new SendRstStream(ErrorCode.NO_ERROR), new CancelDeadline(), new Complete(Status.OK)), t.actions());
    }

    @Test
    @Checks("RPC-23")
    void endStreamOnDataWithoutTrailersIsInternal() {
        ClientCall receiving = after(started(), new HalfClose(), new HeadersReceived(Fields.responseHeaders(), false));
        Step<ClientCall> d = ClientCall.on(receiving, new DataReceived(MessageFramer.frame(HI), true));
        Status st = Status.of(StatusCode.INTERNAL, "server closed the stream without sending trailers");
        assertEquals(List.of(new PeerFault(RpcRules.RPC_23, st.message()), new CancelDeadline(), new Complete(st)), d.actions());
        // While we are still sending, our half of the stream needs a reset too.
        ClientCall open = after(started(), new HeadersReceived(Fields.responseHeaders(), false));
        assertEquals(new SendRstStream(ErrorCode.CANCEL), ClientCall.on(open, new DataReceived(Bytes.EMPTY, true)).actions().get(1));
    }

    @Test
    @Checks("RPC-24")
    void aServerResetGivesTheMappedStatusAndSendsNothing() {
        for (ErrorCode c : ErrorCode.values()) {
            if (c == ErrorCode.REFUSED_STREAM) continue; // a transparent retry (RPC-28)
            Step<ClientCall> r = ClientCall.on(started(), new RstStreamReceived(c.code(), SECOND));
            assertEquals(List.of(new CancelDeadline(), new Complete(StatusMapping.rstStreamStatus(c.code()))), r.actions(), c.name());
        }
        // REFUSED_STREAM after the response headers cannot be retried: UNAVAILABLE, as the table says.
        ClientCall receiving = after(started(), new HeadersReceived(Fields.responseHeaders(), false));
        Complete refused = (Complete) ClientCall.on(receiving, new RstStreamReceived(7, SECOND)).actions().get(1);
        assertEquals(StatusCode.UNAVAILABLE, refused.status().code());
    }

    @Test
    @Checks("RPC-25")
    void theDeadlineFailsTheCallAndCancelsTheStream() {
        ClientCall receiving = after(started(), new HeadersReceived(Fields.responseHeaders(), false),
                new DataReceived(MessageFramer.frame(HI).slice(0, 3), false));
        Step<ClientCall> d = ClientCall.on(receiving, new DeadlineExpired(42L));
        assertEquals(Phase.CLOSED, d.state().phase());
        assertEquals(List.of(new SendRstStream(ErrorCode.CANCEL), new Complete(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded"))),
                d.actions());
    }

    @Test
    @Checks({"RPC-25", "RPC-42"})
    void aDeadlineAlreadyPastSendsNothing() {
        // The first pick failed: the call never starts.
        assertEquals(List.<Action>of(new Complete(Status.of(StatusCode.UNAVAILABLE, "connection refused"))),
                ClientCall.on(ClientCall.create(CallConfig.DEFAULT), new PickFailed("connection refused")).actions());
        assertEquals(List.<Action>of(new Complete(Status.of(StatusCode.DEADLINE_EXCEEDED, "no connection in time"))),
                ClientCall.on(ClientCall.create(CallConfig.DEFAULT), new PickTimedOut("no connection in time")).actions());
        Step<ClientCall> s = ClientCall.on(ClientCall.create(CallConfig.DEFAULT), new StartCall(REQ, OptionalLong.of(5), 5));
        assertEquals(Phase.CLOSED, s.state().phase());
        assertEquals(List.<Action>of(new Complete(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before the call started"))),
                s.actions());
        // Without a deadline no grpc-timeout goes out and no timer is armed.
        Step<ClientCall> none = ClientCall.on(ClientCall.create(CallConfig.DEFAULT), new StartCall(REQ));
        assertEquals(List.of(new OpenStream(REQ.toFields())), none.actions());
    }

    @Test
    @Checks("RPC-27")
    void cancellingSendsRstStreamCancel() {
        Step<ClientCall> c = ClientCall.on(started(), new CancelCall("user gave up"));
        assertEquals(List.of(new SendRstStream(ErrorCode.CANCEL), new CancelDeadline(),
                new Complete(Status.of(StatusCode.CANCELLED, "user gave up"))), c.actions());
        // Before the call started nothing goes on the wire.
        assertEquals(List.<Action>of(new Complete(Status.of(StatusCode.CANCELLED, "early"))),
                ClientCall.on(ClientCall.create(CallConfig.DEFAULT), new CancelCall("early")).actions());
        // A stream that opens after the call ended is released at once.
        ClientCall opening = after(ClientCall.create(CallConfig.DEFAULT), startWithDeadline(), new CancelCall("gone"));
        Step<ClientCall> late = ClientCall.on(opening, new StreamAssigned(9));
        assertEquals(List.<Action>of(new SendRstStream(ErrorCode.CANCEL)), late.actions());
        assertEquals(9, late.state().streamId());
    }

    @Test
    @Checks("RPC-18")
    void aNonGrpcErrorPageIsMappedAndTheStreamAbandoned() {
        Step<ClientCall> h = ClientCall.on(started(), new HeadersReceived(Fields.of(":status", "503", "content-type", "text/html"), false));
        Status st = Status.of(StatusCode.UNAVAILABLE, "unexpected HTTP status code 503");
        assertEquals(List.of(new PeerFault(RpcRules.RPC_18, st.toString()), new SendRstStream(ErrorCode.CANCEL),
                new CancelDeadline(), new Complete(st)), h.actions());
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
        ClientCall s = after(ClientCall.create(new CallConfig(1, List.of())), new StartCall(REQ), new StreamAssigned(3), new HalfClose(),
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
    @Checks({"RPC-14", "RPC-31"})
    void compressedResponsesNeedAnEncodingWeOffered() {
        CallConfig gzip = new CallConfig(100, List.of("gzip"));
        ClientCall s = after(ClientCall.create(gzip), new StartCall(REQ), new StreamAssigned(3), new HalfClose(), new RequestMessages(5));
        ClientCall plain = after(s, new HeadersReceived(Fields.responseHeaders(), false));
        assertEquals(RpcRules.RPC_14, ((PeerFault) ClientCall.on(plain, new DataReceived(Bytes.ofHex("01 00000000"), false)).actions().get(0)).rule());
        // An encoding we did not offer is like none: a compressed message in it fails the call with INTERNAL.
        ClientCall foreign = after(s, new HeadersReceived(Fields.responseHeaders("grpc-encoding", "snappy"), false));
        List<Action> bad = ClientCall.on(foreign, new DataReceived(Bytes.ofHex("01 00000000"), false)).actions();
        assertEquals(RpcRules.RPC_14, ((PeerFault) bad.get(0)).rule());
        assertEquals(StatusCode.INTERNAL, ((Complete) bad.get(bad.size() - 1)).status().code());
        ClientCall zipped = after(s, new HeadersReceived(Fields.responseHeaders("grpc-encoding", "gzip"), false));
        assertEquals(List.of(new ReturnCredit(5), new DeliverMessage(new GrpcMessage(Bytes.EMPTY, true), "gzip", 100)),
                ClientCall.on(zipped, new DataReceived(Bytes.ofHex("01 00000000"), false)).actions());
    }

    @Test
    @Checks({"RPC-31", "RPC-14"})
    void theRequestOffersExactlyOurEncodingsAndCompressesOnlyWithOne() {
        CallConfig gzip = new CallConfig(100, List.of("gzip"));
        // The accept-encoding the application put in is replaced by what we can decompress.
        Step<ClientCall> s = ClientCall.on(ClientCall.create(gzip), new StartCall(REQ.withEncodings("gzip", "br,zstd")));
        assertEquals(List.of(new OpenStream(REQ.withEncodings("gzip", "gzip").toFields())), s.actions());
        assertEquals(List.of(new OpenStream(REQ.toFields())), ClientCall.on(ClientCall.create(CallConfig.DEFAULT),
                new StartCall(REQ.withEncodings(null, "gzip"))).actions());
        // A request encoding we cannot compress with never goes out.
        Step<ClientCall> snappy = ClientCall.on(ClientCall.create(gzip), new StartCall(REQ.withEncodings("snappy", null)));
        assertEquals(List.<Action>of(new Complete(Status.of(StatusCode.INTERNAL, "no compressor for grpc-encoding snappy"))), snappy.actions());
        // We never send Compressed-Flag 1 unless the request declared an encoding.
        GrpcMessage packed = new GrpcMessage(HI, true);
        assertEquals(List.<Action>of(new Refused("the request declared no grpc-encoding: cannot send a compressed message")),
                ClientCall.on(started(), new SendRequestMessage(packed, false)).actions());
        ClientCall gz = after(ClientCall.create(gzip), new StartCall(REQ.withEncodings("gzip", null)), new StreamAssigned(3));
        assertEquals(List.of(new SendMessage(MessageFramer.frame(packed), false)), ClientCall.on(gz, new SendRequestMessage(packed, false)).actions());
    }

    @Test
    @Checks("RPC-27")
    void theApplicationIsRefusedWhatTheCallCannotDo() {
        assertEquals(List.<Action>of(new Refused("call not started")), ClientCall.on(ClientCall.create(CallConfig.DEFAULT), new HalfClose()).actions());
        ClientCall half = after(started(), new HalfClose());
        assertEquals(List.<Action>of(new Refused("request already half-closed")), ClientCall.on(half, new SendRequestMessage(GrpcMessage.of(HI), false)).actions());
        assertEquals(List.<Action>of(new SendEndStream()), ClientCall.on(started(), new HalfClose()).actions());
        ClientCall closed = after(started(), new CancelCall("x"));
        assertEquals(List.<Action>of(new Refused("call already closed")), ClientCall.on(closed, new CancelCall("y")).actions());
        assertEquals(List.of(), ClientCall.on(closed, new RstStreamReceived(8)).actions());
    }

    // --- transparent retry (RPC-28) -------------------------------------------------------------------

    @Test
    @Checks("RPC-28")
    void aRefusedStreamIsReplayedOnceWithTheTimeLeft() {
        ClientCall sent = after(started(), new SendRequestMessage(GrpcMessage.of(HI), false), new HalfClose());
        Step<ClientCall> refused = ClientCall.on(sent, new RstStreamReceived(ErrorCode.REFUSED_STREAM.code(), SECOND / 2));
        // REFUSED_STREAM says nothing about the connection: the same transport may take the retry.
        assertEquals(List.<Action>of(new PickTransport(false)), refused.actions());
        assertEquals(Attempt.PICKING, refused.state().attempt());
        assertEquals(0, refused.state().streamId());

        Step<ClientCall> picked = ClientCall.on(refused.state(), new TransportPicked(SECOND / 2));
        assertEquals(List.<Action>of(new OpenStream(requestFields(3 * SECOND / 2))), picked.actions());
        Step<ClientCall> reopened = ClientCall.on(picked.state(), new StreamAssigned(5));
        assertEquals(List.of(new SendMessage(MessageFramer.frame(HI), false), new SendEndStream()), reopened.actions());
        assertEquals(5, reopened.state().streamId());

        // Once is all: a second refusal ends the call UNAVAILABLE, with nothing to reset.
        Step<ClientCall> again = ClientCall.on(reopened.state(), new RstStreamReceived(ErrorCode.REFUSED_STREAM.code(), SECOND));
        assertEquals(List.of(new CancelDeadline(), new Complete(Status.of(StatusCode.UNAVAILABLE, "server refused stream 5 (REFUSED_STREAM)"))),
                again.actions());
    }

    @Test
    @Checks({"RPC-28", "RPC-42"})
    void aStreamAboveTheGoAwayOrNeverStartedIsReplayedOnAnotherTransport() {
        Step<ClientCall> goAway = ClientCall.on(started(), new NotProcessed("stream 3 not processed by the server (GOAWAY)"));
        assertEquals(List.<Action>of(new PickTransport(true)), goAway.actions());
        ClientCall opening = after(ClientCall.create(CallConfig.DEFAULT), startWithDeadline());
        Step<ClientCall> notStarted = ClientCall.on(opening, new StreamNotStarted("draining"));
        assertEquals(List.<Action>of(new PickTransport(true)), notStarted.actions());
        // No transport: the channel has none (UNAVAILABLE), or the deadline came first (RPC-42).
        assertEquals(List.of(new CancelDeadline(), new Complete(Status.of(StatusCode.UNAVAILABLE, "channel is shut down"))),
                ClientCall.on(notStarted.state(), new PickFailed("channel is shut down")).actions());
        assertEquals(List.of(new CancelDeadline(), new Complete(Status.of(StatusCode.DEADLINE_EXCEEDED, "waited too long"))),
                ClientCall.on(notStarted.state(), new PickTimedOut("waited too long")).actions());
        // A transport that comes after the deadline starts nothing.
        Step<ClientCall> late = ClientCall.on(notStarted.state(), new TransportPicked(2 * SECOND));
        assertEquals(List.of(new CancelDeadline(), new Complete(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded"))), late.actions());
    }

    @Test
    @Checks("RPC-28")
    void requestPartsSentDuringTheRetryWaitAndGoOutOnTheNewStream() {
        ClientCall picking = after(started(), new RstStreamReceived(ErrorCode.REFUSED_STREAM.code(), 0));
        Step<ClientCall> msg = ClientCall.on(picking, new SendRequestMessage(GrpcMessage.of(HI), false));
        assertEquals(List.of(), msg.actions(), "no stream: the message waits");
        ClientCall waiting = after(msg.state(), new HalfClose());
        Step<ClientCall> reopened = ClientCall.on(after(waiting, new TransportPicked(0)), new StreamAssigned(7));
        assertEquals(List.of(new SendMessage(MessageFramer.frame(HI), false), new SendEndStream()), reopened.actions());
        // What cannot wait in the replay record ends the call.
        Bytes big = Bytes.of(new byte[ClientCall.REPLAY_LIMIT]);
        Step<ClientCall> tooBig = ClientCall.on(picking, new SendRequestMessage(GrpcMessage.of(big), false));
        assertEquals(StatusCode.UNAVAILABLE, ((Complete) tooBig.actions().get(tooBig.actions().size() - 1)).status().code());
    }

    @Test
    @Checks("RPC-28")
    void noRetryOnceTheServerAnsweredOrTheRequestOutgrewTheRecord() {
        ClientCall answered = after(started(), new HeadersReceived(Fields.responseHeaders(), false));
        assertNull(answered.replay(), "response headers: the server processed the call");
        Complete c = (Complete) ClientCall.on(answered, new NotProcessed("GOAWAY")).actions().get(1);
        assertEquals(Status.of(StatusCode.UNAVAILABLE, "GOAWAY"), c.status());
        ClientCall large = after(started(), new SendRequestMessage(GrpcMessage.of(Bytes.of(new byte[ClientCall.REPLAY_LIMIT])), false));
        assertNull(large.replay());
        assertEquals(new Complete(Status.of(StatusCode.UNAVAILABLE, "GOAWAY")), ClientCall.on(large, new NotProcessed("GOAWAY")).actions().get(1));
    }

    // --- the other call policies ------------------------------------------------------------------------

    @Test
    @Checks({"RPC-29", "RPC-24"})
    void aCancelAtOrAfterTheDeadlineIsDeadlineExceeded() {
        Step<ClientCall> late = ClientCall.on(started(), new RstStreamReceived(ErrorCode.CANCEL.code(), 2 * SECOND));
        assertEquals(List.of(new CancelDeadline(),
                new Complete(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded (the server cancelled the stream at the deadline)"))),
                late.actions());
        Step<ClientCall> early = ClientCall.on(started(), new RstStreamReceived(ErrorCode.CANCEL.code(), 2 * SECOND - 1));
        assertEquals(StatusCode.CANCELLED, ((Complete) early.actions().get(1)).status().code());
        // Without a deadline a CANCEL is always CANCELLED.
        ClientCall noDeadline = after(ClientCall.create(CallConfig.DEFAULT), new StartCall(REQ), new StreamAssigned(3));
        assertEquals(StatusCode.CANCELLED, ((Complete) ClientCall.on(noDeadline, new RstStreamReceived(8, Long.MAX_VALUE)).actions().get(0))
                .status().code());
    }

    @Test
    @Checks("RPC-30")
    void aClosedConnectionIsUnavailable() {
        ClientCall receiving = after(started(), new HeadersReceived(Fields.responseHeaders(), false));
        Step<ClientCall> c = ClientCall.on(receiving, new TransportClosed("EOF"));
        assertEquals(List.of(new CancelDeadline(), new Complete(Status.of(StatusCode.UNAVAILABLE, "connection closed: EOF"))), c.actions());
    }

    @Test
    @Checks("RPC-33")
    void aMessageOverTheSendLimitIsNeverSent() {
        ClientCall s = started(new CallConfig(100, 10, List.of()));
        Step<ClientCall> big = ClientCall.on(s, new SendRequestMessage(GrpcMessage.of(Bytes.of(new byte[11])), false));
        assertEquals(List.of(new SendRstStream(ErrorCode.CANCEL), new CancelDeadline(),
                new Complete(Status.of(StatusCode.RESOURCE_EXHAUSTED, "message larger than max (11 vs. 10)"))), big.actions());
        // The limit applies to the size before compression.
        ClientCall gz = after(ClientCall.create(new CallConfig(100, 10, List.of("gzip"))),
                new StartCall(REQ.withEncodings("gzip", null)), new StreamAssigned(3));
        Step<ClientCall> packed = ClientCall.on(gz, new SendRequestMessage(new GrpcMessage(Bytes.of(new byte[3]), true), 50, false));
        assertEquals(StatusCode.RESOURCE_EXHAUSTED, ((Complete) packed.actions().get(1)).status().code());
        assertEquals(List.of(new SendMessage(MessageFramer.frame(Bytes.of(new byte[10])), false)),
                ClientCall.on(s, new SendRequestMessage(GrpcMessage.of(Bytes.of(new byte[10])), false)).actions());
    }

    @Test
    @Checks({"RPC-34", "RPC-35"})
    void anUnreadableResponseMessageFailsTheCall() {
        ClientCall delivering = after(started(), new RequestMessages(1), new HeadersReceived(Fields.responseHeaders(), false),
                new DataReceived(MessageFramer.frame(HI), false));
        assertTrue(delivering.inbox().delivering());
        Step<ClientCall> big = ClientCall.on(delivering, new MessageUnreadable(Unreadable.TOO_LARGE, "decompressed message too large"));
        assertEquals(List.of(new PeerFault(RpcRules.RPC_34, "decompressed message too large"), new SendRstStream(ErrorCode.CANCEL),
                new CancelDeadline(), new Complete(Status.of(StatusCode.RESOURCE_EXHAUSTED, "decompressed message too large"))), big.actions());
        Step<ClientCall> junk = ClientCall.on(delivering, new MessageUnreadable(Unreadable.UNPARSABLE, "not a HelloReply"));
        assertEquals(new PeerFault(RpcRules.RPC_35, "not a HelloReply"), junk.actions().get(0));
        assertEquals(Status.of(StatusCode.INTERNAL, "not a HelloReply"), ((Complete) junk.actions().get(3)).status());
        assertEquals(StatusCode.INTERNAL, ((Complete) ClientCall.on(delivering, new MessageUnreadable(Unreadable.CORRUPT, "bad gzip"))
                .actions().get(3)).status().code());
    }

    @Test
    @Checks({"RPC-39", "RPC-38"})
    void messagesWaitForTheApplicationAndTheStatusFollowsThem() {
        ClientCall receiving = after(started(), new HalfClose(), new HeadersReceived(Fields.responseHeaders(), false));
        Bytes two = MessageFramer.frame(Bytes.ofAscii("a")).concat(MessageFramer.frame(Bytes.ofAscii("b")));
        Step<ClientCall> d = ClientCall.on(receiving, new DataReceived(two, false));
        assertEquals(List.of(new ReturnCredit(two.length())), d.actions(), "nothing asked for: nothing delivered, credit still returned");
        Step<ClientCall> t = ClientCall.on(d.state(), new HeadersReceived(Fields.of("grpc-status", "0"), true));
        assertEquals(Phase.DRAINING, t.state().phase());
        assertEquals(List.of(new CancelDeadline()), t.actions(), "the status waits for the two messages");
        int max = MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES;
        Step<ClientCall> first = ClientCall.on(t.state(), new RequestMessages(5));
        assertEquals(List.of(new DeliverMessage(GrpcMessage.of(Bytes.ofAscii("a")), null, max)), first.actions());
        Step<ClientCall> second = ClientCall.on(first.state(), new MessageDelivered());
        assertEquals(List.of(new DeliverMessage(GrpcMessage.of(Bytes.ofAscii("b")), null, max)), second.actions());
        Step<ClientCall> done = ClientCall.on(second.state(), new MessageDelivered());
        assertEquals(List.of(new Complete(Status.OK)), done.actions());
        assertEquals(Phase.CLOSED, done.state().phase());
        // Any other ending drops what the application has not taken.
        assertEquals(List.of(new Complete(Status.of(StatusCode.CANCELLED, "bye"))), ClientCall.on(t.state(), new CancelCall("bye")).actions());
        assertEquals(List.of(new SendRstStream(ErrorCode.CANCEL), new CancelDeadline(), new Complete(Status.of(StatusCode.CANCELLED, "bye"))),
                ClientCall.on(d.state(), new CancelCall("bye")).actions());
    }

    @Test
    @Checks("RPC-38")
    void creditWaitsOnceTheUndeliveredBacklogPassesTheLimit() {
        ClientCall s = after(started(), new HalfClose(), new HeadersReceived(Fields.responseHeaders(), false));
        Bytes frame = MessageFramer.frame(Bytes.of(new byte[64 * 1024 - MessageFramer.PREFIX_LENGTH]));
        int returned = 0;
        int received = 0;
        for (int i = 0; i < 20; i++) {
            Step<ClientCall> d = ClientCall.on(s, new DataReceived(frame, false));
            received += frame.length();
            for (Action a : d.actions()) if (a instanceof ReturnCredit(int n)) returned += n;
            s = d.state();
        }
        // 16 frames fill the 1 MiB backlog exactly and are credited; the 17th and later wait.
        assertEquals(16 * frame.length(), returned);
        assertEquals(4 * frame.length(), s.inbox().owed());
        // The application takes messages one at a time; when the fourth is handed over the backlog is
        // back at the limit and the owed credit goes back with it.
        ClientCall taking = after(s, new RequestMessages(4), new MessageDelivered(), new MessageDelivered());
        assertEquals(4 * frame.length(), taking.inbox().owed());
        Step<ClientCall> fourth = ClientCall.on(taking, new MessageDelivered());
        assertEquals(new ReturnCredit(4 * frame.length()), fourth.actions().get(0));
        assertTrue(fourth.actions().get(1) instanceof DeliverMessage);
        assertEquals(received, returned + 4 * frame.length(), "every received byte is credited exactly once");
    }

    @Test
    @Checks("RPC-40")
    void aStalledRequestEndsTheCallCancelled() {
        Step<ClientCall> s = ClientCall.on(started(), new WriteStalled("no credit for 30 s"));
        assertEquals(List.of(new SendRstStream(ErrorCode.CANCEL), new CancelDeadline(),
                new Complete(Status.of(StatusCode.CANCELLED, "no credit for 30 s"))), s.actions());
    }
}
