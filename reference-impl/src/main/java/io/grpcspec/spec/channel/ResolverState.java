package io.grpcspec.spec.channel;

import java.util.List;
import java.util.Objects;

/**
 * The channel's name resolution, as the {@link Resolution} machine keeps it.
 *
 * @param phase       what resolution is doing now
 * @param again       a re-resolution was requested while one was running: one more follows it
 * @param startedAt   when the last resolution started, on the driver's clock (CH-19 paces from it)
 * @param failures    resolutions failed since the last success: the backoff number of the next retry (CH-20)
 * @param addresses   the last good address list, or null before the first one (CH-21)
 * @param <A>         the driver's address type (a value: compared with {@code equals})
 */
public record ResolverState<A>(Phase phase, boolean again, long startedAt, int failures, List<A> addresses) {

    /** What resolution is doing. */
    public enum Phase {
        /** Nothing runs and nothing waits: the next resolution starts on request. */
        IDLE,
        /** A resolution is running; its result is awaited. */
        RESOLVING,
        /** The next resolution waits for the {@code Timer.RESOLVE} timer (pacing or a failure's backoff). */
        WAITING,
        /** The channel is shut down: nothing starts again. */
        SHUT_DOWN
    }

    public ResolverState {
        Objects.requireNonNull(phase);
        if (failures < 0) throw new IllegalArgumentException("negative failure count " + failures);
        if (again && phase != Phase.RESOLVING) throw new IllegalArgumentException("a request can only wait behind a running resolution");
        addresses = addresses == null ? null : List.copyOf(addresses);
    }

    /** Before the channel starts: nothing resolved, nothing running. */
    public static <A> ResolverState<A> initial() {
        return new ResolverState<>(Phase.IDLE, false, 0, 0, null);
    }

    ResolverState<A> with(Phase p, boolean a) {
        return new ResolverState<>(p, a, startedAt, failures, addresses);
    }
}
