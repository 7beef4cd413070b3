package io.grpcspec.wire;

/** A frame of a type RFC 9113 does not define; kept whole so it can be ignored or relayed (§4.1, §5.5). */
public record UnknownFrame(int typeCode, int flags, int streamId, Bytes payload) implements Frame {
    public UnknownFrame {
        if (FrameType.of(typeCode) != null) throw new IllegalArgumentException("type 0x" + Integer.toHexString(typeCode) + " is known");
        if (typeCode < 0 || typeCode > 0xff) throw new IllegalArgumentException("type is 8 bits");
        if (flags < 0 || flags > 0xff) throw new IllegalArgumentException("flags are 8 bits");
    }

    @Override
    public int payloadLength() {
        return payload.length();
    }
}
