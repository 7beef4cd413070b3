package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Step;
import io.grpcspec.traceability.Enforces;
import io.grpcspec.spec.grpc.CallAction.CancelDeadline;
import io.grpcspec.spec.grpc.CallAction.Complete;
import io.grpcspec.spec.grpc.CallAction.DeliverCancel;
import io.grpcspec.spec.grpc.CallAction.DeliverHalfClose;
import io.grpcspec.spec.grpc.CallAction.DeliverMessage;
import io.grpcspec.spec.grpc.CallAction.DeliverRequest;
import io.grpcspec.spec.grpc.CallAction.PeerFault;
import io.grpcspec.spec.grpc.CallAction.Refused;
import io.grpcspec.spec.grpc.CallAction.ReturnCredit;
import io.grpcspec.spec.grpc.CallAction.SendBody;
import io.grpcspec.spec.grpc.CallAction.SendHeaders;
import io.grpcspec.spec.grpc.CallAction.SendMessage;
import io.grpcspec.spec.grpc.CallAction.SendRstStream;
import io.grpcspec.spec.grpc.CallAction.SendTrailers;
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
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The server side of one call (one HTTP/2 stream opened by the client), as an immutable state and
 * a pure transition function {@link #on}.
 *
 * <p>The phase is the product of two directions: is the request still open (the client has not
 * sent END_STREAM), and have response headers been sent. Sending trailers, or a reset either way,
 * ends the call ({@code CLOSED}). Beside the phase the machine tracks the request's shape once the
 * driver has looked the method up ({@code routing}, {@link RpcRules#RPC_36}, {@link RpcRules#RPC_37}),
 * the messages on their way to the application ({@link Inbox}), and what the client accepts for
 * response compression ({@link RpcRules#RPC_32}).
 *
 * @param streamId the call's stream
 * @param phase where the call is
 * @param config our limits and encodings
 * @param deframer reassembles request messages (meaningful while the request is open)
 * @param responseContentType the content-type our responses carry (echoes the request's subtype)
 * @param deadline when the call ends by itself, on the driver's clock (from grpc-timeout; empty: none)
 * @param deadlineArmed whether the deadline timer is armed
 * @param responseEncoding the {@code grpc-encoding} our response headers declared (null: none),
 *     which allows compressed response messages
 * @param accepted the encodings the client listed in {@code grpc-accept-encoding}
 * @param routing what the driver's method lookup said
 * @param requests request messages received so far, counted up to 2 (enough for RPC-36)
 * @param halfCloseDelivered whether the application has been told the request ended
 * @param inbox request messages on their way to the application, and the credit they hold
 * @param length the request's content-length and the DATA octets received against it ({@link RpcRules#RPC_43})
 * @param deferred in {@code REJECTING}: the HTTP answer that waits for the request's end ({@link RpcRules#RPC_44}); else null
 */
public record ServerCall(int streamId, Phase phase, CallConfig config, MessageDeframer deframer,
                         String responseContentType, OptionalLong deadline, boolean deadlineArmed, String responseEncoding,
                         List<String> accepted, Routing routing, int requests, boolean halfCloseDelivered, Inbox inbox,
                         ContentLength length, RequestValidation.NotGrpc deferred) {

    public enum Phase {
        /** Stream open, request headers not yet received. */
        AWAIT_HEADERS,
        /** Receiving request messages; no response headers sent. */
        OPEN,
        /** Receiving request messages; response headers sent. */
        OPEN_RESPONDING,
        /** The client sent END_STREAM; no response headers sent. */
        HALF_CLOSED,
        /** The client sent END_STREAM; response headers sent. */
        HALF_CLOSED_RESPONDING,
        /**
         * The request is not gRPC: no call exists; it is read to its end, every frame judged, and
         * then answered with an HTTP error response ({@link RpcRules#RPC_44}).
         */
        REJECTING,
        /** Trailers sent or stream reset: nothing more happens. */
        CLOSED;

        public boolean requestOpen() {
            return this == OPEN || this == OPEN_RESPONDING;
        }

        public boolean headersSent() {
            return this == OPEN_RESPONDING || this == HALF_CLOSED_RESPONDING;
        }

        /** A call exists and has not ended. */
        public boolean live() {
            return this != AWAIT_HEADERS && this != REJECTING && this != CLOSED;
        }
    }

    /** What the driver's method lookup said about the request. */
    public enum Routing {
        /** Not looked up yet: nothing reaches the application. */
        PENDING,
        /** The method takes exactly one request message (unary, server-streaming). */
        ONE_REQUEST,
        /** The method takes a stream of request messages (client-streaming, bidi). */
        REQUEST_STREAM
    }

    private static final Status TOO_MANY_REQUESTS = Status.of(StatusCode.INTERNAL, "Too many requests");

    public ServerCall {
        Objects.requireNonNull(phase);
        Objects.requireNonNull(config);
        Objects.requireNonNull(deframer);
        Objects.requireNonNull(responseContentType);
        Objects.requireNonNull(deadline);
        Objects.requireNonNull(routing);
        Objects.requireNonNull(inbox);
        Objects.requireNonNull(length);
        if ((phase == Phase.REJECTING) != (deferred != null)) throw new IllegalArgumentException("a deferred answer belongs to REJECTING");
        accepted = List.copyOf(accepted);
    }

    /** A call on a freshly opened stream. */
    public static ServerCall start(int streamId, CallConfig config) {
        return new ServerCall(streamId, Phase.AWAIT_HEADERS, config, config.deframer(null), RequestHeaders.CONTENT_TYPE,
                OptionalLong.empty(), false, null, List.of(), Routing.PENDING, 0, false, Inbox.empty(config.receiveBacklogBytes()), ContentLength.NONE, null);
    }

    public static Step<ServerCall> on(ServerCall s, ServerCallEvent e) {
        return switch (e) {
            case HeadersReceived h -> s.headers(h);
            case DataReceived d -> s.data(d);
            case RstStreamReceived(long code) -> s.reset(code);
            case DeadlineExpired d -> s.deadlineExpired();
            case ResetSent r -> s.ended(StatusMapping.rstStreamStatus(r.code().code()).code(), r.reason());
            case StreamClosed(String why) -> s.ended(StatusCode.CANCELLED, why);
            case MethodResolved(boolean streaming) -> s.resolved(streaming);
            case MethodUnknown(String message) -> s.unknownMethod(message);
            case RequestMessages(long count) -> s.requestMessages(count);
            case MessageDelivered d -> s.delivered();
            case MessageUnreadable u -> s.unreadable(u);
            case WriteStalled(String detail) -> s.stalled(detail);
            case HandlerUnavailable(String detail) -> s.noHandler(detail);
            case SendResponseHeaders(Metadata md, String encoding) -> s.sendHeaders(md, encoding);
            case SendResponseMessage m -> s.sendMessage(m);
            case FinishCall(Status status, Metadata trailers) -> s.applicationFinish(status, trailers);
        };
    }

    /** The call's time left at {@code nowNanos}, or {@code Long.MAX_VALUE} without a deadline. */
    public long remainingNanos(long nowNanos) {
        return deadline.isPresent() ? deadline.getAsLong() - nowNanos : Long.MAX_VALUE;
    }

    // --- frames from the client ----------------------------------------------------------------

    @Enforces("RPC-26")
    private Step<ServerCall> headers(HeadersReceived h) {
        if (phase == Phase.CLOSED) return Step.next(this);
        if (phase != Phase.AWAIT_HEADERS) {
            if (phase != Phase.REJECTING && !phase.requestOpen()) {
                return Step.streamError(RpcRules.RPC_22, ErrorCode.STREAM_CLOSED, streamId, "HEADERS after the request's END_STREAM");
            }
            if (!h.endStream()) {
                return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "second request HEADERS without END_STREAM");
            }
            // Request trailers: gRPC defines none, HTTP allows them. They end the request, and
            // like any trailers they may not carry pseudo-header fields (RFC 9113 §8.1).
            HttpFields.Problem p = HttpFields.check(h.fields(), Set.of(), RpcRules.RPC_8);
            if (p != null) return Step.streamError(p.rule(), ErrorCode.PROTOCOL_ERROR, streamId, p.detail());
            String wrongLength = length.atEnd();
            if (wrongLength != null) return Step.streamError(RpcRules.RPC_43, ErrorCode.PROTOCOL_ERROR, streamId, wrongLength);
            if (phase == Phase.REJECTING) return answerNotGrpc(new ArrayList<>());
            MessageDeframer.Failed incomplete = deframer.end();
            if (incomplete != null) return requestEnded().failed(incomplete);
            return requestEnded().settle(new ArrayList<>());
        }
        RequestValidation.Outcome outcome = RequestValidation.validate(h.fields(), config);
        if (outcome instanceof RequestValidation.Malformed m) {
            return Step.streamError(m.rule(), ErrorCode.PROTOCOL_ERROR, streamId, m.detail());
        }
        // A content-length is judged on every well-formed request, gRPC or not (RPC-43).
        ContentLength declared;
        switch (ContentLength.parse(h.fields())) {
            case ContentLength.Invalid bad -> {
                return Step.streamError(RpcRules.RPC_43, ErrorCode.PROTOCOL_ERROR, streamId, bad.detail());
            }
            case ContentLength.Valid ok -> declared = ok.length();
        }
        if (h.endStream() && declared.atEnd() != null) {
            return Step.streamError(RpcRules.RPC_43, ErrorCode.PROTOCOL_ERROR, streamId, declared.atEnd());
        }
        return switch (outcome) {
            case RequestValidation.Malformed m -> throw new AssertionError("handled above");
            case RequestValidation.Rejected r -> {
                List<Action> out = new ArrayList<>();
                out.add(new PeerFault(r.rule(), r.status().toString()));
                out.add(new SendHeaders(r.response(), true));
                if (!h.endStream()) out.add(new SendRstStream(ErrorCode.NO_ERROR)); // RPC_26
                yield Step.next(closed(), out);
            }
            case RequestValidation.NotGrpc n -> {
                // RPC_44: no call; the request is read to its end before the HTTP answer goes out.
                List<Action> out = new ArrayList<>();
                out.add(new PeerFault(n.rule(), n.status().toString()));
                ServerCall reading = new ServerCall(streamId, Phase.REJECTING, config, deframer, responseContentType, deadline, false,
                        null, List.of(), Routing.PENDING, 0, false, Inbox.EMPTY, declared, n);
                yield h.endStream() ? reading.answerNotGrpc(out) : Step.next(reading, out);
            }
            case RequestValidation.Accepted a -> {
                RequestHeaders req = a.request();
                List<Action> out = new ArrayList<>(a.faults());
                out.add(new DeliverRequest(req));
                OptionalLong timeout = req.timeoutNanos();
                if (timeout.isPresent()) out.add(new CallAction.ArmDeadline(timeout.getAsLong()));
                OptionalLong due = timeout.isPresent() ? OptionalLong.of(h.nowNanos() + timeout.getAsLong()) : OptionalLong.empty();
                String ct = RequestValidation.responseContentType(RequestHeaders.contentSubtype(req.contentType()));
                ServerCall next = new ServerCall(streamId, h.endStream() ? Phase.HALF_CLOSED : Phase.OPEN, config,
                        config.deframer(req.encoding()), ct, due, timeout.isPresent(), null, encodingList(req.acceptEncoding()),
                        Routing.PENDING, 0, false, inbox, declared, null);
                yield Step.next(next, out);
            }
        };
    }

    @Enforces("RPC-36")
    private Step<ServerCall> data(DataReceived d) {
        if (phase == Phase.CLOSED) return Step.next(this);
        if (phase == Phase.AWAIT_HEADERS) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "DATA before the request HEADERS");
        }
        if (phase != Phase.REJECTING && !phase.requestOpen()) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.STREAM_CLOSED, streamId, "DATA after the request's END_STREAM");
        }
        ContentLength counted = length.add(d.payload().length());
        String wrongLength = counted.exceeded();
        if (wrongLength == null && d.endStream()) wrongLength = counted.atEnd();
        if (wrongLength != null) return Step.streamError(RpcRules.RPC_43, ErrorCode.PROTOCOL_ERROR, streamId, wrongLength);
        if (phase == Phase.REJECTING) {
            // The body of a request we do not serve is dropped, its credit handed back at once.
            ServerCall reading = new ServerCall(streamId, phase, config, deframer, responseContentType, deadline, deadlineArmed,
                    responseEncoding, accepted, routing, requests, halfCloseDelivered, inbox, counted, deferred);
            List<Action> out = new ArrayList<>();
            if (d.payload().length() > 0) out.add(new ReturnCredit(d.payload().length()));
            return d.endStream() ? reading.answerNotGrpc(out) : Step.next(reading, out);
        }
        MessageDeframer.Fed fed;
        switch (deframer.feed(d.payload())) {
            case MessageDeframer.Failed f -> {
                return (d.endStream() ? requestEnded() : this).failed(f);
            }
            case MessageDeframer.Fed ok -> fed = ok;
        }
        int count = Math.min(2, requests + fed.messages().size());
        ServerCall s = new ServerCall(streamId, phase, config, fed.next(), responseContentType, deadline, deadlineArmed,
                responseEncoding, accepted, routing, count, halfCloseDelivered, inbox, counted, deferred);
        // A second message for a one-request method ends the call before either reaches the application (RPC-36).
        if (s.tooManyRequests()) return s.finish(TOO_MANY_REQUESTS, Metadata.EMPTY, false, List.of(tooMany()));
        if (d.endStream()) {
            MessageDeframer.Failed incomplete = fed.next().end();
            if (incomplete != null) return s.requestEnded().failed(incomplete);
            s = s.requestEnded();
        }
        return s.afterInbox(s.inbox.received(d.payload().length(), fed.messages()));
    }

    /**
     * {@link RpcRules#RPC_44}: the request that is not gRPC has ended; the HTTP answer goes out,
     * headers then the text body with END_STREAM, and the stream is done.
     */
    @Enforces("RPC-44")
    private Step<ServerCall> answerNotGrpc(List<Action> out) {
        out.add(new SendHeaders(deferred.response(), false));
        out.add(new SendBody(deferred.body()));
        out.add(new Complete(deferred.status()));
        return Step.next(closed(), out);
    }

    /** The request's message stream broke: answer with the status in trailers (grpc-go does the same). */
    private Step<ServerCall> failed(MessageDeframer.Failed f) {
        return finish(f.status(), Metadata.EMPTY, false, List.of(new PeerFault(f.rule(), f.status().message())));
    }

    /** The client reset the stream: the call ends with the mapped status ({@link RpcRules#RPC_24}), CANCEL as CANCELLED ({@link RpcRules#RPC_27}). */
    @Enforces({"RPC-24", "RPC-27"})
    private Step<ServerCall> reset(long code) {
        Status st = StatusMapping.rstStreamStatus(code);
        return ended(st.code(), "client " + st.message());
    }

    /** The stream is gone (reset either way, or closed under the call): nothing more is sent. */
    private Step<ServerCall> ended(StatusCode code, String message) {
        if (phase == Phase.AWAIT_HEADERS) return Step.next(closed());
        if (phase == Phase.CLOSED) return Step.next(this);
        List<Action> out = new ArrayList<>();
        Status st = Status.of(code, message);
        if (routing != Routing.PENDING) out.add(new DeliverCancel(st));
        if (deadlineArmed) out.add(new CancelDeadline());
        out.add(new Complete(st));
        return Step.next(closed(), out);
    }

    /** {@link RpcRules#RPC_25}: the deadline passed. Tell the client why in trailers, then reset with CANCEL. */
    @Enforces("RPC-25")
    private Step<ServerCall> deadlineExpired() {
        if (!phase.live()) return Step.next(this);
        Status st = Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded");
        List<Action> out = new ArrayList<>();
        out.add(trailerAction(st, Metadata.EMPTY));
        out.add(new SendRstStream(ErrorCode.CANCEL));
        if (routing != Routing.PENDING) out.add(new DeliverCancel(st));
        out.add(new Complete(st));
        // The timer has fired: nothing to cancel.
        return Step.next(closed(), out);
    }

    /** {@link RpcRules#RPC_40}: the client stopped granting credit for our responses. */
    @Enforces("RPC-40")
    private Step<ServerCall> stalled(String detail) {
        if (!phase.live()) return Step.next(this);
        Status st = Status.of(StatusCode.CANCELLED, detail);
        List<Action> out = new ArrayList<>();
        out.add(new SendRstStream(ErrorCode.CANCEL));
        if (routing != Routing.PENDING) out.add(new DeliverCancel(st));
        if (deadlineArmed) out.add(new CancelDeadline());
        out.add(new Complete(st));
        return Step.next(closed(), out);
    }

    // --- the driver's answers ------------------------------------------------------------------------

    /** The method exists: from now on its request shape is judged ({@link RpcRules#RPC_36}) and messages may flow. */
    @Enforces("RPC-36")
    private Step<ServerCall> resolved(boolean requestStreaming) {
        if (!phase.live() || routing != Routing.PENDING) return Step.next(this);
        return withRouting(requestStreaming ? Routing.REQUEST_STREAM : Routing.ONE_REQUEST).settle(new ArrayList<>());
    }

    /** {@link RpcRules#RPC_37}: no such method: UNIMPLEMENTED, trailers-only. */
    @Enforces("RPC-37")
    private Step<ServerCall> unknownMethod(String message) {
        if (!phase.live() || routing != Routing.PENDING) return Step.next(this);
        return finish(Status.of(StatusCode.UNIMPLEMENTED, message), Metadata.EMPTY, false, List.of());
    }

    private Step<ServerCall> requestMessages(long count) {
        if (!phase.live()) return Step.next(this);
        return afterInbox(inbox.requested(count));
    }

    private Step<ServerCall> delivered() {
        if (!phase.live() || !inbox.delivering()) return Step.next(this);
        return afterInbox(inbox.answered());
    }

    /**
     * A request message could not be decoded: RESOURCE_EXHAUSTED when it decompresses beyond the
     * limit ({@link RpcRules#RPC_34}), INTERNAL when corrupt or unparsable ({@link RpcRules#RPC_35}).
     */
    private Step<ServerCall> unreadable(MessageUnreadable u) {
        if (!phase.live() || !inbox.delivering()) return Step.next(this);
        Rule rule = u.why() == Unreadable.TOO_LARGE ? RpcRules.RPC_34 : RpcRules.RPC_35;
        Status st = Status.of(u.why() == Unreadable.TOO_LARGE ? StatusCode.RESOURCE_EXHAUSTED : StatusCode.INTERNAL, u.detail());
        return finish(st, Metadata.EMPTY, false, List.of(new PeerFault(rule, u.detail())));
    }

    /** {@link RpcRules#RPC_41}: no thread to run the handler: RESOURCE_EXHAUSTED. */
    @Enforces("RPC-41")
    private Step<ServerCall> noHandler(String detail) {
        if (!phase.live()) return Step.next(this);
        return finish(Status.of(StatusCode.RESOURCE_EXHAUSTED, detail), Metadata.EMPTY, false, List.of());
    }

    /** Credit and delivery as the inbox says ({@link RpcRules#RPC_38}, {@link RpcRules#RPC_39}), then the request's shape. */
    @Enforces({"RPC-38", "RPC-39"})
    private Step<ServerCall> afterInbox(Inbox.Out o) {
        List<Action> out = new ArrayList<>();
        if (o.credit() > 0) out.add(new ReturnCredit(o.credit()));
        GrpcMessage m = o.deliver();
        if (m != null) out.add(new DeliverMessage(m, m.compressed() ? deframer.encoding() : null, config.maxReceiveMessageBytes()));
        return new ServerCall(streamId, phase, config, deframer, responseContentType, deadline, deadlineArmed, responseEncoding,
                accepted, routing, requests, halfCloseDelivered, o.next(), length, deferred).settle(out);
    }

    /**
     * Once the method is known: a one-request method fails on a second message or on a request
     * that ended without one ({@link RpcRules#RPC_36}); otherwise the half-close reaches the
     * application after every request message.
     */
    @Enforces("RPC-36")
    private Step<ServerCall> settle(List<Action> out) {
        if (tooManyRequests()) {
            out.add(tooMany());
            return finish(TOO_MANY_REQUESTS, Metadata.EMPTY, false, out);
        }
        boolean requestDone = phase != Phase.AWAIT_HEADERS && !phase.requestOpen() && phase != Phase.CLOSED;
        if (routing == Routing.ONE_REQUEST && requestDone && requests == 0) {
            out.add(new PeerFault(RpcRules.RPC_36, "Half-closed without a request"));
            return finish(Status.of(StatusCode.INTERNAL, "Half-closed without a request"), Metadata.EMPTY, false, out);
        }
        if (routing != Routing.PENDING && requestDone && !halfCloseDelivered && inbox.drained()) {
            out.add(new DeliverHalfClose());
            return Step.next(new ServerCall(streamId, phase, config, deframer, responseContentType, deadline, deadlineArmed,
                    responseEncoding, accepted, routing, requests, true, inbox, length, deferred), out);
        }
        return Step.next(this, out);
    }

    // --- the application's requests ------------------------------------------------------------

    /**
     * Response headers. {@link RpcRules#RPC_32}: an encoding is declared only when we have it and
     * the client listed it in grpc-accept-encoding; otherwise responses go uncompressed.
     */
    @Enforces("RPC-32")
    private Step<ServerCall> sendHeaders(Metadata md, String encoding) {
        Step<ServerCall> no = refuseApplication();
        if (no != null) return no;
        if (phase.headersSent()) return Step.next(this, new Refused("response headers already sent"));
        boolean compress = encoding != null && !encoding.equals("identity") && config.supports(encoding) && accepted.contains(encoding);
        List<HeaderField> f = responseHeaders(md);
        if (compress) f.add(2, new HeaderField("grpc-encoding", encoding));
        ServerCall next = new ServerCall(streamId, responding(phase), config, deframer, responseContentType, deadline, deadlineArmed,
                compress ? encoding : null, accepted, routing, requests, halfCloseDelivered, inbox, length, deferred);
        return Step.next(next, new SendHeaders(f, false));
    }

    /** One response message, unless it breaks RPC-14 or the send limit ({@link RpcRules#RPC_33}). */
    @Enforces("RPC-33")
    private Step<ServerCall> sendMessage(SendResponseMessage r) {
        Step<ServerCall> no = refuseApplication();
        if (no != null) return no;
        GrpcMessage m = r.message();
        // Without a declared grpc-encoding a compressed message would break RPC-14.
        if (m.compressed() && (responseEncoding == null || !phase.headersSent())) {
            return Step.next(this, new Refused("no grpc-encoding for responses: cannot send a compressed message"));
        }
        long size = Math.max(r.uncompressedBytes(), m.payload().length());
        if (size > config.maxSendMessageBytes()) {
            Status st = Status.of(StatusCode.RESOURCE_EXHAUSTED,
                    "response message larger than max (" + size + " vs. " + config.maxSendMessageBytes() + ")");
            return finish(st, Metadata.EMPTY, false, List.of());
        }
        List<Action> out = new ArrayList<>();
        if (!phase.headersSent()) out.add(new SendHeaders(responseHeaders(Metadata.EMPTY), false));
        out.add(new SendMessage(MessageFramer.frame(m), false));
        return Step.next(withPhase(responding(phase)), out);
    }

    private Step<ServerCall> applicationFinish(Status status, Metadata trailers) {
        Step<ServerCall> no = refuseApplication();
        return no != null ? no : finish(status, trailers, true, List.of());
    }

    /** Null when the application may act on the call; otherwise the refusal. */
    private Step<ServerCall> refuseApplication() {
        return switch (phase) {
            case AWAIT_HEADERS -> Step.next(this, new Refused("no call on this stream yet"));
            case REJECTING -> Step.next(this, new Refused("no call on this stream: the request is not gRPC"));
            case CLOSED -> Step.next(this, new Refused("call already closed"));
            case OPEN, OPEN_RESPONDING, HALF_CLOSED, HALF_CLOSED_RESPONDING -> null;
        };
    }

    /**
     * Ends the call with {@code status}: trailers (or a trailers-only response when no headers were
     * sent), then RST_STREAM(NO_ERROR) when the client is still sending ({@link RpcRules#RPC_26}).
     * An ending the application did not ask for is delivered to its handler as a cancellation.
     */
    @Enforces("RPC-26")
    private Step<ServerCall> finish(Status status, Metadata trailers, boolean byApplication, List<Action> before) {
        List<Action> out = new ArrayList<>(before);
        out.add(trailerAction(status, trailers));
        if (phase.requestOpen()) out.add(new SendRstStream(ErrorCode.NO_ERROR));
        if (!byApplication && routing != Routing.PENDING) out.add(new DeliverCancel(status));
        if (deadlineArmed) out.add(new CancelDeadline());
        out.add(new Complete(status));
        return Step.next(closed(), out);
    }

    private Action trailerAction(Status status, Metadata trailers) {
        List<HeaderField> f = new ArrayList<>();
        if (!phase.headersSent()) {
            f.add(new HeaderField(":status", "200"));
            f.add(new HeaderField("content-type", responseContentType));
        }
        f.add(new HeaderField("grpc-status", Integer.toString(status.code().value())));
        if (!status.message().isEmpty()) f.add(new HeaderField("grpc-message", PercentEncoding.encode(status.message())));
        f.addAll(trailers.toFields());
        return phase.headersSent() ? new SendTrailers(f) : new SendHeaders(f, true);
    }

    private List<HeaderField> responseHeaders(Metadata md) {
        List<HeaderField> f = new ArrayList<>();
        f.add(new HeaderField(":status", "200"));
        f.add(new HeaderField("content-type", responseContentType));
        f.addAll(md.toFields());
        return f;
    }

    private static List<String> encodingList(String header) {
        if (header == null || header.isBlank()) return List.of();
        return Arrays.stream(header.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static Phase responding(Phase p) {
        return p == Phase.OPEN ? Phase.OPEN_RESPONDING : p == Phase.HALF_CLOSED ? Phase.HALF_CLOSED_RESPONDING : p;
    }

    /** The report of {@link RpcRules#RPC_36}'s second message. */
    private static PeerFault tooMany() {
        return new PeerFault(RpcRules.RPC_36, TOO_MANY_REQUESTS.message());
    }

    private boolean tooManyRequests() {
        return routing == Routing.ONE_REQUEST && requests > 1;
    }

    /** The client's END_STREAM: the request direction closes. */
    private ServerCall requestEnded() {
        return withPhase(phase.headersSent() ? Phase.HALF_CLOSED_RESPONDING : Phase.HALF_CLOSED);
    }

    private ServerCall closed() {
        return new ServerCall(streamId, Phase.CLOSED, config, deframer, responseContentType, deadline, false, responseEncoding,
                accepted, routing, requests, halfCloseDelivered, Inbox.EMPTY, length, null);
    }

    private ServerCall withPhase(Phase p) {
        return new ServerCall(streamId, p, config, deframer, responseContentType, deadline, deadlineArmed, responseEncoding,
                accepted, routing, requests, halfCloseDelivered, inbox, length, deferred);
    }

    private ServerCall withRouting(Routing r) {
        return new ServerCall(streamId, phase, config, deframer, responseContentType, deadline, deadlineArmed, responseEncoding,
                accepted, r, requests, halfCloseDelivered, inbox, length, deferred);
    }
}
