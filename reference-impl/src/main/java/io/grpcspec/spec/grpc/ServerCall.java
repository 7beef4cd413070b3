package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The server side of one call (one HTTP/2 stream opened by the client), as an immutable state and
 * a pure transition function {@link #on}.
 *
 * <p>The phase is the product of two directions: is the request still open (the client has not
 * sent END_STREAM), and have response headers been sent. Sending trailers, or a reset either way,
 * ends the call ({@code CLOSED}).
 *
 * @param streamId the call's stream
 * @param phase where the call is
 * @param config our limits and encodings
 * @param deframer reassembles request messages (meaningful while the request is open)
 * @param responseContentType the content-type our responses carry (echoes the request's subtype)
 * @param deadlineArmed whether a {@code Timer.DEADLINE} is armed for this call
 * @param responseEncoding the {@code grpc-encoding} our response headers declared (null: none),
 *     which allows compressed response messages
 */
public record ServerCall(int streamId, Phase phase, CallConfig config, MessageDeframer deframer,
                         String responseContentType, boolean deadlineArmed, String responseEncoding) {

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
        /** Trailers sent or stream reset: nothing more happens. */
        CLOSED;

        boolean requestOpen() {
            return this == OPEN || this == OPEN_RESPONDING;
        }

        boolean headersSent() {
            return this == OPEN_RESPONDING || this == HALF_CLOSED_RESPONDING;
        }
    }

    public ServerCall {
        Objects.requireNonNull(phase);
        Objects.requireNonNull(config);
        Objects.requireNonNull(deframer);
        Objects.requireNonNull(responseContentType);
    }

    /** A call on a freshly opened stream. */
    public static ServerCall start(int streamId, CallConfig config) {
        return new ServerCall(streamId, Phase.AWAIT_HEADERS, config, config.deframer(null), RequestHeaders.CONTENT_TYPE, false, null);
    }

    public static Step<ServerCall> on(ServerCall s, ServerCallEvent e) {
        if (s.phase == Phase.CLOSED) return s.whenClosed(e);
        if (e instanceof ServerCallEvent.HeadersReceived h) return s.headers(h);
        if (e instanceof ServerCallEvent.DataReceived d) return s.data(d);
        if (e instanceof ServerCallEvent.RstStreamReceived r) return s.reset(r);
        if (e instanceof ServerCallEvent.DeadlineExpired) return s.deadline();
        if (e instanceof ServerCallEvent.ResetSent r) {
            // Before the request headers were accepted the application has no call to complete.
            if (s.phase == Phase.AWAIT_HEADERS) return Step.next(s.closed());
            return Step.next(s.closed(), s.ending(List.of(), StatusMapping.rstStreamStatus(r.code().code()).code(), r.reason()));
        }
        if (s.phase == Phase.AWAIT_HEADERS) return Step.next(s, new CallActions.Refused("no call on this stream yet"));
        if (e instanceof ServerCallEvent.SendResponseHeaders h) return s.sendHeaders(h.metadata(), h.encoding());
        if (e instanceof ServerCallEvent.SendResponseMessage m) return s.sendMessage(m.message());
        if (e instanceof ServerCallEvent.FinishCall f) return s.finish(f.status(), f.trailers(), List.of());
        throw new IllegalArgumentException("unknown event " + e);
    }

    // --- frames from the client ----------------------------------------------------------------

    private Step<ServerCall> headers(ServerCallEvent.HeadersReceived h) {
        if (phase != Phase.AWAIT_HEADERS) {
            if (!phase.requestOpen()) {
                return Step.streamError(RpcRules.RPC_22, ErrorCode.STREAM_CLOSED, streamId, "HEADERS after the request's END_STREAM");
            }
            if (!h.endStream()) {
                return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "second request HEADERS without END_STREAM");
            }
            // Request trailers: gRPC defines none, HTTP allows them. They end the request, and
            // like any trailers they may not carry pseudo-header fields (RFC 9113 §8.1).
            HttpFields.Problem p = HttpFields.check(h.fields(), java.util.Set.of(), RpcRules.RPC_8);
            if (p != null) return Step.streamError(p.rule(), ErrorCode.PROTOCOL_ERROR, streamId, p.detail());
            return endOfRequest(deframer, new ArrayList<>());
        }
        RequestValidation.Outcome o = RequestValidation.validate(h.fields(), config);
        if (o instanceof RequestValidation.Malformed m) {
            return Step.streamError(m.rule(), ErrorCode.PROTOCOL_ERROR, streamId, m.detail());
        }
        if (o instanceof RequestValidation.Rejected r) {
            List<Action> out = new ArrayList<>();
            out.add(new CallActions.PeerFault(r.rule(), r.status().toString()));
            out.add(new CallActions.SendHeaders(r.response(), true));
            if (!h.endStream()) out.add(new CallActions.SendRstStream(ErrorCode.NO_ERROR)); // RPC_26
            return Step.next(closed(), out);
        }
        RequestValidation.Accepted a = (RequestValidation.Accepted) o;
        RequestHeaders req = a.request();
        List<Action> out = new ArrayList<>(a.faults());
        out.add(new CallActions.DeliverRequest(req));
        boolean armed = req.timeoutNanos().isPresent();
        if (armed) out.add(new Actions.ArmTimer(Timer.DEADLINE, streamId, req.timeoutNanos().getAsLong()));
        String ct = RequestValidation.responseContentType(RequestHeaders.contentSubtype(req.contentType()));
        ServerCall next = new ServerCall(streamId, Phase.OPEN, config, config.deframer(req.encoding()), ct, armed, null);
        if (h.endStream()) {
            out.add(new CallActions.DeliverHalfClose());
            next = next.withPhase(Phase.HALF_CLOSED);
        }
        return Step.next(next, out);
    }

    private Step<ServerCall> data(ServerCallEvent.DataReceived d) {
        if (phase == Phase.AWAIT_HEADERS) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "DATA before the request HEADERS");
        }
        if (!phase.requestOpen()) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.STREAM_CLOSED, streamId, "DATA after the request's END_STREAM");
        }
        MessageDeframer.Result r = deframer.feed(d.payload());
        if (r instanceof MessageDeframer.Failed f) {
            return failed(f, d.endStream());
        }
        MessageDeframer.Fed fed = (MessageDeframer.Fed) r;
        List<Action> out = new ArrayList<>();
        for (GrpcMessage m : fed.messages()) out.add(new CallActions.DeliverMessage(m));
        if (d.endStream()) return endOfRequest(fed.next(), out);
        return Step.next(withDeframer(fed.next()), out);
    }

    private Step<ServerCall> endOfRequest(MessageDeframer d, List<Action> out) {
        MessageDeframer.Failed incomplete = d.end();
        if (incomplete != null) {
            ServerCall s = withDeframer(d).withPhase(phase.headersSent() ? Phase.HALF_CLOSED_RESPONDING : Phase.HALF_CLOSED);
            Step<ServerCall> f = s.failed(incomplete, true);
            List<Action> all = new ArrayList<>(out);
            all.addAll(f.actions());
            return Step.next(f.state(), all);
        }
        out.add(new CallActions.DeliverHalfClose());
        return Step.next(withDeframer(d).withPhase(phase.headersSent() ? Phase.HALF_CLOSED_RESPONDING : Phase.HALF_CLOSED), out);
    }

    /** The request's message stream broke: answer with the status in trailers (grpc-go does the same). */
    private Step<ServerCall> failed(MessageDeframer.Failed f, boolean requestEnded) {
        ServerCall s = requestEnded && phase.requestOpen()
                ? withPhase(phase.headersSent() ? Phase.HALF_CLOSED_RESPONDING : Phase.HALF_CLOSED) : this;
        return s.finish(f.status(), Metadata.EMPTY, List.of(new CallActions.PeerFault(f.rule(), f.status().message())));
    }

    /** The client reset the stream: the call ends with the mapped status ({@link RpcRules#RPC_24}), CANCEL as CANCELLED ({@link RpcRules#RPC_27}). */
    private Step<ServerCall> reset(ServerCallEvent.RstStreamReceived r) {
        if (phase == Phase.AWAIT_HEADERS) return Step.next(closed());
        Status st = StatusMapping.rstStreamStatus(r.errorCode());
        return Step.next(closed(), ending(List.of(), st.code(), "client " + st.message()));
    }

    /** {@link RpcRules#RPC_25}: the deadline passed. Tell the client why in trailers, then reset with CANCEL. */
    private Step<ServerCall> deadline() {
        if (phase == Phase.AWAIT_HEADERS) return Step.next(this);
        Status st = Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded");
        List<Action> out = new ArrayList<>();
        out.add(trailerAction(st, Metadata.EMPTY));
        out.add(new CallActions.SendRstStream(ErrorCode.CANCEL));
        out.add(new CallActions.Complete(st));
        // The timer has fired: nothing to cancel.
        return Step.next(withDeadlineArmed(false).closed(), out);
    }

    // --- the application's requests ------------------------------------------------------------

    private Step<ServerCall> sendHeaders(Metadata md, String encoding) {
        if (phase.headersSent()) return Step.next(this, new CallActions.Refused("response headers already sent"));
        if (encoding == null || encoding.equals("identity")) {
            return Step.next(withPhase(responding(phase)), new CallActions.SendHeaders(responseHeaders(md), false));
        }
        // We only compress with an encoding we could also decode (compression.md: the server
        // picks one of its own that the client accepts; the application checks the latter).
        if (!config.supports(encoding)) return Step.next(this, new CallActions.Refused("unsupported response encoding " + encoding));
        List<HeaderField> f = responseHeaders(md);
        f.add(2, new HeaderField("grpc-encoding", encoding));
        ServerCall next = new ServerCall(streamId, responding(phase), config, deframer, responseContentType, deadlineArmed, encoding);
        return Step.next(next, new CallActions.SendHeaders(f, false));
    }

    private Step<ServerCall> sendMessage(GrpcMessage m) {
        // Without a declared grpc-encoding a compressed message would break RPC-14.
        if (m.compressed() && (responseEncoding == null || !phase.headersSent())) return Step.next(this, new CallActions.Refused("no grpc-encoding for responses: cannot send a compressed message"));
        List<Action> out = new ArrayList<>();
        if (!phase.headersSent()) out.add(new CallActions.SendHeaders(responseHeaders(Metadata.EMPTY), false));
        out.add(new CallActions.SendMessage(MessageFramer.frame(m), false));
        return Step.next(withPhase(responding(phase)), out);
    }

    /**
     * Ends the call with {@code status}: trailers (or a trailers-only response when no headers were
     * sent), then RST_STREAM(NO_ERROR) when the client is still sending ({@link RpcRules#RPC_26}).
     */
    private Step<ServerCall> finish(Status status, Metadata trailers, List<Action> before) {
        List<Action> out = new ArrayList<>(before);
        out.add(trailerAction(status, trailers));
        if (phase.requestOpen()) out.add(new CallActions.SendRstStream(ErrorCode.NO_ERROR));
        if (deadlineArmed) out.add(new Actions.CancelTimer(Timer.DEADLINE, streamId));
        out.add(new CallActions.Complete(status));
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
        return phase.headersSent() ? new CallActions.SendTrailers(f) : new CallActions.SendHeaders(f, true);
    }

    private List<HeaderField> responseHeaders(Metadata md) {
        List<HeaderField> f = new ArrayList<>();
        f.add(new HeaderField(":status", "200"));
        f.add(new HeaderField("content-type", responseContentType));
        f.addAll(md.toFields());
        return f;
    }

    // --- closed ------------------------------------------------------------------------------------

    /** After the call: late frames and timers are dropped (the stream machines judge them); the application is told no. */
    private Step<ServerCall> whenClosed(ServerCallEvent e) {
        if (e instanceof ServerCallEvent.SendResponseHeaders || e instanceof ServerCallEvent.SendResponseMessage
                || e instanceof ServerCallEvent.FinishCall) {
            return Step.next(this, new CallActions.Refused("call already closed"));
        }
        return Step.next(this);
    }

    /** Actions that end the call without us sending anything on the stream. */
    private List<Action> ending(List<Action> before, StatusCode code, String message) {
        List<Action> out = new ArrayList<>(before);
        if (deadlineArmed) out.add(new Actions.CancelTimer(Timer.DEADLINE, streamId));
        out.add(new CallActions.Complete(Status.of(code, message)));
        return out;
    }

    private static Phase responding(Phase p) {
        return p == Phase.OPEN ? Phase.OPEN_RESPONDING : p == Phase.HALF_CLOSED ? Phase.HALF_CLOSED_RESPONDING : p;
    }

    private ServerCall closed() {
        return new ServerCall(streamId, Phase.CLOSED, config, deframer, responseContentType, false, responseEncoding);
    }

    private ServerCall withPhase(Phase p) {
        return new ServerCall(streamId, p, config, deframer, responseContentType, deadlineArmed, responseEncoding);
    }

    private ServerCall withDeframer(MessageDeframer d) {
        return new ServerCall(streamId, phase, config, d, responseContentType, deadlineArmed, responseEncoding);
    }

    private ServerCall withDeadlineArmed(boolean armed) {
        return new ServerCall(streamId, phase, config, deframer, responseContentType, armed, responseEncoding);
    }
}
