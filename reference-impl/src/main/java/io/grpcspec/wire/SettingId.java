package io.grpcspec.wire;

/** Identifiers of the SETTINGS parameters, RFC 9113 §6.5.2. Unknown identifiers are ignored. */
public final class SettingId {
    public static final int HEADER_TABLE_SIZE = 0x1;
    public static final int ENABLE_PUSH = 0x2;
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    public static final int MAX_FRAME_SIZE = 0x5;
    public static final int MAX_HEADER_LIST_SIZE = 0x6;
    /** RFC 8441 §3. */
    public static final int ENABLE_CONNECT_PROTOCOL = 0x8;
    /** RFC 9218 §2.1. */
    public static final int NO_RFC7540_PRIORITIES = 0x9;

    private SettingId() {}

    public static String name(int id) {
        return switch (id) {
            case HEADER_TABLE_SIZE -> "HEADER_TABLE_SIZE";
            case ENABLE_PUSH -> "ENABLE_PUSH";
            case MAX_CONCURRENT_STREAMS -> "MAX_CONCURRENT_STREAMS";
            case INITIAL_WINDOW_SIZE -> "INITIAL_WINDOW_SIZE";
            case MAX_FRAME_SIZE -> "MAX_FRAME_SIZE";
            case MAX_HEADER_LIST_SIZE -> "MAX_HEADER_LIST_SIZE";
            case ENABLE_CONNECT_PROTOCOL -> "ENABLE_CONNECT_PROTOCOL";
            case NO_RFC7540_PRIORITIES -> "NO_RFC7540_PRIORITIES";
            default -> "UNKNOWN(0x" + Integer.toHexString(id) + ")";
        };
    }
}
