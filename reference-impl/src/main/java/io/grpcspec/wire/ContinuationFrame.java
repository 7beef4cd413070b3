package io.grpcspec.wire;

/** CONTINUATION, RFC 9113 §6.10. */
public record ContinuationFrame(int streamId, Bytes fragment, boolean endHeaders) implements Frame {
    @Override
    public int typeCode() {
        return FrameType.CONTINUATION.code();
    }

    @Override
    public int flags() {
        return endHeaders ? Flags.END_HEADERS : 0;
    }

    @Override
    public int payloadLength() {
        return fragment.length();
    }
}
