package io.grpcspec.spec.channel;

import java.util.Objects;

/** What the channel does with one RPC, as decided by the current {@link Picker}. */
public sealed interface PickResult {

    /** Send the RPC on subchannel {@code subchannel} (an index into the balancer's address list). */
    record Use(int subchannel) implements PickResult {}

    /**
     * Hold the RPC until the balancer publishes a new picker. {@code exitIdle}: the balancer is
     * IDLE, so the driver also feeds it {@link BalancerEvent.ExitIdle}.
     */
    record Queue(boolean exitIdle) implements PickResult {}

    /**
     * Fail the RPC with this cause (wait-for-ready.md: fail fast in TRANSIENT_FAILURE); the call
     * machine makes it UNAVAILABLE (RPC-42).
     */
    record Fail(String cause) implements PickResult {
        public Fail {
            Objects.requireNonNull(cause);
        }
    }
}
