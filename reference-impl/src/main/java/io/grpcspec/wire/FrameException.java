package io.grpcspec.wire;

import java.util.Objects;

/**
 * Input that is not a well-formed frame, carrying the {@link FrameError} that says what and where.
 *
 * <p>Checked on purpose: every caller that decodes peer input has to decide what to send back
 * (the spec's {@code FrameErrors} turns the error into a rule, an error code and a scope). After
 * an error whose kind is {@linkplain FrameError.Kind#resumable() resumable} the reader has
 * consumed the whole frame and may go on reading; after any other the byte stream is no longer
 * trusted and the reader refuses to continue.
 */
public final class FrameException extends Exception {
    private final transient FrameError error;

    public FrameException(FrameError error) {
        super(error.toString(), null, false, false); // no stack trace: hostile input is not a bug
        this.error = Objects.requireNonNull(error);
    }

    static FrameException of(FrameError.Kind kind, FrameHeader h, String detail) {
        return new FrameException(new FrameError(kind, h.streamId(), h.type(), detail, null));
    }

    /** An error found after the frame parsed whole; {@code frame} goes with it (see {@link FrameError#frame()}). */
    static FrameException parsed(FrameError.Kind kind, FrameHeader h, String detail, Frame frame) {
        return new FrameException(new FrameError(kind, h.streamId(), h.type(), detail, frame));
    }

    public FrameError error() {
        return error;
    }

    public FrameError.Kind kind() {
        return error.kind();
    }

    /** The stream the frame was on (0 for connection frames and the preface). */
    public int streamId() {
        return error.streamId();
    }

    /** What exactly was wrong, with the numbers seen. */
    public String detail() {
        return error.detail();
    }

    /** The whole decoded frame when the error left it parseable, else null. */
    public Frame frame() {
        return error.frame();
    }
}
