package io.grpcspec.spec.channel;

import io.grpcspec.spec.Action;
import java.util.List;
import java.util.Objects;

/**
 * What the {@link Resolution} machine asks its driver to do. One timer, {@code Timer.RESOLVE},
 * at most one armed at a time.
 *
 * @param <A> the driver's address type
 */
public sealed interface ResolverAction<A> extends Action {

    /** Run the resolver (off the channel's context) and answer with {@code Resolved} or {@code ResolveFailed}. */
    record StartResolution<A>() implements ResolverAction<A> {}

    /** Arm {@code Timer.RESOLVE} to fire after {@code delayNanos} (0: as soon as possible). */
    record ArmTimer<A>(long delayNanos) implements ResolverAction<A> {
        public ArmTimer {
            if (delayNanos < 0) throw new IllegalArgumentException("negative delay " + delayNanos);
        }
    }

    /** Stop {@code Timer.RESOLVE}. */
    record CancelTimer<A>() implements ResolverAction<A> {}

    /** Hand this address list to the balancer: a new one, different from the list in use (CH-21). */
    record UseAddresses<A>(List<A> addresses) implements ResolverAction<A> {
        public UseAddresses {
            addresses = List.copyOf(addresses);
        }
    }

    /** No address list yet and resolution failed: publish TRANSIENT_FAILURE failing calls with {@code reason} (CH-21). */
    record FailChannel<A>(String reason) implements ResolverAction<A> {
        public FailChannel {
            Objects.requireNonNull(reason);
        }
    }
}
