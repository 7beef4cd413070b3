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
    public int flags() {
        return (endStream ? Flags.END_STREAM : 0) | (endHeaders ? Flags.END_HEADERS : 0)
                | (padded() ? Flags.PADDED : 0) | (priority != null ? Flags.PRIORITY : 0);
    }

    @Override
    public int payloadLength() {
        return fragment.length() + Frames.paddingOverhead(padLength) + (priority == null ? 0 : 5);
    }
}
