package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The client side of one call, as an immutable state and a pure transition function {@link #on}.
 *
 * <p>The phase is the product of two directions: is our request still open (we have not sent
 * END_STREAM), and have the response headers arrived. The call ends ({@code CLOSED}) with exactly
 * one {@link CallActions.Complete} carrying its status, whatever ended it: trailers, a
 * trailers-only response, a reset either way, the deadline, or a broken response.
 *
 * @param streamId the call's stream
 * @param phase where the call is
 * @param config our limits and encodings
 * @param deframer reassembles response messages (set up when response headers arrive)
 * @param deadlineArmed whether a {@code Timer.DEADLINE} is armed for this call
 * @param compressedSendAllowed whether the request declared a grpc-encoding other than identity,
 *     so that request messages may have Compressed-Flag 1 (RPC-14)
 */
public record ClientCall(int streamId, Phase phase, CallConfig config, MessageDeframer deframer, boolean deadlineArmed,
                         boolean compressedSendAllowed) {

    public enum Phase {
        /** Not started: request headers not sent. */
        IDLE,
        /** Request headers sent, request open, waiting for response headers. */
        OPEN,
        /** Request open, response headers received: messages may arrive. */
        OPEN_RECEIVING,
        /** We sent END_STREAM, waiting for response headers. */
        HALF_CLOSED,
        /** We sent END_STREAM, response headers received. */
        HALF_CLOSED_RECEIVING,
        /** The call has its status. */
        CLOSED;

        boolean requestOpen() {
            return this == OPEN || this == OPEN_RECEIVING;
        }

        boolean receiving() {
            return this == OPEN_RECEIVING || this == HALF_CLOSED_RECEIVING;
        }
    }

    public ClientCall {
        Objects.requireNonNull(phase);
        Objects.requireNonNull(config);
        Objects.requireNonNull(deframer);
    }

    /** A call about to start on stream {@code streamId}. */
    public static ClientCall create(int streamId, CallConfig config) {
        return new ClientCall(streamId, Phase.IDLE, config, config.deframer(null), false, false);
    }

    public static Step<ClientCall> on(ClientCall s, ClientCallEvent e) {
        if (s.phase == Phase.CLOSED) return s.whenClosed(e);
        if (s.phase == Phase.IDLE) return s.whenIdle(e);
        if (e instanceof ClientCallEvent.SendRequestMessage m) return s.sendMessage(m);
        if (e instanceof ClientCallEvent.HalfClose) return s.halfClose();
        if (e instanceof ClientCallEvent.CancelCall c) {
            // RPC_27: a client cancels with RST_STREAM(CANCEL).
            return s.end(Status.of(StatusCode.CANCELLED, c.reason()), Metadata.EMPTY, ErrorCode.CANCEL, List.of());
        }
        if (e instanceof ClientCallEvent.HeadersReceived h) return s.headers(h);
        if (e instanceof ClientCallEvent.DataReceived d) return s.data(d);
        if (e instanceof ClientCallEvent.RstStreamReceived r) {
            // The stream is gone at the peer: nothing to send. RPC_24: the status its code maps to.
            return s.end(StatusMapping.rstStreamStatus(r.errorCode()), Metadata.EMPTY, null, List.of());
        }
        if (e instanceof ClientCallEvent.DeadlineExpired) {
            // RPC_25: fail locally with DEADLINE_EXCEEDED, whatever is in flight, and reset with CANCEL.
            ClientCall fired = new ClientCall(s.streamId, s.phase, s.config, s.deframer, false, s.compressedSendAllowed);
            return fired.end(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded"), Metadata.EMPTY, ErrorCode.CANCEL, List.of());
        }
        if (e instanceof ClientCallEvent.ResetSent r) {
            Status mapped = StatusMapping.rstStreamStatus(r.code().code());
            return s.end(Status.of(mapped.code(), r.reason()), Metadata.EMPTY, null, List.of());
        }
        if (e instanceof ClientCallEvent.StartCall) return Step.next(s, new CallActions.Refused("call already started"));
        throw new IllegalArgumentException("unknown event " + e);
    }

    private Step<ClientCall> whenIdle(ClientCallEvent e) {
        if (e instanceof ClientCallEvent.StartCall st) {
            List<Action> out = new ArrayList<>();
            out.add(new CallActions.SendHeaders(st.request().toFields(), false));
            boolean armed = st.request().timeoutNanos().isPresent();
            if (armed) out.add(new Actions.ArmTimer(Timer.DEADLINE, streamId, st.request().timeoutNanos().getAsLong()));
            String enc = st.request().encoding();
            boolean compress = enc != null && !enc.equals("identity");
            return Step.next(new ClientCall(streamId, Phase.OPEN, config, deframer, armed, compress), out);
        }
        if (e instanceof ClientCallEvent.HeadersReceived || e instanceof ClientCallEvent.DataReceived) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "response frame before the request");
        }
        if (e instanceof ClientCallEvent.CancelCall c) {
            // Nothing was sent: the call just ends.
            return Step.next(withPhase(Phase.CLOSED), new CallActions.Complete(Status.of(StatusCode.CANCELLED, c.reason())));
        }
        if (e instanceof ClientCallEvent.SendRequestMessage || e instanceof ClientCallEvent.HalfClose) {
            return Step.next(this, new CallActions.Refused("call not started"));
        }
        if (e instanceof ClientCallEvent.ResetSent r) {
            // The stream is gone before the call could use it: the call fails.
            Status mapped = StatusMapping.rstStreamStatus(r.code().code());
            return Step.next(withPhase(Phase.CLOSED), new CallActions.Complete(Status.of(mapped.code(), r.reason())));
        }
        return Step.next(this);
    }

    private Step<ClientCall> sendMessage(ClientCallEvent.SendRequestMessage m) {
        if (!phase.requestOpen()) return Step.next(this, new CallActions.Refused("request already half-closed"));
        if (m.message().compressed() && !compressedSendAllowed) {
            return Step.next(this, new CallActions.Refused("the request declared no grpc-encoding: cannot send a compressed message"));
        }
        Action send = new CallActions.SendMessage(MessageFramer.frame(m.message()), m.last());
        return Step.next(m.last() ? withPhase(halfClosed(phase)) : this, send);
    }

    private Step<ClientCall> halfClose() {
        if (!phase.requestOpen()) return Step.next(this, new CallActions.Refused("request already half-closed"));
        return Step.next(withPhase(halfClosed(phase)), new CallActions.SendEndStream());
    }

    private Step<ClientCall> headers(ClientCallEvent.HeadersReceived h) {
        ResponseValidation.Outcome o;
        if (!phase.receiving()) {
            o = ResponseValidation.headers(h.fields(), h.endStream());
        } else if (!h.endStream()) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "second response HEADERS without END_STREAM");
        } else {
            o = ResponseValidation.trailers(h.fields());
            MessageDeframer.Failed incomplete = deframer.end();
            if (incomplete != null && !(o instanceof ResponseValidation.Malformed)) {
                return end(incomplete.status(), Metadata.EMPTY, resetAfter(true),
                        List.of(new CallActions.PeerFault(incomplete.rule(), incomplete.status().message())));
            }
        }
        if (o instanceof ResponseValidation.Malformed m) {
            return Step.streamError(m.rule(), ErrorCode.PROTOCOL_ERROR, streamId, m.detail());
        }
        if (o instanceof ResponseValidation.Informational) return Step.next(this);
        if (o instanceof ResponseValidation.Opened op) {
            ClientCall next = new ClientCall(streamId, phase == Phase.OPEN ? Phase.OPEN_RECEIVING : Phase.HALF_CLOSED_RECEIVING,
                    config, config.deframer(op.encoding()), deadlineArmed, compressedSendAllowed);
            return Step.next(next, new CallActions.DeliverResponseHeaders(op.metadata()));
        }
        ResponseValidation.Ended en = (ResponseValidation.Ended) o;
        List<Action> before = en.fault() == null ? List.of() : List.of(new CallActions.PeerFault(en.fault(), en.status().toString()));
        if (h.endStream()) {
            // The server is done. If we are still sending, release the stream (RPC_26).
            return end(en.status(), en.trailers(), phase.requestOpen() ? ErrorCode.NO_ERROR : null, before);
        }
        // Not a gRPC response (e.g. :status 503 without END_STREAM): give up on the stream.
        return end(en.status(), en.trailers(), ErrorCode.CANCEL, before);
    }

    private Step<ClientCall> data(ClientCallEvent.DataReceived d) {
        if (!phase.receiving()) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "DATA before the response HEADERS");
        }
        MessageDeframer.Result r = deframer.feed(d.payload());
        List<Action> out = new ArrayList<>();
        if (r instanceof MessageDeframer.Failed f) {
            out.add(new CallActions.PeerFault(f.rule(), f.status().message()));
            return end(f.status(), Metadata.EMPTY, resetAfter(d.endStream()), out);
        }
        MessageDeframer.Fed fed = (MessageDeframer.Fed) r;
        for (GrpcMessage m : fed.messages()) out.add(new CallActions.DeliverMessage(m));
        if (!d.endStream()) return Step.next(withDeframer(fed.next()), out);
        MessageDeframer.Failed incomplete = fed.next().end();
        Status st;
        if (incomplete != null) {
            out.add(new CallActions.PeerFault(incomplete.rule(), incomplete.status().message()));
            st = incomplete.status();
        } else {
            st = Status.of(StatusCode.INTERNAL, "server closed the stream without sending trailers");
            out.add(new CallActions.PeerFault(RpcRules.RPC_23, st.message()));
        }
        return end(st, Metadata.EMPTY, resetAfter(true), out);
    }

    /** The reset we owe when the call ends locally: none once both sides have ended the stream. */
    private ErrorCode resetAfter(boolean peerEnded) {
        if (!peerEnded) return ErrorCode.CANCEL;
        return phase.requestOpen() ? ErrorCode.CANCEL : null;
    }

    /** Ends the call: optional RST_STREAM, the deadline timer cancelled, then the status. */
    private Step<ClientCall> end(Status status, Metadata trailers, ErrorCode reset, List<Action> before) {
        List<Action> out = new ArrayList<>(before);
        if (reset != null) out.add(new CallActions.SendRstStream(reset));
        if (deadlineArmed) out.add(new Actions.CancelTimer(Timer.DEADLINE, streamId));
        out.add(new CallActions.Complete(status, trailers));
        return Step.next(withPhase(Phase.CLOSED), out);
    }

    private Step<ClientCall> whenClosed(ClientCallEvent e) {
        if (e instanceof ClientCallEvent.StartCall || e instanceof ClientCallEvent.SendRequestMessage
                || e instanceof ClientCallEvent.HalfClose || e instanceof ClientCallEvent.CancelCall) {
            return Step.next(this, new CallActions.Refused("call already closed"));
        }
        return Step.next(this);
    }

    private static Phase halfClosed(Phase p) {
        return p == Phase.OPEN_RECEIVING ? Phase.HALF_CLOSED_RECEIVING : Phase.HALF_CLOSED;
    }

    private ClientCall withPhase(Phase p) {
        return new ClientCall(streamId, p, config, deframer, p == Phase.CLOSED ? false : deadlineArmed, compressedSendAllowed);
    }

    private ClientCall withDeframer(MessageDeframer d) {
        return new ClientCall(streamId, phase, config, d, deadlineArmed, compressedSendAllowed);
    }
}
