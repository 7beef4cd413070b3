package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Step;
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
import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The client side of one call, as an immutable state and a pure transition function {@link #on}.
 *
 * <p>The phase is the product of two directions: is our request still open (we have not sent
 * END_STREAM), and have the response headers arrived. The call ends ({@code CLOSED}) with exactly
 * one {@link Complete} carrying its status, whatever ended it: trailers, a trailers-only response,
 * a reset either way, the deadline, a local limit, or a broken response. When the server's
 * trailers arrive while messages still wait for the application, the call is {@code DRAINING}
 * until they are taken ({@link RpcRules#RPC_39}).
 *
 * <p>Across the call's life the stream itself may change: the machine owns the transparent retry
 * ({@link RpcRules#RPC_28}). {@code attempt} says where the current stream is: being opened
 * ({@code OPENING}, until the driver answers {@code StreamAssigned} or {@code StreamNotStarted}),
 * open, or gone while the driver picks another transport ({@code PICKING}). Request parts the
 * application sends while there is no stream wait in the replay record and go out when the new
 * stream is assigned.
 *
 * @param streamId the current stream (0 while none is assigned)
 * @param phase where the call is
 * @param attempt where the current stream is
 * @param config our limits and encodings
 * @param deframer reassembles response messages (set up when response headers arrive)
 * @param deadline when the call ends by itself, on the driver's clock (empty: no deadline)
 * @param deadlineArmed whether the deadline timer is armed
 * @param compressedSendAllowed whether the request declared a grpc-encoding other than identity,
 *     so that request messages may have Compressed-Flag 1 (RPC-14)
 * @param replay what a transparent retry would send again; null once no retry can happen
 * @param held how many of the replay's parts (the newest) have not been sent on the current stream
 * @param retried whether the one transparent retry has been used
 * @param inbox response messages on their way to the application, and the credit they hold
 * @param pending the status that follows the messages still in the inbox ({@code DRAINING} only)
 */
public record ClientCall(int streamId, Phase phase, Attempt attempt, CallConfig config, MessageDeframer deframer,
                         OptionalLong deadline, boolean deadlineArmed, boolean compressedSendAllowed,
                         Replay replay, int held, boolean retried, Inbox inbox, Complete pending) {

    /** Request bytes kept for a transparent retry (grpc-java's default per-call retry buffer). */
    public static final int REPLAY_LIMIT = 1 << 20;

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
        /** The server ended the call; its status waits for the messages the application has not taken. */
        DRAINING,
        /** The call has its status. */
        CLOSED;

        public boolean requestOpen() {
            return this == OPEN || this == OPEN_RECEIVING;
        }

        public boolean receiving() {
            return this == OPEN_RECEIVING || this == HALF_CLOSED_RECEIVING;
        }

        /** Started and not yet ended by anyone. */
        public boolean live() {
            return this != IDLE && this != DRAINING && this != CLOSED;
        }
    }

    /** Where the call's current stream is. */
    public enum Attempt {
        /** No stream asked for yet. */
        NONE,
        /** {@link OpenStream} emitted, the driver has not answered. */
        OPENING,
        /** The stream is open with {@link #streamId}. */
        OPEN,
        /** The stream was not processed; the driver picks a transport for the retry. */
        PICKING
    }

    /**
     * The request as a transparent retry sends it again: the headers (the grpc-timeout is
     * recomputed per stream) and the parts sent since, at most {@link #REPLAY_LIMIT} bytes.
     */
    public record Replay(RequestHeaders request, Fifo<CallAction.Client> parts, long bytes) {
        public Replay {
            Objects.requireNonNull(request);
            Objects.requireNonNull(parts);
        }

        /** The record with {@code part} ({@code size} message bytes) added; null when it no longer fits. */
        Replay add(CallAction.Client part, int size) {
            long b = bytes + size;
            return b > REPLAY_LIMIT ? null : new Replay(request, parts.add(part), b);
        }
    }

    public ClientCall {
        Objects.requireNonNull(phase);
        Objects.requireNonNull(attempt);
        Objects.requireNonNull(config);
        Objects.requireNonNull(deframer);
        Objects.requireNonNull(deadline);
        Objects.requireNonNull(inbox);
        if (held < 0) throw new IllegalArgumentException("held " + held);
    }

    /** A call not started yet. */
    public static ClientCall create(CallConfig config) {
        return new ClientCall(0, Phase.IDLE, Attempt.NONE, config, config.deframer(null), OptionalLong.empty(), false, false,
                null, 0, false, Inbox.empty(config.receiveBacklogBytes()), null);
    }

    public static Step<ClientCall> on(ClientCall s, ClientCallEvent e) {
        return switch (e) {
            case StartCall st -> s.start(st);
            case SendRequestMessage m -> s.sendMessage(m);
            case HalfClose h -> s.halfClose();
            case CancelCall(String reason) -> s.cancel(reason);
            case RequestMessages(long count) -> s.requestMessages(count);
            case MessageDelivered d -> s.delivered();
            case MessageUnreadable u -> s.unreadable(u);
            case WriteStalled(String detail) -> s.stalled(detail);
            case TransportPicked(long now) -> s.picked(now);
            case PickFailed(String cause) -> s.pickFailed(Status.of(StatusCode.UNAVAILABLE, cause));
            case PickTimedOut(String detail) -> s.pickFailed(Status.of(StatusCode.DEADLINE_EXCEEDED, detail));
            case StreamAssigned(int id) -> s.assigned(id);
            case StreamNotStarted(String why) -> s.notStarted(why);
            case HeadersReceived h -> s.headers(h);
            case DataReceived d -> s.data(d);
            case RstStreamReceived r -> s.rstStream(r);
            case NotProcessed(String why) -> s.notProcessed(why);
            case TransportClosed(String why) -> s.transportClosed(why);
            case DeadlineExpired d -> s.deadlineExpired();
            case ResetSent r -> s.resetSent(r);
        };
    }

    // --- the application ------------------------------------------------------------------------

    /**
     * Opens the first stream. The request offers exactly our encodings ({@link RpcRules#RPC_31})
     * and carries the time left until the deadline; a deadline already past ends the call before
     * anything is sent ({@link RpcRules#RPC_25}).
     */
    @Enforces({"RPC-25", "RPC-31"})
    private Step<ClientCall> start(StartCall st) {
        if (phase != Phase.IDLE) return refuse(phase == Phase.CLOSED ? "call already closed" : "call already started");
        RequestHeaders req = st.request();
        if (!config.supports(req.encoding())) {
            return Step.next(closed(), new Complete(Status.of(StatusCode.INTERNAL, "no compressor for grpc-encoding " + req.encoding())));
        }
        List<Action> out = new ArrayList<>();
        OptionalLong left = OptionalLong.empty();
        if (st.deadline().isPresent()) {
            long l = st.deadline().getAsLong() - st.nowNanos();
            if (l <= 0) {
                return Step.next(closed(), new Complete(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before the call started")));
            }
            left = OptionalLong.of(l);
        }
        req = req.withEncodings(req.encoding(), config.encodings().isEmpty() ? null : String.join(",", config.encodings()));
        out.add(new OpenStream((left.isPresent() ? req.withTimeoutNanos(left.getAsLong()) : req).toFields()));
        if (left.isPresent()) out.add(new CallAction.ArmDeadline(left.getAsLong()));
        boolean compress = req.encoding() != null && !req.encoding().equals("identity");
        ClientCall next = new ClientCall(0, Phase.OPEN, Attempt.OPENING, config, deframer, st.deadline(), left.isPresent(),
                compress, new Replay(req, Fifo.empty(), 0), 0, false, inbox, null);
        return Step.next(next, out);
    }

    /** One request message, unless it breaks RPC-14 or the send limit ({@link RpcRules#RPC_33}). */
    @Enforces("RPC-33")
    private Step<ClientCall> sendMessage(SendRequestMessage m) {
        Step<ClientCall> no = refuseSending();
        if (no != null) return no;
        if (m.message().compressed() && !compressedSendAllowed) {
            return refuse("the request declared no grpc-encoding: cannot send a compressed message");
        }
        long size = Math.max(m.uncompressedBytes(), m.message().payload().length());
        if (size > config.maxSendMessageBytes()) {
            Status st = Status.of(StatusCode.RESOURCE_EXHAUSTED,
                    "message larger than max (" + size + " vs. " + config.maxSendMessageBytes() + ")");
            return end(st, Metadata.EMPTY, attempt == Attempt.OPEN ? ErrorCode.CANCEL : null, List.of());
        }
        SendMessage part = new SendMessage(MessageFramer.frame(m.message()), m.last());
        return send(part, part.framed().length(), m.last() ? halfClosed(phase) : phase);
    }

    private Step<ClientCall> halfClose() {
        Step<ClientCall> no = refuseSending();
        return no != null ? no : send(new SendEndStream(), 0, halfClosed(phase));
    }

    /** Null when the request may take another part; otherwise the refusal. */
    private Step<ClientCall> refuseSending() {
        return switch (phase) {
            case IDLE -> refuse("call not started");
            case DRAINING, CLOSED -> refuse("call already closed");
            case HALF_CLOSED, HALF_CLOSED_RECEIVING -> refuse("request already half-closed");
            case OPEN, OPEN_RECEIVING -> null;
        };
    }

    /**
     * A request part goes on the stream, and into the replay record while a retry is possible.
     * Without a stream (a retry under way) it waits in the record; one that does not fit there
     * ends the call, as nothing can hold it ({@link RpcRules#RPC_28}).
     */
    @Enforces("RPC-28")
    private Step<ClientCall> send(CallAction.Client part, int size, Phase nextPhase) {
        Replay r = replay == null ? null : replay.add(part, size);
        if (attempt == Attempt.OPEN) return Step.next(with(nextPhase, r, held), part);
        if (r == null) {
            return end(Status.of(StatusCode.UNAVAILABLE, "the request outgrew the " + REPLAY_LIMIT
                    + " bytes kept for a transparent retry while no stream was open"), Metadata.EMPTY, null, List.of());
        }
        return Step.next(with(nextPhase, r, held + 1));
    }

    /** {@link RpcRules#RPC_27}: a client cancels with RST_STREAM(CANCEL) when it has a stream. */
    @Enforces("RPC-27")
    private Step<ClientCall> cancel(String reason) {
        Status st = Status.of(StatusCode.CANCELLED, reason);
        return switch (phase) {
            case IDLE, DRAINING -> Step.next(closed(), new Complete(st));
            case CLOSED -> refuse("call already closed");
            case OPEN, OPEN_RECEIVING, HALF_CLOSED, HALF_CLOSED_RECEIVING ->
                    end(st, Metadata.EMPTY, attempt == Attempt.OPEN ? ErrorCode.CANCEL : null, List.of());
        };
    }

    /** {@link RpcRules#RPC_39}: the application takes {@code count} more messages. */
    @Enforces("RPC-39")
    private Step<ClientCall> requestMessages(long count) {
        if (phase == Phase.CLOSED) return Step.next(this);
        return afterInbox(inbox.requested(count), new ArrayList<>());
    }

    private Step<ClientCall> delivered() {
        if (phase == Phase.CLOSED || !inbox.delivering()) return Step.next(this);
        return afterInbox(inbox.answered(), new ArrayList<>());
    }

    /**
     * The delivered message could not be decoded: RESOURCE_EXHAUSTED when it decompresses beyond
     * the limit ({@link RpcRules#RPC_34}), INTERNAL when it is corrupt or unparsable
     * ({@link RpcRules#RPC_35}). Messages after it are dropped.
     */
    private Step<ClientCall> unreadable(MessageUnreadable u) {
        if (phase == Phase.CLOSED || !inbox.delivering()) return Step.next(this);
        Rule rule = u.why() == Unreadable.TOO_LARGE ? RpcRules.RPC_34 : RpcRules.RPC_35;
        Status st = Status.of(u.why() == Unreadable.TOO_LARGE ? StatusCode.RESOURCE_EXHAUSTED : StatusCode.INTERNAL, u.detail());
        List<Action> fault = List.of(new PeerFault(rule, u.detail()));
        if (phase == Phase.DRAINING) {
            List<Action> out = new ArrayList<>(fault);
            out.add(new Complete(st));
            return Step.next(closed(), out);
        }
        return end(st, Metadata.EMPTY, attempt == Attempt.OPEN ? ErrorCode.CANCEL : null, fault);
    }

    /** {@link RpcRules#RPC_40}: the server stopped granting credit for our request. */
    @Enforces("RPC-40")
    private Step<ClientCall> stalled(String detail) {
        if (!phase.live()) return Step.next(this);
        return end(Status.of(StatusCode.CANCELLED, detail), Metadata.EMPTY, attempt == Attempt.OPEN ? ErrorCode.CANCEL : null, List.of());
    }

    // --- transports and streams -------------------------------------------------------------------

    /** The retry's transport is here: open the stream again, with the time left (RPC-25 if none is). */
    @Enforces("RPC-25")
    private Step<ClientCall> picked(long now) {
        if (!phase.live() || attempt != Attempt.PICKING) return Step.next(this);
        RequestHeaders req = replay.request();
        if (deadline.isPresent()) {
            long left = deadline.getAsLong() - now;
            if (left <= 0) return end(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded"), Metadata.EMPTY, null, List.of());
            req = req.withTimeoutNanos(left);
        }
        return Step.next(withAttempt(Attempt.OPENING, 0), new OpenStream(req.toFields()));
    }

    /**
     * {@link RpcRules#RPC_42}: no transport for the call: UNAVAILABLE when the channel has none to
     * give, DEADLINE_EXCEEDED when the deadline passed while the call waited for one.
     */
    @Enforces("RPC-42")
    private Step<ClientCall> pickFailed(Status status) {
        if (phase == Phase.IDLE) return Step.next(closed(), new Complete(status));
        if (!phase.live() || attempt != Attempt.PICKING) return Step.next(this);
        return end(status, Metadata.EMPTY, null, List.of());
    }

    /** The stream is open: the parts that waited for it go out now. */
    @Enforces("RPC-27")
    private Step<ClientCall> assigned(int id) {
        if (attempt != Attempt.OPENING) return Step.next(this);
        if (!phase.live()) {
            // The call ended while its stream was being opened: release the stream (RPC-27).
            return Step.next(withAttempt(Attempt.OPEN, id), new SendRstStream(ErrorCode.CANCEL));
        }
        List<Action> out = new ArrayList<>();
        if (held > 0) {
            List<CallAction.Client> parts = replay.parts().toList();
            out.addAll(parts.subList(parts.size() - held, parts.size()));
        }
        return Step.next(withAttempt(Attempt.OPEN, id).with(phase, replay, 0), out);
    }

    private Step<ClientCall> notStarted(String why) {
        if (!phase.live() || attempt != Attempt.OPENING) return Step.next(this);
        return retryOrFail("stream not started: " + why, true);
    }

    private Step<ClientCall> notProcessed(String why) {
        if (!phase.live() || attempt != Attempt.OPEN) return Step.next(this);
        return retryOrFail(why, true);
    }

    /**
     * {@link RpcRules#RPC_28}: the server never processed the stream. Before response headers, with
     * the request still in the replay record and the retry unused, pick a transport and replay;
     * otherwise the call ends UNAVAILABLE (the stream is gone: nothing to reset).
     */
    @Enforces("RPC-28")
    private Step<ClientCall> retryOrFail(String why, boolean avoidCurrent) {
        if (phase.receiving() || replay == null || retried) {
            return end(Status.of(StatusCode.UNAVAILABLE, why), Metadata.EMPTY, null, List.of());
        }
        ClientCall next = new ClientCall(0, phase, Attempt.PICKING, config, deframer, deadline, deadlineArmed,
                compressedSendAllowed, replay, replay.parts().size(), true, inbox, pending);
        return Step.next(next, new PickTransport(avoidCurrent));
    }

    /** {@link RpcRules#RPC_30}: the connection went away under the call. */
    @Enforces("RPC-30")
    private Step<ClientCall> transportClosed(String why) {
        if (!phase.live() || attempt == Attempt.PICKING || attempt == Attempt.NONE) return Step.next(this);
        return end(Status.of(StatusCode.UNAVAILABLE, "connection closed: " + why), Metadata.EMPTY, null, List.of());
    }

    /** {@link RpcRules#RPC_25}: fail locally with DEADLINE_EXCEEDED, whatever is in flight, and reset with CANCEL. */
    @Enforces("RPC-25")
    private Step<ClientCall> deadlineExpired() {
        if (!phase.live()) return Step.next(this);
        ClientCall fired = new ClientCall(streamId, phase, attempt, config, deframer, deadline, false, compressedSendAllowed,
                replay, held, retried, inbox, pending);
        return fired.end(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded"), Metadata.EMPTY,
                attempt == Attempt.OPEN ? ErrorCode.CANCEL : null, List.of());
    }

    private Step<ClientCall> resetSent(ResetSent r) {
        Status mapped = StatusMapping.rstStreamStatus(r.code().code());
        if (phase == Phase.IDLE) return Step.next(closed(), new Complete(Status.of(mapped.code(), r.reason())));
        if (!phase.live()) return Step.next(this);
        return end(Status.of(mapped.code(), r.reason()), Metadata.EMPTY, null, List.of());
    }

    /**
     * The server reset the stream. REFUSED_STREAM before response headers is a transparent retry
     * ({@link RpcRules#RPC_28}); CANCEL at or after our deadline is DEADLINE_EXCEEDED
     * ({@link RpcRules#RPC_29}); any other code gives the status it maps to ({@link RpcRules#RPC_24}).
     */
    @Enforces({"RPC-24", "RPC-28", "RPC-29"})
    private Step<ClientCall> rstStream(RstStreamReceived r) {
        if (!phase.live() || attempt != Attempt.OPEN) return Step.next(this);
        long code = r.errorCode();
        if (code == ErrorCode.REFUSED_STREAM.code() && !phase.receiving()) {
            return retryOrFail("server refused stream " + streamId + " (REFUSED_STREAM)", false);
        }
        if (code == ErrorCode.CANCEL.code() && deadline.isPresent() && r.nowNanos() - deadline.getAsLong() >= 0) {
            return end(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded (the server cancelled the stream at the deadline)"),
                    Metadata.EMPTY, null, List.of());
        }
        return end(StatusMapping.rstStreamStatus(code), Metadata.EMPTY, null, List.of());
    }

    // --- the response ------------------------------------------------------------------------------

    private Step<ClientCall> headers(HeadersReceived h) {
        if (phase == Phase.IDLE) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "response frame before the request");
        }
        if (!phase.live() || attempt != Attempt.OPEN) return Step.next(this);
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
                        List.of(new PeerFault(incomplete.rule(), incomplete.status().message())));
            }
        }
        return switch (o) {
            case ResponseValidation.Malformed m -> Step.streamError(m.rule(), ErrorCode.PROTOCOL_ERROR, streamId, m.detail());
            case ResponseValidation.Informational i -> Step.next(this);
            case ResponseValidation.Opened op -> {
                // Response headers: the server has processed the call, so no retry can follow (RPC-28).
                ClientCall next = new ClientCall(streamId, phase == Phase.OPEN ? Phase.OPEN_RECEIVING : Phase.HALF_CLOSED_RECEIVING,
                        attempt, config, config.deframer(op.encoding()), deadline, deadlineArmed, compressedSendAllowed,
                        null, 0, retried, inbox, null);
                yield Step.next(next, new DeliverResponseHeaders(op.metadata()));
            }
            case ResponseValidation.Ended en -> {
                List<Action> before = en.fault() == null ? List.of() : List.of(new PeerFault(en.fault(), en.status().toString()));
                // Not a gRPC response (e.g. :status 503 without END_STREAM): give up on the stream.
                yield h.endStream() ? serverEnded(en.status(), en.trailers(), before)
                        : end(en.status(), en.trailers(), ErrorCode.CANCEL, before);
            }
        };
    }

    /**
     * The server ended the call with {@code status}. If we are still sending, release the stream
     * ({@link RpcRules#RPC_26}). The status reaches the application after the messages it has not
     * taken yet ({@link RpcRules#RPC_39}); their credit no longer matters, the stream is over.
     */
    @Enforces({"RPC-26", "RPC-39"})
    private Step<ClientCall> serverEnded(Status status, Metadata trailers, List<Action> before) {
        List<Action> out = new ArrayList<>(before);
        if (phase.requestOpen()) out.add(new SendRstStream(ErrorCode.NO_ERROR));
        if (deadlineArmed) out.add(new CancelDeadline());
        Complete c = new Complete(status, trailers);
        if (inbox.drained()) {
            out.add(c);
            return Step.next(closed(), out);
        }
        Inbox settled = inbox.settled();
        return Step.next(new ClientCall(streamId, Phase.DRAINING, attempt, config, deframer, deadline, false,
                compressedSendAllowed, null, 0, retried, settled, c), out);
    }

    private Step<ClientCall> data(DataReceived d) {
        if (phase == Phase.IDLE) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "response frame before the request");
        }
        if (!phase.live() || attempt != Attempt.OPEN) return Step.next(this);
        if (!phase.receiving()) {
            return Step.streamError(RpcRules.RPC_22, ErrorCode.PROTOCOL_ERROR, streamId, "DATA before the response HEADERS");
        }
        MessageDeframer.Fed fed;
        switch (deframer.feed(d.payload())) {
            case MessageDeframer.Failed f -> {
                return end(f.status(), Metadata.EMPTY, resetAfter(d.endStream()), List.of(new PeerFault(f.rule(), f.status().message())));
            }
            case MessageDeframer.Fed ok -> fed = ok;
        }
        if (!d.endStream()) {
            return withDeframer(fed.next()).afterInbox(inbox.received(d.payload().length(), fed.messages()), new ArrayList<>());
        }
        // END_STREAM on DATA: there will be no trailers (RPC-23), or a message is cut (RPC-17).
        MessageDeframer.Failed incomplete = fed.next().end();
        Status st = incomplete != null ? incomplete.status()
                : Status.of(StatusCode.INTERNAL, "server closed the stream without sending trailers");
        Rule rule = incomplete != null ? incomplete.rule() : RpcRules.RPC_23;
        return end(st, Metadata.EMPTY, resetAfter(true), List.of(new PeerFault(rule, st.message())));
    }

    /** The reset we owe when the call ends locally: none once both sides have ended the stream. */
    private ErrorCode resetAfter(boolean peerEnded) {
        if (!peerEnded) return ErrorCode.CANCEL;
        return phase.requestOpen() ? ErrorCode.CANCEL : null;
    }

    /** Credit the inbox releases, the message it hands over, and in DRAINING the status once it is empty. */
    @Enforces({"RPC-38", "RPC-39"})
    private Step<ClientCall> afterInbox(Inbox.Out o, List<Action> out) {
        if (o.credit() > 0) out.add(new ReturnCredit(o.credit()));
        GrpcMessage m = o.deliver();
        if (m != null) out.add(new DeliverMessage(m, m.compressed() ? deframer.encoding() : null, config.maxReceiveMessageBytes()));
        ClientCall next = new ClientCall(streamId, phase, attempt, config, deframer, deadline, deadlineArmed, compressedSendAllowed,
                replay, held, retried, o.next(), pending);
        if (phase == Phase.DRAINING && o.next().drained()) {
            out.add(pending);
            return Step.next(next.closed(), out);
        }
        return Step.next(next, out);
    }

    // --- ending ------------------------------------------------------------------------------------

    /** Ends the call: optional RST_STREAM, the deadline timer cancelled, then the status. */
    private Step<ClientCall> end(Status status, Metadata trailers, ErrorCode reset, List<Action> before) {
        List<Action> out = new ArrayList<>(before);
        if (reset != null) out.add(new SendRstStream(reset));
        if (deadlineArmed) out.add(new CancelDeadline());
        out.add(new Complete(status, trailers));
        return Step.next(closed(), out);
    }

    private Step<ClientCall> refuse(String reason) {
        return Step.next(this, new Refused(reason));
    }

    private static Phase halfClosed(Phase p) {
        return p == Phase.OPEN_RECEIVING ? Phase.HALF_CLOSED_RECEIVING : Phase.HALF_CLOSED;
    }

    /** CLOSED: timers off, nothing kept for replay or delivery. */
    private ClientCall closed() {
        return new ClientCall(streamId, Phase.CLOSED, attempt, config, deframer, deadline, false, compressedSendAllowed,
                null, 0, retried, Inbox.EMPTY, null);
    }

    private ClientCall with(Phase p, Replay r, int h) {
        return new ClientCall(streamId, p, attempt, config, deframer, deadline, deadlineArmed, compressedSendAllowed,
                r, h, retried, inbox, pending);
    }

    private ClientCall withAttempt(Attempt a, int id) {
        return new ClientCall(id, phase, a, config, deframer, deadline, deadlineArmed, compressedSendAllowed,
                replay, held, retried, inbox, pending);
    }

    private ClientCall withDeframer(MessageDeframer d) {
        return new ClientCall(streamId, phase, attempt, config, d, deadline, deadlineArmed, compressedSendAllowed,
                replay, held, retried, inbox, pending);
    }
}
