package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Event;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * Inputs of the server call machine: what arrived on the call's stream (already past the HTTP/2
 * stream, flow-control and header-block machines), timer expiry, and the application's requests.
 */
public sealed interface ServerCallEvent extends Event {

    /** A complete, decoded header block arrived on the stream. */
    record HeadersReceived(List<HeaderField> fields, boolean endStream) implements ServerCallEvent {
        public HeadersReceived {
            fields = List.copyOf(fields);
        }
    }

    /** A DATA frame's payload (padding removed) arrived. */
    record DataReceived(Bytes payload, boolean endStream) implements ServerCallEvent {}

    /** The client reset the stream. */
    record RstStreamReceived(long errorCode) implements ServerCallEvent {}

    /** The call's deadline timer ({@code Timer.DEADLINE}, key = stream ID) fired at {@code nowNanos}. */
    record DeadlineExpired(long nowNanos) implements ServerCallEvent {}

    /** Our side reset the stream (a stream error found by this or another machine). */
    record ResetSent(ErrorCode code, String reason) implements ServerCallEvent {}

    /**
     * Application: send the response headers with this metadata, declaring {@code encoding}
     * (null: none) as the {@code grpc-encoding} of compressed response messages.
     */
    record SendResponseHeaders(Metadata metadata, String encoding) implements ServerCallEvent {
        public SendResponseHeaders(Metadata metadata) {
            this(metadata, null);
        }
    }

    /** Application: send one response message (headers go first if not sent yet). */
    record SendResponseMessage(GrpcMessage message) implements ServerCallEvent {}

    /** Application: end the call with {@code status} and trailing metadata. */
    record FinishCall(Status status, Metadata trailers) implements ServerCallEvent {}
}
