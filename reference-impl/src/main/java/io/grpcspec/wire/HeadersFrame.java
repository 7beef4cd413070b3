package io.grpcspec.wire;

/**
 * HEADERS, RFC 9113 §6.2. {@code fragment} is a piece of an HPACK header block; {@code priority}
 * is null when the PRIORITY flag is unset.
 */
public record HeadersFrame(int streamId, Bytes fragment, boolean endStream, boolean endHeaders,
                           int padLength, Priority priority) implements Frame {

    public HeadersFrame {
        Frames.checkPadding(padLength);
    }

    public HeadersFrame(int streamId, Bytes fragment, boolean endStream, boolean endHeaders) {
        this(streamId, fragment, endStream, endHeaders, NO_PADDING, null);
    }

    public boolean padded() {
        return padLength != NO_PADDING;
    }

    @Override
    public int typeCode() {
        return FrameType.HEADERS.code();
    }

    @Override
    public int payloadLength() {
        return fragment.length() + Frames.paddingOverhead(padLength) + (priority == null ? 0 : 5);
    }
}
