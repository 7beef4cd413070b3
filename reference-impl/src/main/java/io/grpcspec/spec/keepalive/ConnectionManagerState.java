package io.grpcspec.spec.keepalive;

/**
 * State of a {@link ConnectionManager}.
 *
 * @param activeStreams       streams open, as last reported
 * @param idleSinceNanos      since when no stream has been open, or {@link #NOT_IDLE}
 * @param ageDeadlineNanos    when this connection reaches its (jittered) age limit, or
 *                            {@link Durations#INFINITE}
 * @param graceDeadlineNanos  when the grace after the age limit ends (meaningful in
 *                            {@link Phase#AGE_GRACE}), or {@link Durations#INFINITE}
 */
public record ConnectionManagerState(ConnectionManagerConfig config, Phase phase, int activeStreams,
                                     long idleSinceNanos, long ageDeadlineNanos, long graceDeadlineNanos) {

    public static final long NOT_IDLE = Long.MIN_VALUE;

    public enum Phase {
        /** No limit reached yet. */
        SERVING,
        /** Idle too long: the graceful GOAWAY "max_idle" has started; the age limit still holds. */
        IDLE_DRAINING,
        /** Age limit reached: graceful GOAWAY "max_age" started, hard close when the grace ends. */
        AGE_GRACE,
        /** Closed by the grace timer, or reported closed. */
        CLOSED
    }

    /** True while the MAX_CONNECTION_IDLE timer is armed. */
    boolean idleTimerArmed() {
        return phase == Phase.SERVING && activeStreams == 0 && config.maxIdleNanos() != Durations.INFINITE;
    }

    ConnectionManagerState withPhase(Phase p) {
        return new ConnectionManagerState(config, p, activeStreams, idleSinceNanos, ageDeadlineNanos, graceDeadlineNanos);
    }

    ConnectionManagerState withStreams(int n, long idleSince) {
        return new ConnectionManagerState(config, phase, n, idleSince, ageDeadlineNanos, graceDeadlineNanos);
    }

    ConnectionManagerState withGraceDeadline(long t) {
        return new ConnectionManagerState(config, phase, activeStreams, idleSinceNanos, ageDeadlineNanos, t);
    }
}
