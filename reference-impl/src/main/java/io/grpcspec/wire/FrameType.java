package io.grpcspec.wire;

/** Frame type codes, RFC 9113 §6 (and §11.2's registry). */
public enum FrameType {
    DATA(0x0),
    HEADERS(0x1),
    PRIORITY(0x2),
    RST_STREAM(0x3),
    SETTINGS(0x4),
    PUSH_PROMISE(0x5),
    PING(0x6),
    GOAWAY(0x7),
    WINDOW_UPDATE(0x8),
    CONTINUATION(0x9);

    private final int code;
    /** {@link #values()} clones its array on every call; the codes are the indices (0x0 to 0x9). */
    private static final FrameType[] BY_CODE = values();

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The known type for {@code code}, or null: unknown types are ignorable (RFC 9113 §4.1, §5.5). */
    public static FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
