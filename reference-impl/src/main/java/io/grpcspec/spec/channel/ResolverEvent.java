package io.grpcspec.spec.channel;

import io.grpcspec.spec.Event;
import java.util.List;
import java.util.Objects;

/**
 * Inputs of the {@link Resolution} machine. Times are the driver's monotonic clock in
 * nanoseconds; random draws come in as event fields.
 *
 * @param <A> the driver's address type
 */
public sealed interface ResolverEvent<A> extends Event {

    /** The channel starts: resolve the target for the first time. */
    record Start<A>(long nowNanos) implements ResolverEvent<A> {}

    /** The balancer asked for re-resolution ({@link BalancerAction.RequestReresolution}). */
    record ReresolveRequested<A>(long nowNanos) implements ResolverEvent<A> {}

    /** The running resolution produced this address list. */
    record Resolved<A>(List<A> addresses, long nowNanos) implements ResolverEvent<A> {
        public Resolved {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * The running resolution failed with {@code reason}. {@code jitter} in [-1, 1] is the driver's
     * uniform random draw for the retry's backoff.
     */
    record ResolveFailed<A>(String reason, double jitter, long nowNanos) implements ResolverEvent<A> {
        public ResolveFailed {
            Objects.requireNonNull(reason);
            Backoff.checkJitterInput(jitter);
        }
    }

    /** The {@code Timer.RESOLVE} timer this machine armed fired. */
    record TimerFired<A>(long nowNanos) implements ResolverEvent<A> {}

    /** The channel shuts down. */
    record Shutdown<A>() implements ResolverEvent<A> {}
}
