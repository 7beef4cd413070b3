package io.grpcspec.spec.stream;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/** The records of the {@link StreamAction} family. */
public final class StreamActions {
    private StreamActions() {}

    /**
     * Write this header list on the stream as one header block (HPACK-encoded now, in write
     * order, then HEADERS + CONTINUATION frames, contiguously).
     */
    public record WriteHeaders(int streamId, List<HeaderField> fields, boolean endStream) implements StreamAction {
        public WriteHeaders {
            fields = List.copyOf(fields);
        }
    }

    /** Decode and hand over a received header block; {@code trailers} marks a stream's second block. */
    public record DeliverHeaders(int streamId, Bytes block, boolean endStream, boolean trailers) implements StreamAction {}

    /**
     * Decode this header block (HPACK state is connection-wide) and drop the result: it arrived
     * on a stream we reset or forgot.
     */
    public record DiscardHeaders(int streamId, Bytes block) implements StreamAction {}

    /** The peer promised stream {@code promisedStreamId} on {@code streamId}; decode the request block. */
    public record DeliverPushPromise(int streamId, int promisedStreamId, Bytes block) implements StreamAction {}

    /** Hand over received data (padding removed). */
    public record DeliverData(int streamId, Bytes data, boolean endStream) implements StreamAction {}

    /** The peer reset the stream with this raw error code. */
    public record PeerReset(int streamId, long errorCode) implements StreamAction {}

    /** The stream reached "closed" this way. */
    public record StreamClosed(int streamId, Closure how) implements StreamAction {}
}
