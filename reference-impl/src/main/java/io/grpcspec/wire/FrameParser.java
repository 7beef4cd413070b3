package io.grpcspec.wire;

import static io.grpcspec.wire.FrameError.Kind.*;

import io.grpcspec.traceability.Enforces;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a frame header and its payload into a frame record, checking what one frame's bytes
 * alone can prove wrong ({@link FrameError.Kind}; the spec maps each kind to its FR rule).
 *
 * <p>Checks come in two steps so that readers can act before a payload arrives:
 * {@link #checkHeader} needs only the 9 header octets and raises every connection error that the
 * header alone proves (oversize, wrong stream, wrong fixed length); {@link #parsePayload} runs on
 * the complete payload and raises the rest. A reader therefore never waits for, or buffers, the
 * payload of a frame that already ended the connection, and it has always consumed the whole
 * frame when it reports a stream error.
 */
final class FrameParser {
    private FrameParser() {}

    /** The size limit, the stream-0 checks and the length checks that need no payload octet. */
    @Enforces("FR-16")
    static void checkHeader(FrameHeader h, int maxFrameSize) throws FrameException {
        String what = h.typeName() + " frame on stream " + h.streamId();
        if (h.length() > maxFrameSize) {
            throw FrameException.of(FRAME_TOO_LARGE, h,
                    what + " has length " + h.length() + ", over SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
        }
        FrameType type = FrameType.of(h.type());
        if (type == null) return; // unknown types (rule FR_16): any stream, any length up to the maximum
        boolean connectionType = type == FrameType.SETTINGS || type == FrameType.PING || type == FrameType.GOAWAY;
        if (connectionType && h.streamId() != 0) {
            throw FrameException.of(CONNECTION_FRAME_ON_STREAM, h,
                    type + " is a connection frame and must use stream 0, not stream " + h.streamId());
        }
        if (!connectionType && type != FrameType.WINDOW_UPDATE && h.streamId() == 0) {
            throw FrameException.of(STREAM_FRAME_ON_STREAM_ZERO, h,
                    type + " belongs to a stream and must not use stream 0");
        }
        int len = h.length();
        boolean padded = (h.flags() & Flags.PADDED) != 0;
        switch (type) {
            case PING -> exact(h, PING_LENGTH, len, 8);
            case SETTINGS -> {
                if ((h.flags() & Flags.ACK) != 0 && len != 0) {
                    throw FrameException.of(SETTINGS_ACK_PAYLOAD, h,
                            "SETTINGS with ACK has a " + len + "-byte payload, must be empty");
                }
                if (len % 6 != 0) {
                    throw FrameException.of(SETTINGS_LENGTH, h,
                            "SETTINGS payload is " + len + " bytes, not a multiple of 6");
                }
            }
            case RST_STREAM -> exact(h, RST_STREAM_LENGTH, len, 4);
            case WINDOW_UPDATE -> exact(h, WINDOW_UPDATE_LENGTH, len, 4);
            case GOAWAY -> {
                if (len < 8) {
                    throw FrameException.of(GOAWAY_LENGTH, h,
                            "GOAWAY payload is " + len + " bytes, needs at least 8");
                }
            }
            case DATA -> atLeast(h, len, padded ? 1 : 0, "the Pad Length octet");
            case HEADERS -> {
                boolean priority = (h.flags() & Flags.PRIORITY) != 0;
                atLeast(h, len, (padded ? 1 : 0) + (priority ? 5 : 0),
                        padded && priority ? "the Pad Length octet and 5 priority octets"
                                : padded ? "the Pad Length octet" : "5 priority octets");
            }
            case PUSH_PROMISE -> atLeast(h, len, (padded ? 1 : 0) + 4,
                    padded ? "the Pad Length octet and the Promised Stream ID" : "the Promised Stream ID");
            case PRIORITY, CONTINUATION -> {
                // PRIORITY's length is checked after the payload is consumed, so reading can go on.
            }
        }
    }

    /** Builds the record; {@code payload.length == h.length()} and {@link #checkHeader} passed. */
    @Enforces({"FR-16", "FR-17"})
    static Frame parsePayload(FrameHeader h, byte[] payload) throws FrameException {
        FrameType type = FrameType.of(h.type());
        // An unknown type is read whole into an UnknownFrame record, never an error (rule FR_16).
        if (type == null) return new UnknownFrame(h.type(), h.flags(), h.streamId(), Bytes.of(payload));
        int flags = h.flags() & Flags.defined(h.type()); // undefined flags are dropped on receipt (rule FR_17)
        int sid = h.streamId();
        return switch (type) {
            case DATA -> {
                int pad = padLength(h, payload, 0);
                int from = pad < 0 ? 0 : 1;
                int end = payload.length - Math.max(pad, 0);
                yield new DataFrame(sid, Bytes.of(payload, from, end - from), has(flags, Flags.END_STREAM), pad);
            }
            case HEADERS -> parseHeaders(h, payload, flags);
            case PRIORITY -> {
                if (payload.length != 5) {
                    throw FrameException.of(PRIORITY_LENGTH, h, "PRIORITY payload is " + payload.length + " bytes, must be 5");
                }
                PriorityFrame f = new PriorityFrame(sid, priority(payload, 0));
                checkDependency(h, f.priority(), f);
                yield f;
            }
            case RST_STREAM -> new RstStreamFrame(sid, Wire.u32(payload, 0));
            case SETTINGS -> {
                List<Setting> settings = new ArrayList<>(payload.length / 6);
                for (int i = 0; i < payload.length; i += 6) {
                    settings.add(new Setting(Wire.u16(payload, i), Wire.u32(payload, i + 2)));
                }
                yield new SettingsFrame(has(flags, Flags.ACK), settings);
            }
            case PUSH_PROMISE -> {
                int pad = padLength(h, payload, 4);
                int from = pad < 0 ? 0 : 1;
                int promised = Wire.u31(payload, from); // FR_15
                int end = payload.length - Math.max(pad, 0);
                yield new PushPromiseFrame(sid, promised, Bytes.of(payload, from + 4, end - from - 4),
                        has(flags, Flags.END_HEADERS), pad);
            }
            case PING -> new PingFrame(has(flags, Flags.ACK), Wire.u64(payload, 0));
            case GOAWAY -> new GoAwayFrame(Wire.u31(payload, 0), Wire.u32(payload, 4),
                    Bytes.of(payload, 8, payload.length - 8));
            case WINDOW_UPDATE -> new WindowUpdateFrame(sid, Wire.u31(payload, 0));
            case CONTINUATION -> new ContinuationFrame(sid, Bytes.of(payload), has(flags, Flags.END_HEADERS));
        };
    }

    private static HeadersFrame parseHeaders(FrameHeader h, byte[] payload, int flags) throws FrameException {
        boolean hasPriority = has(flags, Flags.PRIORITY);
        int pad = padLength(h, payload, hasPriority ? 5 : 0);
        int from = pad < 0 ? 0 : 1;
        Priority priority = hasPriority ? priority(payload, from) : null;
        if (hasPriority) from += 5;
        int end = payload.length - Math.max(pad, 0);
        HeadersFrame f = new HeadersFrame(h.streamId(), Bytes.of(payload, from, end - from),
                has(flags, Flags.END_STREAM), has(flags, Flags.END_HEADERS), pad, priority);
        if (priority != null) checkDependency(h, priority, f);
        return f;
    }

    /**
     * The Pad Length of a PADDED frame, or {@link Frame#NO_PADDING}; {@code fixed} is the size of
     * the other fields after the Pad Length octet, which the padding must leave room for.
     * Callers cut the padding off without reading its octets (rule FR_18).
     */
    @Enforces("FR-18")
    private static int padLength(FrameHeader h, byte[] payload, int fixed) throws FrameException {
        if ((h.flags() & Flags.PADDED) == 0) return Frame.NO_PADDING;
        int pad = payload[0] & 0xff;
        int room = payload.length - 1 - fixed;
        if (pad > room) {
            throw FrameException.of(PADDING_TOO_LONG, h,
                    h.typeName() + " pad length " + pad + " exceeds the " + room
                            + " bytes left in the " + payload.length + "-byte payload");
        }
        return pad;
    }

    private static Priority priority(byte[] payload, int off) {
        return new Priority(Wire.u31(payload, off), (payload[off] & 0x80) != 0, (payload[off + 4] & 0xff) + 1);
    }

    private static void checkDependency(FrameHeader h, Priority p, Frame frame) throws FrameException {
        if (p.streamDependency() == h.streamId()) {
            throw FrameException.parsed(SELF_DEPENDENCY, h, h.typeName() + " makes stream " + h.streamId() + " depend on itself", frame);
        }
    }

    private static void exact(FrameHeader h, FrameError.Kind kind, int len, int want) throws FrameException {
        if (len != want) {
            throw FrameException.of(kind, h,
                    h.typeName() + " payload is " + len + " bytes, must be " + want);
        }
    }

    private static void atLeast(FrameHeader h, int len, int need, String fields) throws FrameException {
        if (len < need) {
            throw FrameException.of(FIXED_FIELDS_MISSING, h,
                    h.typeName() + " payload is " + len + " bytes, too short for " + fields);
        }
    }

    private static boolean has(int flags, int bit) {
        return (flags & bit) != 0;
    }

    /** The input ended inside a frame header. */
    static FrameException truncatedHeader(int got) {
        return new FrameException(new FrameError(TRUNCATED, 0, FrameError.NO_FRAME,
                "input ends after " + got + " of the 9 frame header bytes", null));
    }

    /** The input ended inside the payload of {@code h}. */
    static FrameException truncatedPayload(FrameHeader h, int got) {
        return FrameException.of(TRUNCATED, h,
                "input ends after " + got + " of the " + h.length() + " payload bytes of a " + h.typeName()
                        + " frame on stream " + h.streamId());
    }
}
