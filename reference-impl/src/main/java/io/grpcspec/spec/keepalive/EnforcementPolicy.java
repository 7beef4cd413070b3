package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.Durations.HOUR;
import static io.grpcspec.spec.keepalive.Durations.MINUTE;

/**
 * What a server tolerates from a client's PINGs (gRFC A8 "Server Enforcement"):
 * PERMIT_KEEPALIVE_TIME as {@code minTimeNanos} and PERMIT_KEEPALIVE_WITHOUT_CALLS as
 * {@code permitWithoutStream}.
 */
public record EnforcementPolicy(long minTimeNanos, boolean permitWithoutStream) {

    /** gRFC A8: PERMIT_KEEPALIVE_TIME defaults to 5 minutes. */
    public static final long DEFAULT_MIN_TIME = 5 * MINUTE;
    /** gRFC A8: with no calls (and none permitted) a PING more often than TCP keepalive's 2 h is bad. */
    public static final long NO_STREAM_MIN_TIME = 2 * HOUR;
    /** gRFC A8: strikes tolerated; the one after these ends the connection. */
    public static final int MAX_PING_STRIKES = 2;

    public static final EnforcementPolicy DEFAULT = new EnforcementPolicy(DEFAULT_MIN_TIME, false);

    public EnforcementPolicy {
        Durations.requireNonNegative("permit keepalive time", minTimeNanos);
    }

    /** The shortest allowed gap since the last valid PING while {@code activeStreams} are open. */
    public long minIntervalWith(int activeStreams) {
        return activeStreams == 0 && !permitWithoutStream ? NO_STREAM_MIN_TIME : minTimeNanos;
    }
}
