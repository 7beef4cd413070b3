package io.grpcspec.wire;

/**
 * WINDOW_UPDATE, RFC 9113 §6.9. An increment of 0 is representable on purpose: rejecting it is
 * a flow-control rule of the spec machines, not of the codec.
 */
public record WindowUpdateFrame(int streamId, int increment) implements Frame {
    public WindowUpdateFrame {
        if (increment < 0) throw new IllegalArgumentException("increment is 31 bits");
    }

    @Override
    public int typeCode() {
        return FrameType.WINDOW_UPDATE.code();
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
