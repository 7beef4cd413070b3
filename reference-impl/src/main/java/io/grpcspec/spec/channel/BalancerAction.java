package io.grpcspec.spec.channel;

import io.grpcspec.spec.Action;
import java.util.Objects;

/** Effects of the balancers. Subchannels are named by their address index. */
public sealed interface BalancerAction extends Action {

    /**
     * Connect subchannel {@code subchannel}: create it first if it does not exist (never created,
     * or shut down earlier), then feed it {@link SubchannelEvent.Connect}.
     */
    record RequestConnection(int subchannel) implements BalancerAction {}

    /** Shut subchannel {@code subchannel} down ({@link SubchannelEvent.Shutdown}); it reports no more updates. */
    record ShutdownSubchannel(int subchannel) implements BalancerAction {}

    /** Publish the channel's aggregate state and the picker for RPCs. */
    record UpdateState(ConnectivityState state, Picker picker) implements BalancerAction {
        public UpdateState {
            Objects.requireNonNull(state);
            Objects.requireNonNull(picker);
        }
    }

    /** Ask the name resolver to resolve again (addresses may have changed). */
    record RequestReresolution() implements BalancerAction {}
}
