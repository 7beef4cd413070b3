package io.grpcspec.client;

import io.grpcspec.spec.grpc.StatusCode;
import java.util.Objects;

/**
 * {@link Grpc#dial} could not make a channel: the target is malformed or names no registered
 * scheme ({@link #targetError()} says exactly what), or a blocking dial did not reach READY in time.
 */
public final class DialException extends Exception {
    private final transient TargetError targetError;
    private final StatusCode code;

    DialException(TargetError error) {
        super(error.toString());
        this.targetError = Objects.requireNonNull(error);
        this.code = StatusCode.INVALID_ARGUMENT;
    }

    DialException(StatusCode code, String message) {
        super(message);
        this.targetError = null;
        this.code = code;
    }

    /** The target problem, or null when the target was fine. */
    public TargetError targetError() {
        return targetError;
    }

    /** INVALID_ARGUMENT for a bad target, UNAVAILABLE or DEADLINE_EXCEEDED for a blocking dial that failed. */
    public StatusCode code() {
        return code;
    }
}
