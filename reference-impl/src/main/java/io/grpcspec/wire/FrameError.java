package io.grpcspec.wire;

/**
 * What was malformed about a frame (or the connection preface), in wire terms only: which check
 * failed, on which stream and frame type, with the numbers seen. Which rule that breaks, the RFC
 * error code the peer is owed and whether it ends the connection or one stream are the spec's
 * answer (the spec's {@code FrameErrors}), not the codec's.
 *
 * @param kind      which check failed
 * @param streamId  the stream the frame was on (0 for connection frames and the preface)
 * @param frameType the 8-bit type code of the frame, or {@link #NO_FRAME}
 * @param detail    what exactly was wrong, with the numbers seen
 * @param frame     the whole decoded frame when it parsed completely yet failed a check that
 *                  needs no more bytes (a stream depending on itself), else null: its header
 *                  block fragment must still reach the HPACK decoder (RFC 9113 §4.3)
 */
public record FrameError(Kind kind, int streamId, int frameType, String detail, Frame frame) {

    /** {@link #frameType()} when no frame was involved (the connection preface). */
    public static final int NO_FRAME = -1;

    /** The checks a frame codec makes from the bytes of one frame alone. */
    public enum Kind {
        /** The client preface is not the 24 octets of RFC 9113 §3.4. */
        BAD_PREFACE(false),
        /** The length field exceeds the receiver's SETTINGS_MAX_FRAME_SIZE. */
        FRAME_TOO_LARGE(false),
        /** A PING payload that is not 8 octets. */
        PING_LENGTH(false),
        /** A SETTINGS payload that is not a multiple of 6 octets. */
        SETTINGS_LENGTH(false),
        /** A SETTINGS ACK with a payload. */
        SETTINGS_ACK_PAYLOAD(false),
        /** An RST_STREAM payload that is not 4 octets. */
        RST_STREAM_LENGTH(false),
        /** A WINDOW_UPDATE payload that is not 4 octets. */
        WINDOW_UPDATE_LENGTH(false),
        /** A PRIORITY payload that is not 5 octets; the frame was read whole. */
        PRIORITY_LENGTH(true),
        /** A GOAWAY payload shorter than 8 octets. */
        GOAWAY_LENGTH(false),
        /** A payload too short for the fixed fields its type and flags announce. */
        FIXED_FIELDS_MISSING(false),
        /** A Pad Length larger than what the payload has left; the frame was read whole. */
        PADDING_TOO_LONG(true),
        /** A stream-bound frame type on stream 0. */
        STREAM_FRAME_ON_STREAM_ZERO(false),
        /** A connection frame type (SETTINGS, PING, GOAWAY) on a stream other than 0. */
        CONNECTION_FRAME_ON_STREAM(false),
        /** A PRIORITY frame or HEADERS priority block naming its own stream; the frame was read whole. */
        SELF_DEPENDENCY(true),
        /** The input ended inside a frame header or payload. */
        TRUNCATED(false);

        private final boolean resumable;

        Kind(boolean resumable) {
            this.resumable = resumable;
        }

        /**
         * True when the reader consumed exactly the whole frame, so the next octet starts the
         * next frame and reading may go on; false when the byte stream can no longer be trusted
         * to be on a frame boundary.
         */
        public boolean resumable() {
            return resumable;
        }
    }

    /** The frame type's name, {@code UNKNOWN(0x..)} for extension types, or "none". */
    public String frameTypeName() {
        if (frameType == NO_FRAME) return "none";
        FrameType t = FrameType.of(frameType);
        return t == null ? "UNKNOWN(0x" + Integer.toHexString(frameType) + ")" : t.name();
    }

    @Override
    public String toString() {
        return kind + " (" + frameTypeName() + ", stream " + streamId + "): " + detail;
    }
}
