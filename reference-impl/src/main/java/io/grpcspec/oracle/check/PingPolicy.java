package io.grpcspec.oracle.check;

import java.time.Duration;

/**
 * What the checker assumes about the server's PING policing (gRFC A8 "Server Enforcement"): the
 * shortest interval it tolerates between PINGs, and whether it tolerates PINGs without calls. A
 * server without any policing is {@link #NONE}: the keepalive scenarios are then skipped.
 *
 * @param minTime           PERMIT_KEEPALIVE_TIME; null when the server does not police PINGs
 * @param permitWithoutCalls PERMIT_KEEPALIVE_WITHOUT_CALLS
 */
public record PingPolicy(Duration minTime, boolean permitWithoutCalls) {

    /** gRFC A8's defaults, which grpc-go, grpc-java and our server use: 5 minutes, no PINGs without calls. */
    public static final PingPolicy DEFAULT = new PingPolicy(Duration.ofMinutes(5), false);

    /** The server does not police PINGs. */
    public static final PingPolicy NONE = new PingPolicy(null, true);

    /** True when PINGs sent one right after another must earn strikes: there is a minimum interval above zero. */
    public boolean enforced() {
        return minTime != null && !minTime.isZero();
    }

    /** As {@code --policy} takes it: {@code 5m}, {@code 10s,permit-without-calls}, {@code none}. */
    @Override
    public String toString() {
        if (minTime == null) return "none";
        long ms = minTime.toMillis();
        String t = ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
        return t + (permitWithoutCalls ? ",permit-without-calls" : "");
    }

    public PingPolicy {
        if (minTime != null && minTime.isNegative()) throw new IllegalArgumentException("negative interval " + minTime);
    }
}
