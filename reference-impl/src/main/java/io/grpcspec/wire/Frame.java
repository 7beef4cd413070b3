package io.grpcspec.wire;

/**
 * One HTTP/2 frame, RFC 9113 §4.1 and §6, as an immutable value.
 *
 * <p>Records hold the meaning of a frame, not its byte layout: reserved bits are gone (ignored
 * on read, zero on write), and flags appear as booleans. Padding is kept as a length so that
 * flow control can count it (RFC 9113 §6.1) and a frame round-trips bit-exactly.
 */
public sealed interface Frame
        permits DataFrame, HeadersFrame, PriorityFrame, RstStreamFrame, SettingsFrame,
                PushPromiseFrame, PingFrame, GoAwayFrame, WindowUpdateFrame, ContinuationFrame,
                UnknownFrame {

    /** Marks a padded frame field as "PADDED flag not set". */
    int NO_PADDING = -1;

    int streamId();

    /** The 8-bit type code. */
    int typeCode();

    /** The known type, or null for an extension frame. */
    default FrameType type() {
        return FrameType.of(typeCode());
    }

    default String typeName() {
        FrameType t = type();
        return t == null ? "UNKNOWN(0x" + Integer.toHexString(typeCode()) + ")" : t.name();
    }

    /** The flag octet this frame has on the wire: only flags its type defines (rule FR_17). */
    int flags();

    /** The length field this frame has on the wire (payload bytes, without the 9-byte header). */
    int payloadLength();
}
