package io.grpcspec.wire;

/**
 * HTTP/2 error codes, RFC 9113 §7.
 *
 * <p>Frames carry the raw 32-bit value ({@code long}) so that unknown codes survive a
 * read/write round trip; RFC 9113 §7 says an unknown code must not trigger special behaviour
 * and may be treated as INTERNAL_ERROR, which is what {@link #of(long)} does.
 */
public enum ErrorCode {
    NO_ERROR(0x0),
    PROTOCOL_ERROR(0x1),
    INTERNAL_ERROR(0x2),
    FLOW_CONTROL_ERROR(0x3),
    SETTINGS_TIMEOUT(0x4),
    STREAM_CLOSED(0x5),
    FRAME_SIZE_ERROR(0x6),
    REFUSED_STREAM(0x7),
    CANCEL(0x8),
    COMPRESSION_ERROR(0x9),
    CONNECT_ERROR(0xa),
    ENHANCE_YOUR_CALM(0xb),
    INADEQUATE_SECURITY(0xc),
    HTTP_1_1_REQUIRED(0xd);

    private final long code;

    ErrorCode(long code) {
        this.code = code;
    }

    /** The value on the wire. */
    public long code() {
        return code;
    }

    /** The known code for {@code value}, or null when the value is not defined by RFC 9113. */
    public static ErrorCode known(long value) {
        for (ErrorCode c : values()) {
            if (c.code == value) return c;
        }
        return null;
    }

    /** The code for {@code value}; unknown values read as INTERNAL_ERROR (RFC 9113 §7). */
    public static ErrorCode of(long value) {
        ErrorCode c = known(value);
        return c == null ? INTERNAL_ERROR : c;
    }

    /** The name, or {@code UNKNOWN(0x..)} for a value RFC 9113 does not define. */
    public static String describe(long value) {
        ErrorCode c = known(value);
        return c == null ? "UNKNOWN(0x" + Long.toHexString(value) + ")" : c.name();
    }
}
