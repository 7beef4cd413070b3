package io.grpcspec.spec.channel;

import static io.grpcspec.spec.channel.ConnectivityState.CONNECTING;
import static io.grpcspec.spec.channel.ConnectivityState.IDLE;
import static io.grpcspec.spec.channel.ConnectivityState.READY;
import static io.grpcspec.spec.channel.ConnectivityState.TRANSIENT_FAILURE;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.channel.BalancerAction.RequestConnection;
import io.grpcspec.spec.channel.BalancerAction.RequestReresolution;
import io.grpcspec.spec.channel.BalancerAction.UpdateState;
import io.grpcspec.spec.channel.BalancerEvent.ExitIdle;
import io.grpcspec.spec.channel.BalancerEvent.SubchannelUpdate;
import io.grpcspec.traceability.Enforces;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The round_robin balancer as a pure aggregation over one subchannel per address, following
 * grpc-java's RoundRobinLoadBalancer (which grpc-go's endpoint-sharded round_robin matches when
 * each endpoint has one address).
 *
 * <p>Aggregate ({@link ChannelRules#CH_14}): READY if any subchannel counts as READY; else CONNECTING if any counts as
 * CONNECTING or IDLE; else TRANSIENT_FAILURE. A failed subchannel keeps counting as
 * TRANSIENT_FAILURE while it goes through IDLE and CONNECTING again, so a fleet of failing
 * backends does not flap the channel to CONNECTING on every reconnect (sticky TF per subchannel,
 * grpc-java issue 6906 / gRFC A61's pick_first children). round_robin connects every
 * subchannel at once and reconnects each one as soon as it is IDLE ({@link ChannelRules#CH_15}).
 */
public final class RoundRobin {
    private RoundRobin() {}

    static final String POLICY = "round_robin";

    /** A new round_robin over {@code addresses} addresses: creates and connects them all. */
    public static Step<RoundRobinState> start(int addresses) {
        if (addresses < 0) throw new IllegalArgumentException("negative address count " + addresses);
        List<ConnectivityState> idle = Collections.nCopies(addresses, IDLE);
        List<Action> actions = new ArrayList<>();
        if (addresses == 0) {
            Picker p = new Picker.Fail(PickFirst.NO_ADDRESSES);
            actions.add(new UpdateState(TRANSIENT_FAILURE, p));
            actions.add(new RequestReresolution());
            return Step.next(new RoundRobinState(idle, idle, TRANSIENT_FAILURE, p), actions);
        }
        for (int i = 0; i < addresses; i++) actions.add(new RequestConnection(i));
        Picker p = new Picker.Wait(false);
        actions.add(new UpdateState(CONNECTING, p));
        return Step.next(new RoundRobinState(idle, idle, CONNECTING, p), actions);
    }

    public static Step<RoundRobinState> step(RoundRobinState s, BalancerEvent e) {
        return switch (e) {
            case ExitIdle x -> Step.next(s); // round_robin is never IDLE
            case SubchannelUpdate u -> update(s, u);
        };
    }

    @Enforces({"CH-14", "CH-15"})
    private static Step<RoundRobinState> update(RoundRobinState s, SubchannelUpdate u) {
        Step<RoundRobinState> refused = SubchannelUpdates.check(POLICY, s.subchannels(), u);
        if (refused != null) return refused;
        int i = u.subchannel();
        ConnectivityState st = u.state();
        if (st == s.subchannels().get(i)) return Step.next(s);

        List<ConnectivityState> raw = new ArrayList<>(s.subchannels());
        List<ConnectivityState> eff = new ArrayList<>(s.effective());
        List<Action> actions = new ArrayList<>();
        raw.set(i, st);
        // CH_14: a failed subchannel counts as failed until READY again.
        boolean sticky = eff.get(i) == TRANSIENT_FAILURE && (st == IDLE || st == CONNECTING);
        if (!sticky) eff.set(i, st);
        if (st == IDLE) actions.add(new RequestConnection(i)); // CH_15
        if (st == IDLE || st == TRANSIENT_FAILURE) actions.add(new RequestReresolution());

        ConnectivityState reported = s.reported();
        Picker picker = s.picker();
        Picker want = aggregate(eff, st == TRANSIENT_FAILURE ? u.cause() : "");
        ConnectivityState wantState = stateOf(want);
        // Publish only on a change of state, or of the READY set (the rotating position alone
        // does not count); a TRANSIENT_FAILURE picker keeps its first cause.
        boolean changed = wantState != reported
                || (wantState == READY && !((Picker.RoundRobin) want).ready().equals(((Picker.RoundRobin) picker).ready()));
        if (changed) {
            reported = wantState;
            picker = want;
            actions.add(new UpdateState(wantState, want));
        }
        return Step.next(new RoundRobinState(raw, eff, reported, picker), actions);
    }

    /** READY if any is, else CONNECTING if any is CONNECTING or IDLE, else TRANSIENT_FAILURE ({@link ChannelRules#CH_14}). */
    @Enforces("CH-14")
    private static Picker aggregate(List<ConnectivityState> eff, String cause) {
        List<Integer> ready = new ArrayList<>();
        boolean pending = false;
        for (int i = 0; i < eff.size(); i++) {
            ConnectivityState st = eff.get(i);
            if (st == READY) ready.add(i);
            if (st == CONNECTING || st == IDLE) pending = true;
        }
        if (!ready.isEmpty()) return new Picker.RoundRobin(ready, 0);
        if (pending) return new Picker.Wait(false);
        return new Picker.Fail(cause.isEmpty() ? "no subchannel is READY" : cause);
    }

    private static ConnectivityState stateOf(Picker p) {
        return switch (p) {
            case Picker.RoundRobin r -> READY;
            case Picker.Fixed f -> READY;
            case Picker.Wait w -> CONNECTING;
            case Picker.Fail f -> TRANSIENT_FAILURE;
        };
    }
}
