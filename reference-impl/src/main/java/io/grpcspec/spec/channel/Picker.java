package io.grpcspec.spec.channel;

import io.grpcspec.traceability.Enforces;
import java.util.List;
import java.util.Objects;

/**
 * A balancer's answer for RPCs, published with each {@link BalancerAction.UpdateState}. Pickers
 * are values; picking returns the result and the picker to use for the next pick, so even
 * round_robin's rotating position stays pure (the driver swaps its current picker, e.g. with a
 * compare-and-set).
 */
public sealed interface Picker {

    /** The result for one RPC and the picker for the next one. */
    record Picked(PickResult result, Picker next) {}

    /** Pick for one RPC; {@code waitForReady} RPCs queue instead of failing (wait-for-ready.md). */
    Picked pick(boolean waitForReady);

    /** No subchannel yet: hold RPCs. {@code exitIdle} when the balancer is IDLE and must be woken. */
    record Wait(boolean exitIdle) implements Picker {
        @Override
        public Picked pick(boolean waitForReady) {
            return new Picked(new PickResult.Queue(exitIdle), this);
        }
    }

    /** TRANSIENT_FAILURE: fail fast RPCs with {@code cause}, queue wait-for-ready ones. */
    record Fail(String cause) implements Picker {
        public Fail {
            Objects.requireNonNull(cause);
        }

        @Override
        public Picked pick(boolean waitForReady) {
            PickResult r = waitForReady ? new PickResult.Queue(false) : new PickResult.Fail(cause);
            return new Picked(r, this);
        }
    }

    /** pick_first READY: every RPC goes to the one selected subchannel. */
    record Fixed(int subchannel) implements Picker {
        @Override
        public Picked pick(boolean waitForReady) {
            return new Picked(new PickResult.Use(subchannel), this);
        }
    }

    /**
     * round_robin READY: hands out {@code ready} (subchannel indices, ascending) in turn starting
     * at position {@code next} ({@link ChannelRules#CH_15}).
     */
    record RoundRobin(List<Integer> ready, int next) implements Picker {
        public RoundRobin {
            ready = List.copyOf(ready);
            if (ready.isEmpty()) throw new IllegalArgumentException("round_robin picker needs a READY subchannel");
            if (next < 0 || next >= ready.size()) {
                throw new IllegalArgumentException("position " + next + " outside 0.." + (ready.size() - 1));
            }
        }

        @Override
        @Enforces("CH-15")
        public Picked pick(boolean waitForReady) {
            return new Picked(new PickResult.Use(ready.get(next)), new RoundRobin(ready, (next + 1) % ready.size()));
        }

        /**
         * The same picker starting at a position chosen by {@code uniform} in [0, 1): grpc-go and
         * grpc-java start each new round_robin picker at a random position so that many clients do
         * not all begin with the first backend. Position = floor(uniform x size).
         */
        public RoundRobin startingAt(double uniform) {
            if (!(uniform >= 0.0 && uniform < 1.0)) throw new IllegalArgumentException("uniform must lie in [0, 1): " + uniform);
            return new RoundRobin(ready, Math.min(ready.size() - 1, (int) (uniform * ready.size())));
        }
    }
}
