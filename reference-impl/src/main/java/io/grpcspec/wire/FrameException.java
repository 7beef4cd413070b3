package io.grpcspec.wire;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Rule;
import java.util.Objects;

/**
 * Input that is not a well-formed frame: which rule it broke, the RFC error code the peer is
 * owed, whether that ends the connection (GOAWAY) or one stream (RST_STREAM), and where.
 *
 * <p>Checked on purpose: every caller that decodes peer input has to decide what to send back.
 * After a {@link Scope#STREAM} error the reader has consumed the whole frame and may go on
 * reading; after a {@link Scope#CONNECTION} error the byte stream is no longer trusted.
 *
 * <p>{@link #frame()} is non-null only when the frame parsed completely yet broke a stream rule
 * (a HEADERS frame whose priority names its own stream): its field block must still reach the
 * HPACK decoder, or the connection's compression state drifts apart (RFC 9113 §4.3).
 */
public final class FrameException extends Exception {
    /** {@link #frameType()} when no frame was involved (the connection preface). */
    public static final int NO_FRAME = -1;

    private final Rule rule;
    private final ErrorCode code;
    private final Scope scope;
    private final int streamId;
    private final int frameType;
    private final String detail;
    private final transient Frame frame;

    public FrameException(Rule rule, ErrorCode code, Scope scope, int streamId, int frameType, String detail,
                          Frame frame) {
        super(format(rule, code, scope, streamId, detail), null, false, false);
        this.rule = Objects.requireNonNull(rule);
        this.code = Objects.requireNonNull(code);
        this.scope = Objects.requireNonNull(scope);
        this.streamId = streamId;
        this.frameType = frameType;
        this.detail = Objects.requireNonNull(detail);
        this.frame = frame;
    }

    static FrameException connection(Rule rule, ErrorCode code, FrameHeader h, String detail) {
        return new FrameException(rule, code, Scope.CONNECTION, h.streamId(), h.type(), detail, null);
    }

    static FrameException stream(Rule rule, ErrorCode code, FrameHeader h, String detail, Frame frame) {
        return new FrameException(rule, code, Scope.STREAM, h.streamId(), h.type(), detail, frame);
    }

    public Rule rule() {
        return rule;
    }

    public ErrorCode code() {
        return code;
    }

    public Scope scope() {
        return scope;
    }

    /** The stream the frame was on (0 for connection frames); for a stream error, the stream to reset. */
    public int streamId() {
        return streamId;
    }

    /** The 8-bit type code of the offending frame, or {@link #NO_FRAME}. */
    public int frameType() {
        return frameType;
    }

    /** The frame type's name, {@code UNKNOWN(0x..)} for extension types, or "none". */
    public String frameTypeName() {
        if (frameType == NO_FRAME) return "none";
        FrameType t = FrameType.of(frameType);
        return t == null ? "UNKNOWN(0x" + Integer.toHexString(frameType) + ")" : t.name();
    }

    /** What exactly was wrong, with the numbers seen. */
    public String detail() {
        return detail;
    }

    /** The whole decoded frame for a stream error that left it parseable, else null (see class doc). */
    public Frame frame() {
        return frame;
    }

    /** {@code FRAME_SIZE_ERROR (connection)} or {@code PROTOCOL_ERROR (stream 3)}. */
    public String codeAndScope() {
        return code + " (" + (scope == Scope.STREAM ? "stream " + streamId : "connection") + ")";
    }

    private static String format(Rule rule, ErrorCode code, Scope scope, int streamId, String detail) {
        return code + " (" + (scope == Scope.STREAM ? "stream " + streamId : "connection") + ") rule "
                + rule.id() + ": " + detail;
    }
}
