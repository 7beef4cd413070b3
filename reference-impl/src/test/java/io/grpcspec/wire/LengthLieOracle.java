package io.grpcspec.wire;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.codec.FrameRules;

/**
 * The expected verdict for a frame whose length field lies: one model, written apart from the
 * parser, shared by the wire tests and the codec properties.
 */
public final class LengthLieOracle {
    private LengthLieOracle() {}

    /**
     * What a receiver must say about {@code f}'s bytes when the length field reads {@code lie}
     * while {@code actual} payload bytes follow; null when a shorter frame decodes (and the rest
     * is trailing input). Header-only checks come first, then truncation, then payload checks.
     */
    public static Rule expected(Frame f, int lie, int actual) {
        int flags = f.flags();
        boolean padded = (flags & Flags.PADDED) != 0 && !(f instanceof UnknownFrame);
        FrameType t = f.type();
        if (t != null) {
            switch (t) {
                case PING -> { if (lie != 8) return FrameRules.FR_3; }
                case SETTINGS -> {
                    if (((SettingsFrame) f).ack() && lie != 0) return FrameRules.FR_5;
                    if (lie % 6 != 0) return FrameRules.FR_4;
                }
                case RST_STREAM -> { if (lie != 4) return FrameRules.FR_6; }
                case WINDOW_UPDATE -> { if (lie != 4) return FrameRules.FR_7; }
                case GOAWAY -> { if (lie < 8) return FrameRules.FR_9; }
                case DATA -> { if (lie < (padded ? 1 : 0)) return FrameRules.FR_10; }
                case HEADERS -> {
                    if (lie < (padded ? 1 : 0) + (((HeadersFrame) f).priority() != null ? 5 : 0)) return FrameRules.FR_10;
                }
                case PUSH_PROMISE -> { if (lie < (padded ? 1 : 0) + 4) return FrameRules.FR_10; }
                default -> { }
            }
        }
        if (lie > actual) return FrameRules.FR_19;
        if (t == FrameType.PRIORITY && lie != 5) return FrameRules.FR_8;
        if (padded) {
            int fixed = switch (t) {
                case HEADERS -> ((HeadersFrame) f).priority() != null ? 5 : 0;
                case PUSH_PROMISE -> 4;
                default -> 0;
            };
            if (padLength(f) > lie - 1 - fixed) return FrameRules.FR_11;
        }
        return null;
    }

    public static int padLength(Frame f) {
        if (f instanceof DataFrame d) return d.padLength();
        if (f instanceof HeadersFrame h) return h.padLength();
        return ((PushPromiseFrame) f).padLength();
    }

    public static ErrorCode codeOf(Rule r) {
        return r == FrameRules.FR_11 || r == FrameRules.FR_19 ? ErrorCode.PROTOCOL_ERROR : ErrorCode.FRAME_SIZE_ERROR;
    }
}
