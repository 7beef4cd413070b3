package io.grpcspec.spec.channel;

import java.util.List;
import java.util.Objects;

/**
 * The state of the round_robin balancer.
 *
 * @param subchannels per address, the last state its subchannel reported (SHUTDOWN: gone)
 * @param effective   per address, the state round_robin counts: a subchannel that failed stays
 *                    TRANSIENT_FAILURE through IDLE and CONNECTING until it is READY ({@link ChannelRules#CH_14})
 * @param reported    the connectivity state last published
 * @param picker      the picker last published
 */
public record RoundRobinState(List<ConnectivityState> subchannels, List<ConnectivityState> effective,
                              ConnectivityState reported, Picker picker) {

    public RoundRobinState {
        subchannels = List.copyOf(subchannels);
        effective = List.copyOf(effective);
        Objects.requireNonNull(reported);
        Objects.requireNonNull(picker);
        if (effective.size() != subchannels.size()) throw new IllegalArgumentException("list sizes differ");
    }
}
