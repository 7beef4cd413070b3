package io.grpcspec.wire;

import java.util.ArrayList;
import java.util.List;

/** Frame flag bits, RFC 9113 §6. */
public final class Flags {
    public static final int END_STREAM = 0x1;
    public static final int ACK = 0x1;
    public static final int END_HEADERS = 0x4;
    public static final int PADDED = 0x8;
    public static final int PRIORITY = 0x20;

    private Flags() {}

    /**
     * The flag bits {@code typeCode} defines; the reader drops all others (RFC 9113 §4.1). An
     * unknown type keeps all eight bits, since an extension may give them meaning.
     */
    public static int defined(int typeCode) {
        FrameType t = FrameType.of(typeCode);
        if (t == null) return 0xff;
        return switch (t) {
            case DATA -> END_STREAM | PADDED;
            case HEADERS -> END_STREAM | END_HEADERS | PADDED | PRIORITY;
            case SETTINGS, PING -> ACK;
            case PUSH_PROMISE -> END_HEADERS | PADDED;
            case CONTINUATION -> END_HEADERS;
            case PRIORITY, RST_STREAM, GOAWAY, WINDOW_UPDATE -> 0;
        };
    }

    /** Names of the set flags, highest bit first; bits the type does not define show as hex. */
    public static List<String> names(int typeCode, int flags) {
        List<String> names = new ArrayList<>();
        int known = FrameType.of(typeCode) == null ? 0 : defined(typeCode);
        for (int bit = 0x80; bit != 0; bit >>>= 1) {
            if ((flags & bit) == 0) continue;
            names.add((known & bit) != 0 ? name(typeCode, bit) : "0x" + Integer.toHexString(bit));
        }
        return names;
    }

    private static String name(int typeCode, int bit) {
        boolean ackType = typeCode == FrameType.SETTINGS.code() || typeCode == FrameType.PING.code();
        return switch (bit) {
            case 0x1 -> ackType ? "ACK" : "END_STREAM";
            case END_HEADERS -> "END_HEADERS";
            case PADDED -> "PADDED";
            case PRIORITY -> "PRIORITY";
            default -> "0x" + Integer.toHexString(bit);
        };
    }
}
