package io.grpcspec.spec.channel;

import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import java.util.List;

/** Checks a balancer applies to every subchannel update before acting on it (CH-1, CH-10). */
final class SubchannelUpdates {
    private SubchannelUpdates() {}

    /**
     * Null when {@code u} is a legal move of a subchannel the balancer owns; otherwise a refusal.
     * {@code slots} is the balancer's view, SHUTDOWN meaning "no subchannel at this index".
     */
    static <S> Step<S> check(String policy, List<ConnectivityState> slots, BalancerEvent.SubchannelUpdate u) {
        int i = u.subchannel();
        if (i < 0 || i >= slots.size()) {
            return refuse(ChannelRules.CH_10, policy + " got an update for subchannel " + i + " but has "
                    + slots.size() + " addresses");
        }
        ConnectivityState old = slots.get(i);
        if (old == ConnectivityState.SHUTDOWN) {
            return refuse(ChannelRules.CH_10, policy + " got " + u.state() + " from subchannel " + i
                    + ", which does not exist (never created or shut down)");
        }
        if (old != u.state() && !old.subchannelMayMoveTo(u.state())) {
            return refuse(ChannelRules.CH_1, "subchannel " + i + " moved " + old + " -> " + u.state()
                    + ", which is not a legal subchannel transition");
        }
        return null;
    }

    static <S> Step<S> refuse(Rule rule, String detail) {
        return Step.violated(new Violation(rule, ErrorCode.INTERNAL_ERROR, Scope.CONNECTION, 0, detail));
    }
}
