package io.grpcspec.wire;

/** GOAWAY, RFC 9113 §6.8. {@code errorCode} is the raw 32-bit value (unknown codes kept). */
public record GoAwayFrame(int lastStreamId, long errorCode, Bytes debugData) implements Frame {

    public GoAwayFrame(int lastStreamId, ErrorCode code, Bytes debugData) {
        this(lastStreamId, code.code(), debugData);
    }

    public GoAwayFrame {
        if (lastStreamId < 0) throw new IllegalArgumentException("last-stream-id is 31 bits");
    }

    public ErrorCode code() {
        return ErrorCode.of(errorCode);
    }

    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public int typeCode() {
        return FrameType.GOAWAY.code();
    }

    /** This type defines no flags (RFC 9113 §6). */
    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int payloadLength() {
        return 8 + debugData.length();
    }
}
