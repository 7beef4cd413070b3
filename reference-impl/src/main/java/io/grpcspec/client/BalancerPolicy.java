package io.grpcspec.client;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.channel.BalancerEvent;
import io.grpcspec.spec.channel.PickFirst;
import io.grpcspec.spec.channel.PickFirstState;
import io.grpcspec.spec.channel.RoundRobin;
import io.grpcspec.spec.channel.RoundRobinState;

/**
 * The two pure balancers of {@code spec.channel} behind one face, so the runtime can hold either
 * state without knowing which. The state is opaque to the runtime; only the machine reads it.
 */
interface BalancerPolicy {

    String name();

    Step<?> start(int addresses);

    Step<?> step(Object state, BalancerEvent event);

    static BalancerPolicy named(String name) {
        if (name.equals(DialOptions.ROUND_ROBIN)) return ROUND_ROBIN;
        if (name.equals(DialOptions.PICK_FIRST)) return PICK_FIRST;
        throw new IllegalArgumentException("unknown balancer " + name);
    }

    BalancerPolicy PICK_FIRST = new BalancerPolicy() {
        @Override
        public String name() {
            return DialOptions.PICK_FIRST;
        }

        @Override
        public Step<?> start(int addresses) {
            return PickFirst.start(addresses);
        }

        @Override
        public Step<?> step(Object state, BalancerEvent event) {
            return PickFirst.step((PickFirstState) state, event);
        }
    };

    BalancerPolicy ROUND_ROBIN = new BalancerPolicy() {
        @Override
        public String name() {
            return DialOptions.ROUND_ROBIN;
        }

        @Override
        public Step<?> start(int addresses) {
            return RoundRobin.start(addresses);
        }

        @Override
        public Step<?> step(Object state, BalancerEvent event) {
            return RoundRobin.step((RoundRobinState) state, event);
        }
    };
}
