package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Event;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * Inputs of the server call machine: what arrived on the call's stream (already past the HTTP/2
 * stream, flow-control and header-block machines), timer expiry, the driver's answers to the
 * machine's actions (the method looked up, a message decoded), and the application's requests.
 * Times are the driver's monotonic clock in nanoseconds.
 */
public sealed interface ServerCallEvent extends Event {

    // --- the stream ------------------------------------------------------------------------------

    /** A complete, decoded header block arrived on the stream at {@code nowNanos}. */
    record HeadersReceived(List<HeaderField> fields, boolean endStream, long nowNanos) implements ServerCallEvent {
        public HeadersReceived {
            fields = List.copyOf(fields);
        }

        public HeadersReceived(List<HeaderField> fields, boolean endStream) {
            this(fields, endStream, 0);
        }
    }

    /** A DATA frame's payload (padding removed) arrived. */
    record DataReceived(Bytes payload, boolean endStream) implements ServerCallEvent {}

    /** The client reset the stream. */
    record RstStreamReceived(long errorCode) implements ServerCallEvent {}

    /** The call's deadline timer fired at {@code nowNanos}. */
    record DeadlineExpired(long nowNanos) implements ServerCallEvent {}

    /** Our side reset the stream with {@code code} (the answer to a Violation this machine returned). */
    record ResetSent(ErrorCode code, String reason) implements ServerCallEvent {}

    /** The stream closed under the call: the endpoint answered a stream error, or the connection went. */
    record StreamClosed(String why) implements ServerCallEvent {}

    // --- the driver's answers ------------------------------------------------------------------------

    /** The requested method exists; {@code requestStreaming} says whether its client sends a stream. */
    record MethodResolved(boolean requestStreaming) implements ServerCallEvent {}

    /** No service or method by the request's path; {@code message} says which part is missing. */
    record MethodUnknown(String message) implements ServerCallEvent {}

    /** The application takes {@code count} more request messages. */
    record RequestMessages(long count) implements ServerCallEvent {}

    /** The message of the last {@code DeliverMessage} was decoded and handed to the application. */
    record MessageDelivered() implements ServerCallEvent {}

    /** The message of the last {@code DeliverMessage} could not be decoded. */
    record MessageUnreadable(Unreadable why, String detail) implements ServerCallEvent {}

    /** A response message waited for flow-control credit until the write-stall limit. */
    record WriteStalled(String detail) implements ServerCallEvent {}

    /** The driver has no thread to run the application's handler for the call. */
    record HandlerUnavailable(String detail) implements ServerCallEvent {}

    // --- the application -----------------------------------------------------------------------------

    /**
     * Application: send the response headers with this metadata, asking to compress responses
     * with {@code encoding} (null: none). The machine declares it in {@code grpc-encoding} only
     * when the client accepts it ({@link RpcRules#RPC_32}); {@code ServerCall.responseEncoding()}
     * then says what was declared.
     */
    record SendResponseHeaders(Metadata metadata, String encoding) implements ServerCallEvent {
        public SendResponseHeaders(Metadata metadata) {
            this(metadata, null);
        }
    }

    /**
     * Application: send one response message (headers go first if not sent yet);
     * {@code uncompressedBytes} is its size before compression (the send limit applies to it).
     */
    record SendResponseMessage(GrpcMessage message, int uncompressedBytes) implements ServerCallEvent {
        public SendResponseMessage(GrpcMessage message) {
            this(message, message.payload().length());
        }
    }

    /** Application: end the call with {@code status} and trailing metadata. */
    record FinishCall(Status status, Metadata trailers) implements ServerCallEvent {}
}
