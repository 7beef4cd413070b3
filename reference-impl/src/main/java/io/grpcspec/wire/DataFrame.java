package io.grpcspec.wire;

import io.grpcspec.traceability.Enforces;

/** DATA, RFC 9113 §6.1. {@code padLength} is {@link Frame#NO_PADDING} when PADDED is unset. */
public record DataFrame(int streamId, Bytes data, boolean endStream, int padLength) implements Frame {

    public DataFrame {
        Frames.checkPadding(padLength);
    }

    public DataFrame(int streamId, Bytes data, boolean endStream) {
        this(streamId, data, endStream, NO_PADDING);
    }

    public boolean padded() {
        return padLength != NO_PADDING;
    }

    @Override
    public int typeCode() {
        return FrameType.DATA.code();
    }

    @Override
    public int flags() {
        return (endStream ? Flags.END_STREAM : 0) | (padded() ? Flags.PADDED : 0);
    }

    /** Everything in the payload counts against flow control, padding included (§6.1). */
    @Enforces("FC-4")
    public int flowControlledLength() {
        return payloadLength();
    }

    @Override
    public int payloadLength() {
        return data.length() + Frames.paddingOverhead(padLength);
    }
}
