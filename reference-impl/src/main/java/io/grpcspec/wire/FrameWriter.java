package io.grpcspec.wire;

import io.grpcspec.traceability.Enforces;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes frame records to their exact RFC 9113 bytes: reserved bits 0 (rule FR_15),
 * only the flags the type defines (rule FR_17), padding octets 0
 * (rule FR_18).
 *
 * <p>The writer encodes whatever a record says, including frames a peer would reject (DATA on
 * stream 0, a stream depending on itself): the oracle sends such frames on purpose to test
 * peers. Protocol checks belong to the spec machines; the only one offered here is
 * {@link #checkFits}, the peer's frame size limit. Values no record of a legal-shaped frame can
 * hold on the wire (negative stream ids, 33-bit codes) are programming errors.
 */
public final class FrameWriter {
    private FrameWriter() {}

    /** Header plus payload. */
    public static int encodedLength(Frame f) {
        return FrameHeader.LENGTH + f.payloadLength();
    }

    /** The size limit on the sending side: {@code f} must not exceed the peer's SETTINGS_MAX_FRAME_SIZE. */
    public static void checkFits(Frame f, int maxFrameSize) throws FrameException {
        if (f.payloadLength() > maxFrameSize) {
            throw new FrameException(new FrameError(FrameError.Kind.FRAME_TOO_LARGE, f.streamId(), f.typeCode(),
                    f.typeName() + " frame on stream " + f.streamId() + " has length " + f.payloadLength()
                            + ", over the peer's SETTINGS_MAX_FRAME_SIZE " + maxFrameSize, null));
        }
    }

    public static byte[] encode(Frame f) {
        byte[] out = new byte[checkedLength(f)];
        encode(f, out, 0);
        return out;
    }

    /** Encodes after {@link #checkFits}. */
    public static byte[] encode(Frame f, int maxFrameSize) throws FrameException {
        checkFits(f, maxFrameSize);
        return encode(f);
    }

    /** Encodes into {@code dst} at {@code offset}; returns the number of bytes written. */
    @Enforces("FR-17")
    public static int encode(Frame f, byte[] dst, int offset) {
        int total = checkedLength(f);
        if (f.streamId() < 0) throw new IllegalArgumentException("stream id is 31 bits: " + f.streamId());
        new FrameHeader(f.payloadLength(), f.typeCode(), f.flags(), f.streamId()).writeTo(dst, offset);
        PayloadEncoder.write(f, dst, offset + FrameHeader.LENGTH);
        return total;
    }

    /** One {@code write} call per frame, so a frame is never interleaved inside a buffered stream. */
    public static void write(Frame f, OutputStream out) throws IOException {
        out.write(encode(f));
    }

    private static int checkedLength(Frame f) {
        if (f.payloadLength() > FrameHeader.MAX_LENGTH) {
            throw new IllegalArgumentException(f.typeName() + " payload of " + f.payloadLength()
                    + " bytes does not fit the 24-bit length field");
        }
        return encodedLength(f);
    }
}
