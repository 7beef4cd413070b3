package io.grpcspec.spec.stream;

import io.grpcspec.spec.Action;
import io.grpcspec.wire.Bytes;

/** Actions of the {@link StreamTable} beyond {@code Actions.WriteFrame}. */
public final class StreamActions {
    private StreamActions() {}

    /** Write this header block on the stream as HEADERS (+ CONTINUATION), contiguously. */
    public record WriteHeaders(int streamId, Bytes block, boolean endStream) implements Action {}

    /** Decode and hand over a received header block; {@code trailers} marks a stream's second block. */
    public record DeliverHeaders(int streamId, Bytes block, boolean endStream, boolean trailers) implements Action {}

    /**
     * Decode this header block (HPACK state is connection-wide) and drop the result: it arrived
     * on a stream we reset or forgot.
     */
    public record DiscardHeaders(int streamId, Bytes block) implements Action {}

    /** The peer promised stream {@code promisedStreamId} on {@code streamId}; decode the request block. */
    public record DeliverPushPromise(int streamId, int promisedStreamId, Bytes block) implements Action {}

    /** Hand over received data (padding removed). */
    public record DeliverData(int streamId, Bytes data, boolean endStream) implements Action {}

    /** The peer reset the stream with this raw error code. */
    public record PeerReset(int streamId, long errorCode) implements Action {}

    /** The stream reached "closed" this way. */
    public record StreamClosed(int streamId, Closure how) implements Action {}
}
