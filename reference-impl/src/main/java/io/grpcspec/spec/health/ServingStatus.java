package io.grpcspec.spec.health;

/**
 * {@code grpc.health.v1.HealthCheckResponse.ServingStatus}, declared in wire order so that
 * {@link #number()} is the enum's protobuf number.
 */
public enum ServingStatus {
    UNKNOWN,
    SERVING,
    NOT_SERVING,
    /** Only Watch sends it: the server holds no status for the service. */
    SERVICE_UNKNOWN;

    public int number() {
        return ordinal();
    }
}
