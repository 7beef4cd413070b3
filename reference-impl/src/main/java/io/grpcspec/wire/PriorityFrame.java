package io.grpcspec.wire;

/** PRIORITY, RFC 9113 §6.3 (deprecated signal; always 5 bytes). */
public record PriorityFrame(int streamId, Priority priority) implements Frame {
    @Override
    public int typeCode() {
        return FrameType.PRIORITY.code();
    }

    @Override
    public int payloadLength() {
        return 5;
    }
}
