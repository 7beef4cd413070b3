package io.grpcspec.spec.channel;

import io.grpcspec.spec.Event;
import java.util.Objects;

/** Inputs of the balancers ({@link PickFirst}, {@link RoundRobin}). Subchannels are named by address index. */
public sealed interface BalancerEvent extends Event {

    /** Subchannel {@code subchannel} reported a new state (a {@link SubchannelAction.StateChanged}). */
    record SubchannelUpdate(int subchannel, ConnectivityState state, String cause) implements BalancerEvent {
        public SubchannelUpdate {
            Objects.requireNonNull(state);
            Objects.requireNonNull(cause);
        }

        public SubchannelUpdate(int subchannel, ConnectivityState state) {
            this(subchannel, state, "");
        }
    }

    /** An RPC met an IDLE picker, or the application asked the channel to connect. */
    record ExitIdle() implements BalancerEvent {}
}
