package io.grpcspec.rpc;

import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;

/** A call ended with a non-OK status, with the trailers that came with it. */
public final class StatusException extends Exception {
    private final transient Status status;
    private final transient Metadata trailers;

    public StatusException(Status status, Metadata trailers) {
        super(status.toString());
        this.status = status;
        this.trailers = trailers == null ? Metadata.EMPTY : trailers;
    }

    public StatusException(Status status) {
        this(status, null);
    }

    public static StatusException of(StatusCode code, String message) {
        return new StatusException(Status.of(code, message));
    }

    public Status status() {
        return status;
    }

    public StatusCode code() {
        return status.code();
    }

    public Metadata trailers() {
        return trailers;
    }
}
