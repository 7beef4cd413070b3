package io.grpcspec.spec.grpc;

/**
 * The gRPC status codes (gRPC "statuscodes" doc) with their wire numbers, as carried by
 * {@code grpc-status}. The numbers are part of the protocol and never change.
 */
public enum StatusCode {
    OK(0),
    CANCELLED(1),
    UNKNOWN(2),
    INVALID_ARGUMENT(3),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    ALREADY_EXISTS(6),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    ABORTED(10),
    OUT_OF_RANGE(11),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    DATA_LOSS(15),
    UNAUTHENTICATED(16);

    private final int value;

    StatusCode(int value) {
        this.value = value;
    }

    /** The number sent in {@code grpc-status}. */
    public int value() {
        return value;
    }

    /** The code numbered {@code value}, or null for a number the doc does not define. */
    public static StatusCode known(int value) {
        StatusCode[] all = values();
        // The enum is declared in wire order, so the number is the index.
        return value >= 0 && value < all.length ? all[value] : null;
    }
}
