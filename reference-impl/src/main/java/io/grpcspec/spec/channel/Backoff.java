package io.grpcspec.spec.channel;

import io.grpcspec.traceability.Enforces;

/**
 * Reconnect backoff parameters and arithmetic of gRPC connection-backoff.md (rules
 * {@link ChannelRules#CH_7}, {@link ChannelRules#CH_8}).
 *
 * <p>Backoff number {@code k} (0 for the first attempt after a reset) is computed exactly like
 * grpc-go's {@code backoff.Exponential}: in IEEE-754 double on nanoseconds, start at
 * {@code initialNanos}, multiply by {@code multiplier} up to {@code k} times while still below
 * {@code maxNanos}, cap at {@code maxNanos}; for {@code k >= 1} multiply by
 * {@code 1 + jitter * j} where {@code j} in [-1, 1] is the caller's uniform random value; finally
 * truncate toward zero to whole nanoseconds (Go's float-to-Duration conversion does the same).
 * Number 0 is {@code initialNanos} unchanged: the document's first deadline has no jitter, and
 * neither has grpc-go's {@code Backoff(0)}. Jitter is applied after the cap, so a capped backoff
 * lies in [96 s, 144 s] with the defaults.
 *
 * <p>Randomness never enters here: the driver draws {@code j} and hands it in with the
 * {@link SubchannelEvent.Connect} event.
 */
public record Backoff(long initialNanos, double multiplier, double jitter, long maxNanos, long minConnectTimeoutNanos) {

    /** INITIAL_BACKOFF 1 s, MULTIPLIER 1.6, JITTER 0.2, MAX_BACKOFF 120 s, MIN_CONNECT_TIMEOUT 20 s. */
    public static final Backoff DEFAULT = new Backoff(1_000_000_000L, 1.6, 0.2, 120_000_000_000L, 20_000_000_000L);

    public Backoff {
        if (initialNanos <= 0) throw new IllegalArgumentException("initial backoff must be positive: " + initialNanos);
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1: " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) throw new IllegalArgumentException("jitter must lie in [0, 1]: " + jitter);
        if (maxNanos < initialNanos) throw new IllegalArgumentException("max backoff " + maxNanos + " < initial " + initialNanos);
        if (minConnectTimeoutNanos <= 0) {
            throw new IllegalArgumentException("min connect timeout must be positive: " + minConnectTimeoutNanos);
        }
    }

    /** Backoff number {@code k} before jitter, in nanoseconds (a double, not yet truncated). */
    @Enforces("CH-7")
    public double baseNanos(int k) {
        if (k < 0) throw new IllegalArgumentException("backoff number must be >= 0: " + k);
        double backoff = initialNanos;
        double max = maxNanos;
        // Stop multiplying once the cap is reached: the loop is short even for a huge k.
        for (int i = 0; i < k && backoff < max; i++) {
            backoff *= multiplier;
        }
        return Math.min(backoff, max);
    }

    /**
     * Backoff number {@code k} with jitter {@code j} in [-1, 1] applied (ignored for {@code k == 0}),
     * truncated to whole nanoseconds ({@link ChannelRules#CH_7}).
     */
    @Enforces("CH-7")
    public long delayNanos(int k, double j) {
        checkJitterInput(j);
        if (k == 0) return initialNanos;
        return (long) (baseNanos(k) * (1.0 + jitter * j));
    }

    /** The time a connect attempt gets: max(backoff of this attempt, MIN_CONNECT_TIMEOUT) ({@link ChannelRules#CH_8}). */
    @Enforces("CH-8")
    public long connectTimeoutNanos(long backoffNanos) {
        return Math.max(backoffNanos, minConnectTimeoutNanos);
    }

    /** Rejects a jitter input outside [-1, 1] (or NaN): it is a driver bug, not peer input. */
    static void checkJitterInput(double j) {
        if (!(j >= -1.0 && j <= 1.0)) throw new IllegalArgumentException("jitter input must lie in [-1, 1]: " + j);
    }
}
