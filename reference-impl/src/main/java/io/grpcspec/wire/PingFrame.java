package io.grpcspec.wire;

/** PING, RFC 9113 §6.7. The 8 opaque bytes are held as a big-endian long. */
public record PingFrame(boolean ack, long opaqueData) implements Frame {
    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public int typeCode() {
        return FrameType.PING.code();
    }

    @Override
    public int flags() {
        return ack ? Flags.ACK : 0;
    }

    @Override
    public int payloadLength() {
        return 8;
    }
}
