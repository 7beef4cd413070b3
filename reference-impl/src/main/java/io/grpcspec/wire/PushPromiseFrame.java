package io.grpcspec.wire;

/** PUSH_PROMISE, RFC 9113 §6.6. A gRPC server never sends it. */
public record PushPromiseFrame(int streamId, int promisedStreamId, Bytes fragment, boolean endHeaders,
                               int padLength) implements Frame {
    public PushPromiseFrame {
        Frames.checkPadding(padLength);
    }

    public boolean padded() {
        return padLength != NO_PADDING;
    }

    @Override
    public int typeCode() {
        return FrameType.PUSH_PROMISE.code();
    }

    @Override
    public int flags() {
        return (endHeaders ? Flags.END_HEADERS : 0) | (padded() ? Flags.PADDED : 0);
    }

    @Override
    public int payloadLength() {
        return 4 + fragment.length() + Frames.paddingOverhead(padLength);
    }
}
