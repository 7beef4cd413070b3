package io.grpcspec.wire;

/** PRIORITY, RFC 9113 §6.3 (deprecated signal; always 5 bytes). */
public record PriorityFrame(int streamId, Priority priority) implements Frame {
    @Override
    public int typeCode() {
        return FrameType.PRIORITY.code();
    }

    /** This type defines no flags (RFC 9113 §6). */
    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int payloadLength() {
        return 5;
    }
}
