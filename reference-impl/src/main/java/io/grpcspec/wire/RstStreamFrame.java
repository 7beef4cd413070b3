package io.grpcspec.wire;

/** RST_STREAM, RFC 9113 §6.4. {@code errorCode} is the raw 32-bit value (unknown codes kept). */
public record RstStreamFrame(int streamId, long errorCode) implements Frame {

    public RstStreamFrame(int streamId, ErrorCode code) {
        this(streamId, code.code());
    }

    public ErrorCode code() {
        return ErrorCode.of(errorCode);
    }

    @Override
    public int typeCode() {
        return FrameType.RST_STREAM.code();
    }

    /** This type defines no flags (RFC 9113 §6). */
    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int payloadLength() {
        return 4;
    }
}
