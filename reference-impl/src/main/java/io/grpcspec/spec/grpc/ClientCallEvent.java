package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Event;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Inputs of the client call machine: the application's requests, the driver's answers to the
 * machine's actions (a transport picked, a stream assigned, a message decoded), frames on the
 * stream, and the deadline timer. Times are the driver's monotonic clock in nanoseconds.
 */
public sealed interface ClientCallEvent extends Event {

    // --- the application ------------------------------------------------------------------------

    /**
     * Application: start the call with these request headers on the transport the driver has
     * picked (a failed first pick is {@link PickFailed} or {@link PickTimedOut} instead). The call ends by {@code deadline} (a time on the driver's clock) if present; the
     * machine derives the {@code grpc-timeout} from it and {@code nowNanos}.
     */
    record StartCall(RequestHeaders request, OptionalLong deadline, long nowNanos) implements ClientCallEvent {
        public StartCall {
            Objects.requireNonNull(request);
            Objects.requireNonNull(deadline);
        }

        /** A call without a deadline. */
        public StartCall(RequestHeaders request) {
            this(request, OptionalLong.empty(), 0);
        }
    }

    /**
     * Application: send one request message; {@code last} puts END_STREAM on it (unary style).
     * {@code uncompressedBytes} is its size before compression (the send limit applies to it).
     */
    record SendRequestMessage(GrpcMessage message, int uncompressedBytes, boolean last) implements ClientCallEvent {
        public SendRequestMessage(GrpcMessage message, boolean last) {
            this(message, message.payload().length(), last);
        }
    }

    /** Application: no more request messages (an empty DATA with END_STREAM goes out). */
    record HalfClose() implements ClientCallEvent {}

    /** Application: cancel the call. */
    record CancelCall(String reason) implements ClientCallEvent {}

    /** Application: it will take {@code count} more response messages. */
    record RequestMessages(long count) implements ClientCallEvent {}

    /** Driver: the message of the last {@code DeliverMessage} was decoded and handed over. */
    record MessageDelivered() implements ClientCallEvent {}

    /** Driver: the message of the last {@code DeliverMessage} could not be decoded. */
    record MessageUnreadable(Unreadable why, String detail) implements ClientCallEvent {}

    /** Driver: a request message waited for flow-control credit until the write-stall limit. */
    record WriteStalled(String detail) implements ClientCallEvent {}

    // --- transports and streams -------------------------------------------------------------------

    /** Driver: the transport for a transparent retry is picked ({@code PickTransport}'s answer). */
    record TransportPicked(long nowNanos) implements ClientCallEvent {}

    /** Driver: the channel has no transport for the call (its picker fails fast, or it is shut down). */
    record PickFailed(String cause) implements ClientCallEvent {}

    /** Driver: the call's deadline passed while it waited for a transport. */
    record PickTimedOut(String detail) implements ClientCallEvent {}

    /** Driver: the stream of the last {@code OpenStream} is open with this ID. */
    record StreamAssigned(int streamId) implements ClientCallEvent {
        public StreamAssigned {
            if (streamId <= 0) throw new IllegalArgumentException("stream " + streamId);
        }
    }

    /** Driver: the last {@code OpenStream} reached nobody: the transport takes no new streams. */
    record StreamNotStarted(String why) implements ClientCallEvent {}

    /** A complete, decoded header block arrived on the stream. */
    record HeadersReceived(List<HeaderField> fields, boolean endStream) implements ClientCallEvent {
        public HeadersReceived {
            fields = List.copyOf(fields);
        }
    }

    /** A DATA frame's payload (padding removed) arrived. */
    record DataReceived(Bytes payload, boolean endStream) implements ClientCallEvent {}

    /** The server reset the stream; it arrived at {@code nowNanos}. */
    record RstStreamReceived(long errorCode, long nowNanos) implements ClientCallEvent {
        public RstStreamReceived(long errorCode) {
            this(errorCode, 0);
        }
    }

    /** The server's GOAWAY says it never processed the stream (its ID is above the last-stream-id). */
    record NotProcessed(String why) implements ClientCallEvent {}

    /** The stream's connection closed. */
    record TransportClosed(String why) implements ClientCallEvent {}

    /** The call's deadline timer fired at {@code nowNanos}. */
    record DeadlineExpired(long nowNanos) implements ClientCallEvent {}

    /** Our side reset the stream with {@code code} (the answer to a Violation this machine returned). */
    record ResetSent(ErrorCode code, String reason) implements ClientCallEvent {}
}
