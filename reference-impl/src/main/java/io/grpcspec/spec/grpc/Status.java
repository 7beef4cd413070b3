package io.grpcspec.spec.grpc;

import java.util.Objects;

/**
 * The outcome of a call: a code and a human-readable message (Unicode; it travels
 * percent-encoded in {@code grpc-message}, see {@link PercentEncoding}).
 */
public record Status(StatusCode code, String message) {

    public static final Status OK = new Status(StatusCode.OK, "");

    public Status {
        Objects.requireNonNull(code);
        message = message == null ? "" : message;
    }

    public static Status of(StatusCode code, String message) {
        return new Status(code, message);
    }

    public boolean isOk() {
        return code == StatusCode.OK;
    }

    @Override
    public String toString() {
        return message.isEmpty() ? code.name() : code.name() + ": " + message;
    }
}
