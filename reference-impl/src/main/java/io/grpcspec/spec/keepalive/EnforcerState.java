package io.grpcspec.spec.keepalive;

/**
 * State of a {@link PingEnforcer}.
 *
 * @param activeStreams       streams open, as last reported
 * @param strikes             PINGs that came too early since the last HEADERS or DATA we sent
 * @param lastValidPingNanos  when the last PING that was not a strike arrived, or
 *                            {@link #NO_VALID_PING} when the next PING is accepted unchecked
 */
public record EnforcerState(EnforcementPolicy policy, Phase phase, int activeStreams, int strikes,
                            long lastValidPingNanos) {

    /** Marks "no PING to measure from": at connection start and after HEADERS or DATA. */
    public static final long NO_VALID_PING = Long.MIN_VALUE;

    public enum Phase {
        /** Counting strikes. */
        ENFORCING,
        /** GOAWAY sent for too many pings, or the connection is closed. */
        CLOSED
    }

    EnforcerState withPhase(Phase p) {
        return new EnforcerState(policy, p, activeStreams, strikes, lastValidPingNanos);
    }

    EnforcerState withActiveStreams(int n) {
        return new EnforcerState(policy, phase, n, strikes, lastValidPingNanos);
    }

    EnforcerState withStrikes(int n) {
        return new EnforcerState(policy, phase, activeStreams, n, lastValidPingNanos);
    }

    EnforcerState withLastValidPing(long t) {
        return new EnforcerState(policy, phase, activeStreams, strikes, t);
    }
}
