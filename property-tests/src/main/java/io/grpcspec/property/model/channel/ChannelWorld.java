package io.grpcspec.property.model.channel;

import io.grpcspec.spec.Timer;
import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.spec.channel.SubchannelState;
import java.util.List;

/**
 * A state of the {@link ChannelModel}: the balancer's state ({@code PickFirstState} or
 * {@code RoundRobinState}), what the channel last published, each address's subchannel (SHUTDOWN
 * when it has none), the attempt whose transport each holds open (0: none), the armed timers with
 * their due times on the logical clock, the clock, and the budgets left. Compared by value.
 */
public record ChannelWorld(Object balancer, ConnectivityState reported, List<SubchannelState> subchannels,
                           List<Integer> transports, List<Armed> timers, long now, Budget budget) {

    public ChannelWorld {
        subchannels = List.copyOf(subchannels);
        transports = List.copyOf(transports);
        timers = List.copyOf(timers);
    }

    /** A timer a subchannel armed: fires at {@code due}. */
    public record Armed(int subchannel, Timer timer, int attempt, long due) {}

    /** What is left on this path: transport failures, ExitIdle requests, resolver updates, timer fires. */
    public record Budget(int failures, int exitIdles, int updates, int fires) {}
}
