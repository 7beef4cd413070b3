package io.grpcspec.spec.codec;

import static io.grpcspec.spec.codec.FrameRules.*;
import static io.grpcspec.wire.ErrorCode.FRAME_SIZE_ERROR;
import static io.grpcspec.wire.ErrorCode.PROTOCOL_ERROR;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.FrameError;

/**
 * The spec's answer to a malformed frame: which FR rule each {@link FrameError.Kind} breaks, the
 * RFC 9113 error code the peer gets and whether it ends the connection or one stream.
 *
 * <p>Connection scope for everything that leaves the byte stream or the frame's meaning in doubt
 * (RFC 9113 §4.2 lets a FRAME_SIZE_ERROR end the connection for any frame type, and we do).
 * Stream scope only where the RFC names a stream error and the frame was read whole: a PRIORITY
 * of the wrong length ({@link FrameRules#FR_8}) and a stream depending on itself ({@link FrameRules#FR_14}).
 */
public final class FrameErrors {
    private FrameErrors() {}

    /** The violation {@code e} is; its stream is the frame's for a stream error, 0 otherwise. */
    public static Violation violation(FrameError e) {
        return switch (e.kind()) {
            case BAD_PREFACE -> connection(FR_1, PROTOCOL_ERROR, e);
            case FRAME_TOO_LARGE -> connection(FR_2, FRAME_SIZE_ERROR, e);
            case PING_LENGTH -> connection(FR_3, FRAME_SIZE_ERROR, e);
            case SETTINGS_LENGTH -> connection(FR_4, FRAME_SIZE_ERROR, e);
            case SETTINGS_ACK_PAYLOAD -> connection(FR_5, FRAME_SIZE_ERROR, e);
            case RST_STREAM_LENGTH -> connection(FR_6, FRAME_SIZE_ERROR, e);
            case WINDOW_UPDATE_LENGTH -> connection(FR_7, FRAME_SIZE_ERROR, e);
            case PRIORITY_LENGTH -> stream(FR_8, FRAME_SIZE_ERROR, e);
            case GOAWAY_LENGTH -> connection(FR_9, FRAME_SIZE_ERROR, e);
            case FIXED_FIELDS_MISSING -> connection(FR_10, FRAME_SIZE_ERROR, e);
            case PADDING_TOO_LONG -> connection(FR_11, PROTOCOL_ERROR, e);
            case STREAM_FRAME_ON_STREAM_ZERO -> connection(FR_12, PROTOCOL_ERROR, e);
            case CONNECTION_FRAME_ON_STREAM -> connection(FR_13, PROTOCOL_ERROR, e);
            case SELF_DEPENDENCY -> stream(FR_14, PROTOCOL_ERROR, e);
            case TRUNCATED -> connection(FR_19, PROTOCOL_ERROR, e);
        };
    }

    /** The rule {@code kind} breaks. */
    public static Rule rule(FrameError.Kind kind) {
        return violation(new FrameError(kind, 1, FrameError.NO_FRAME, "", null)).rule();
    }

    /**
     * One line for reports and the CLI: {@code FRAME_SIZE_ERROR (connection) rule FR-3: detail},
     * with {@code (stream N)} for a stream error.
     */
    public static String describe(FrameError e) {
        Violation v = violation(e);
        return v.code() + " (" + (v.scope() == Scope.STREAM ? "stream " + v.streamId() : "connection") + ") rule "
                + v.rule().id() + ": " + v.detail();
    }

    private static Violation connection(Rule rule, ErrorCode code, FrameError e) {
        return new Violation(rule, code, Scope.CONNECTION, 0, e.detail());
    }

    private static Violation stream(Rule rule, ErrorCode code, FrameError e) {
        return new Violation(rule, code, Scope.STREAM, e.streamId(), e.detail());
    }
}
