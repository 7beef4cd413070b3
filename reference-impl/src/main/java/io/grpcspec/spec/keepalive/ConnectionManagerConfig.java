package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.Durations.INFINITE;

import io.grpcspec.traceability.Enforces;

/**
 * gRFC A9 connection limits of a server: MAX_CONNECTION_IDLE, MAX_CONNECTION_AGE and
 * MAX_CONNECTION_AGE_GRACE, each {@link Durations#INFINITE} (off) by default.
 */
public record ConnectionManagerConfig(long maxIdleNanos, long maxAgeNanos, long maxAgeGraceNanos) {

    /** gRFC A9: each connection's age limit is moved by a random jitter of up to ±10 %. */
    public static final double MAX_AGE_JITTER = 0.10;

    public static final ConnectionManagerConfig DEFAULT = new ConnectionManagerConfig(INFINITE, INFINITE, INFINITE);

    public ConnectionManagerConfig {
        Durations.requirePositive("max connection idle", maxIdleNanos);
        Durations.requirePositive("max connection age", maxAgeNanos);
        Durations.requireNonNegative("max connection age grace", maxAgeGraceNanos);
    }

    /**
     * The age limit of one connection: MAX_CONNECTION_AGE moved by {@code jitter}, a fraction in
     * [-0.10, +0.10] the driver draws at random per connection (the spec draws nothing itself).
     * Infinite stays infinite ({@link KeepaliveRules#KA_14}).
     */
    @Enforces("KA-14")
    public long jitteredMaxAge(double jitter) {
        if (!(Math.abs(jitter) <= MAX_AGE_JITTER)) {
            throw new IllegalArgumentException("max-age jitter must be within ±" + MAX_AGE_JITTER + ": " + jitter);
        }
        if (maxAgeNanos == INFINITE) return INFINITE;
        long delta = Math.round(maxAgeNanos * jitter);
        if (delta >= 0) return Durations.plus(maxAgeNanos, delta);
        return Math.max(1, maxAgeNanos + delta);
    }
}
