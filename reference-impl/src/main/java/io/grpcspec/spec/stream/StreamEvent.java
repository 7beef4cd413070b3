package io.grpcspec.spec.stream;

import io.grpcspec.spec.Event;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import java.util.List;

/** Inputs of the {@link StreamTable}: frames from the peer, and what our side wants to do. */
public sealed interface StreamEvent extends Event {

    // ------------------------------------------------------------ from the peer

    /** A DATA, RST_STREAM, WINDOW_UPDATE (any stream, 0 included) or PRIORITY frame arrived. */
    record FrameReceived(Frame frame) implements StreamEvent {}

    /** A complete header block arrived (from the {@link HeaderBlockAssembler}). */
    record HeaderBlockReceived(HeaderBlock block) implements StreamEvent {}

    /** The peer's SETTINGS_INITIAL_WINDOW_SIZE is now {@code size} (applied on receipt, §6.9.2). */
    record PeerInitialWindowSize(int size) implements StreamEvent {}

    /** The peer's SETTINGS_MAX_CONCURRENT_STREAMS is now {@code max}. */
    record PeerMaxConcurrentStreams(long max) implements StreamEvent {}

    // ------------------------------------------------------------ from our side

    /** Open our next stream with this header list (encoded when it is written). */
    record OpenStream(List<HeaderField> fields, boolean endStream) implements StreamEvent {
        public OpenStream {
            fields = List.copyOf(fields);
        }
    }

    /** Send a header list (response headers or trailers) on an existing stream. */
    record SendHeaders(int streamId, List<HeaderField> fields, boolean endStream) implements StreamEvent {
        public SendHeaders {
            fields = List.copyOf(fields);
        }
    }

    /** Send this DATA frame; its flow-controlled length must fit {@link StreamTable#sendable}. */
    record SendData(DataFrame frame) implements StreamEvent {}

    /**
     * Reset a stream. Also the answer to every stream-scope violation: send it with the
     * violation's code, then feed the offending event again so it gets the minimal processing
     * of a frame on a stream we reset (HPACK decoding, connection flow control).
     */
    record SendRst(int streamId, ErrorCode code) implements StreamEvent {}

    /** The application consumed {@code bytes} of data delivered on the stream. */
    record Consumed(int streamId, int bytes) implements StreamEvent {}

    /** The application waits for a message of {@code size} bytes on the stream. */
    record MessagePending(int streamId, int size) implements StreamEvent {}

    /** The peer acknowledged our SETTINGS carrying INITIAL_WINDOW_SIZE {@code size}. */
    record LocalInitialWindowSizeAcked(int size) implements StreamEvent {}

    /** We advertise SETTINGS_MAX_CONCURRENT_STREAMS {@code max} (enforced at once, see streams.md). */
    record LocalMaxConcurrentStreams(long max) implements StreamEvent {}
}
