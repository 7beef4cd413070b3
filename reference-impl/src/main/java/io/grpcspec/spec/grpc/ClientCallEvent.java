package io.grpcspec.spec.grpc;

import io.grpcspec.spec.Event;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/** Inputs of the client call machine: the application's requests, frames on the stream, timers. */
public sealed interface ClientCallEvent extends Event {

    /** Application: start the call with these request headers (the stream is new). */
    record StartCall(RequestHeaders request) implements ClientCallEvent {}

    /** Application: send one request message; {@code last} puts END_STREAM on it (unary style). */
    record SendRequestMessage(GrpcMessage message, boolean last) implements ClientCallEvent {}

    /** Application: no more request messages (an empty DATA with END_STREAM goes out). */
    record HalfClose() implements ClientCallEvent {}

    /** Application: cancel the call. */
    record CancelCall(String reason) implements ClientCallEvent {}

    /** A complete, decoded header block arrived on the stream. */
    record HeadersReceived(List<HeaderField> fields, boolean endStream) implements ClientCallEvent {
        public HeadersReceived {
            fields = List.copyOf(fields);
        }
    }

    /** A DATA frame's payload (padding removed) arrived. */
    record DataReceived(Bytes payload, boolean endStream) implements ClientCallEvent {}

    /** The server reset the stream. */
    record RstStreamReceived(long errorCode) implements ClientCallEvent {}

    /** The call's deadline timer ({@code Timer.DEADLINE}, key = stream ID) fired at {@code nowNanos}. */
    record DeadlineExpired(long nowNanos) implements ClientCallEvent {}

    /** Our side reset the stream (a stream error found by this or another machine). */
    record ResetSent(ErrorCode code, String reason) implements ClientCallEvent {}
}
