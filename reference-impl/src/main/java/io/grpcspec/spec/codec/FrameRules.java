package io.grpcspec.spec.codec;

import io.grpcspec.spec.Rule;

/**
 * Rules of area FR: the byte layout of frames, RFC 9113 §3.4, §4 and §6. These are the checks a
 * frame codec can make from one frame alone; rules that need connection or stream state
 * (stream states, header-block sequencing, settings values, flow control) live in their areas.
 * The codec ({@code io.grpcspec.wire}) reports what it found as a {@code FrameError.Kind};
 * {@link FrameErrors} maps each kind to its rule, error code and scope here, in spec code.
 * Constant names are the IDs with '-' as '_'.
 */
public final class FrameRules {
    private FrameRules() {}

    public static final Rule FR_1 = Rule.must("FR-1", "RFC 9113 §3.4",
            "A client opens the connection with the 24 octets PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n; anything else is a"
                    + " connection error of type PROTOCOL_ERROR.");

    public static final Rule FR_2 = Rule.must("FR-2", "RFC 9113 §4.2",
            "No frame may be longer than the receiver's SETTINGS_MAX_FRAME_SIZE (16384 until it says otherwise);"
                    + " a longer frame is a FRAME_SIZE_ERROR, treated here as a connection error for every frame type.");

    public static final Rule FR_3 = Rule.must("FR-3", "RFC 9113 §6.7",
            "A PING payload is exactly 8 octets; any other length is a connection error of type FRAME_SIZE_ERROR.");

    public static final Rule FR_4 = Rule.must("FR-4", "RFC 9113 §6.5",
            "A SETTINGS payload is a whole number of 6-octet entries; otherwise it is a connection error of type"
                    + " FRAME_SIZE_ERROR.");

    public static final Rule FR_5 = Rule.must("FR-5", "RFC 9113 §6.5",
            "A SETTINGS frame with the ACK flag has an empty payload; otherwise it is a connection error of type"
                    + " FRAME_SIZE_ERROR.");

    public static final Rule FR_6 = Rule.must("FR-6", "RFC 9113 §6.4",
            "An RST_STREAM payload is exactly 4 octets; any other length is a connection error of type FRAME_SIZE_ERROR.");

    public static final Rule FR_7 = Rule.must("FR-7", "RFC 9113 §6.9",
            "A WINDOW_UPDATE payload is exactly 4 octets; any other length is a connection error of type"
                    + " FRAME_SIZE_ERROR.");

    public static final Rule FR_8 = Rule.must("FR-8", "RFC 9113 §6.3",
            "A PRIORITY payload is exactly 5 octets; any other length is a stream error of type FRAME_SIZE_ERROR"
                    + " (the frame is skipped whole so the connection stays in sync).");

    public static final Rule FR_9 = Rule.must("FR-9", "RFC 9113 §4.2, §6.8",
            "A GOAWAY payload holds at least the Last-Stream-ID and Error Code (8 octets); a shorter one is a"
                    + " connection error of type FRAME_SIZE_ERROR.");

    public static final Rule FR_10 = Rule.must("FR-10", "RFC 9113 §4.2",
            "A frame is long enough for the fixed fields its type and flags announce (the Pad Length octet of a"
                    + " PADDED frame, the 5 priority octets of HEADERS with PRIORITY, the Promised Stream ID of"
                    + " PUSH_PROMISE); a shorter one is a connection error of type FRAME_SIZE_ERROR.");

    public static final Rule FR_11 = Rule.must("FR-11", "RFC 9113 §6.1, §6.2, §6.6",
            "Padding fits in the payload: a Pad Length larger than what remains after the other fields is a"
                    + " connection error of type PROTOCOL_ERROR.");

    public static final Rule FR_12 = Rule.must("FR-12", "RFC 9113 §6.1, §6.2, §6.3, §6.4, §6.6, §6.10",
            "DATA, HEADERS, PRIORITY, RST_STREAM, PUSH_PROMISE and CONTINUATION belong to a stream; on stream 0"
                    + " they are a connection error of type PROTOCOL_ERROR.");

    public static final Rule FR_13 = Rule.must("FR-13", "RFC 9113 §6.5, §6.7, §6.8",
            "SETTINGS, PING and GOAWAY concern the whole connection; on a stream other than 0 they are a"
                    + " connection error of type PROTOCOL_ERROR.");

    public static final Rule FR_14 = Rule.must("FR-14", "RFC 9113 §5.3.1",
            "A stream cannot depend on itself: a PRIORITY frame or a HEADERS priority block naming its own stream"
                    + " is a stream error of type PROTOCOL_ERROR.");

    public static final Rule FR_15 = Rule.must("FR-15", "RFC 9113 §4.1",
            "The reserved bit before every 31-bit stream identifier is sent as 0 and ignored on receipt.");

    public static final Rule FR_16 = Rule.must("FR-16", "RFC 9113 §4.1, §5.5",
            "A frame of an unknown type is not an error: the receiver reads past it whole and ignores it.");

    public static final Rule FR_17 = Rule.must("FR-17", "RFC 9113 §4.1",
            "Flags a frame type does not define are ignored on receipt and sent as 0.");

    public static final Rule FR_18 = Rule.must("FR-18", "RFC 9113 §6.1",
            "Padding octets are sent as zero; a receiver may ignore their value, and this one does.");

    public static final Rule FR_19 = Rule.must("FR-19", "RFC 9113 §4.1",
            "A frame is exactly 9 header octets plus the payload its 24-bit length announces; input that ends"
                    + " inside a frame is a truncated frame, never a shorter one.");
}
