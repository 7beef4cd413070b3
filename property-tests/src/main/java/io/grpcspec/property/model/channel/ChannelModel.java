package io.grpcspec.property.model.channel;

import io.grpcspec.property.model.TransitionSystem;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.channel.Backoff;
import io.grpcspec.spec.channel.BalancerAction;
import io.grpcspec.spec.channel.BalancerEvent;
import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.spec.channel.PickFirst;
import io.grpcspec.spec.channel.PickFirstState;
import io.grpcspec.spec.channel.RoundRobin;
import io.grpcspec.spec.channel.RoundRobinState;
import io.grpcspec.spec.channel.SubchannelAction;
import io.grpcspec.spec.channel.SubchannelEvent;
import io.grpcspec.spec.channel.SubchannelMachine;
import io.grpcspec.spec.channel.SubchannelState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The client channel's machines explored together: production's {@link SubchannelMachine} for
 * each address under production's {@link PickFirst} or {@link RoundRobin}, wired as
 * {@code client.ChannelRuntime} wires them (a balancer's RequestConnection creates the
 * subchannel if there is none and feeds it Connect; ShutdownSubchannel feeds Shutdown and forgets
 * it, with its pending updates; subchannel state changes go to the balancer in order; a new
 * address list shuts every subchannel down and starts a fresh balancer, CH-21).
 *
 * <p>Moves: for each subchannel, what its transport may do (CONNECTING: the server's SETTINGS
 * arrive, the connection closes, or a GOAWAY arrives; READY: the connection closes or a GOAWAY
 * arrives); a request to leave IDLE (ExitIdle); a resolver update with a different address count;
 * and, on a logical clock, the earliest armed timer fires (connect timeout, reconnect backoff).
 * Jitter is drawn as -1 for even addresses and +1 for odd ones, the extremes of its range.
 *
 * <p>Checks, none naming a rule: no machine refuses what the wiring feeds it; every subchannel's
 * armed timers are exactly what its state awaits (CONNECTING: its connect timeout; TRANSIENT_FAILURE:
 * its backoff; nothing else), so none is left armed or connecting after shutdown, and none
 * has a transport; a backoff is within [INITIAL x (1 - JITTER), MAX x (1 + JITTER)] and a connect
 * timeout at least MIN_CONNECT_TIMEOUT; the channel is READY exactly when a subchannel is
 * (pick_first: at most one is); the balancer's view of each subchannel is the subchannel's state;
 * pick_first, once it has published TRANSIENT_FAILURE, publishes nothing else until READY (sticky
 * TRANSIENT_FAILURE, gRFC A62) as long as the address list stays the same (a new list starts a
 * fresh balancer, CH-21); round_robin is never IDLE.
 */
public final class ChannelModel implements TransitionSystem<ChannelWorld> {

    /** The balancing policies explored. */
    public enum Policy { PICK_FIRST, ROUND_ROBIN }

    private static final SubchannelState ABSENT = new SubchannelState(ConnectivityState.SHUTDOWN, 0, 0, 0);

    /** The subchannel machine the model steps: production's, or a bug-zoo variant ({@code model.zoo.ChannelFault}). */
    @FunctionalInterface
    public interface Subchannels {
        Step<SubchannelState> step(SubchannelState state, SubchannelEvent event);

        Subchannels REAL = SubchannelMachine.DEFAULT::step;
    }

    private final ChannelBounds bounds;
    private final Subchannels machine;
    private final Backoff backoff = Backoff.DEFAULT;

    public ChannelModel(ChannelBounds bounds) {
        this(bounds, Subchannels.REAL);
    }

    public ChannelModel(ChannelBounds bounds, Subchannels machine) {
        this.bounds = bounds;
        this.machine = machine;
    }

    public ChannelBounds bounds() {
        return bounds;
    }

    @Override
    public List<ChannelWorld> initial() {
        Sim s = new Sim(null);
        s.startBalancer(bounds.addresses());
        if (s.broken != null) throw new IllegalStateException("start failed: " + s.broken);
        return List.of(s.freeze());
    }

    private interface Move {
        void run(Sim s);
    }

    @Override
    public List<Edge<ChannelWorld>> successors(ChannelWorld w) throws Broken {
        List<Edge<ChannelWorld>> out = new ArrayList<>();
        for (int i = 0; i < w.subchannels().size(); i++) {
            int at = i;
            SubchannelState s = w.subchannels().get(i);
            if (s.state() == ConnectivityState.CONNECTING) {
                int a = s.attempt();
                out.add(edge(w, "subchannel " + i + ": attempt " + a + " ready", x -> x.ready(at, a)));
                if (w.budget().failures() > 0) {
                    out.add(edge(w, "subchannel " + i + ": attempt " + a + " closed", x -> x.fail(at, new SubchannelEvent.TransportClosed(a, "refused"))));
                    out.add(edge(w, "subchannel " + i + ": attempt " + a + " GOAWAY", x -> x.fail(at, new SubchannelEvent.GoAwayReceived(a, "GOAWAY"))));
                }
            } else if (s.state() == ConnectivityState.READY && w.budget().failures() > 0) {
                int a = s.attempt();
                out.add(edge(w, "subchannel " + i + ": connection " + a + " closed", x -> x.fail(at, new SubchannelEvent.TransportClosed(a, "EOF"))));
                out.add(edge(w, "subchannel " + i + ": connection " + a + " GOAWAY", x -> x.fail(at, new SubchannelEvent.GoAwayReceived(a, "GOAWAY"))));
            }
        }
        if (w.budget().exitIdles() > 0) out.add(edge(w, "channel: exit idle", Sim::exitIdle));
        if (w.budget().updates() > 0) {
            int n = w.subchannels().size() == 1 ? 2 : 1;
            out.add(edge(w, "resolver: " + n + " address(es)", x -> x.newAddresses(n)));
        }
        if (w.budget().fires() > 0 && !w.timers().isEmpty()) {
            long earliest = Long.MAX_VALUE;
            for (ChannelWorld.Armed t : w.timers()) earliest = Math.min(earliest, t.due());
            for (ChannelWorld.Armed t : w.timers()) {
                if (t.due() != earliest) continue;
                out.add(edge(w, "fire " + t.timer() + " of subchannel " + t.subchannel() + " attempt " + t.attempt() + " at "
                        + t.due() / 1_000_000 + "ms", x -> x.fire(t)));
            }
        }
        return out;
    }

    private Edge<ChannelWorld> edge(ChannelWorld w, String label, Move m) throws Broken {
        Sim s = new Sim(w);
        m.run(s);
        if (s.broken != null) throw new Broken(label, s.broken);
        return new Edge<>(label, s.freeze());
    }

    @Override
    public String invariant(ChannelWorld w) {
        List<Integer> ready = new ArrayList<>();
        for (int i = 0; i < w.subchannels().size(); i++) {
            SubchannelState s = w.subchannels().get(i);
            if (s.state() == ConnectivityState.READY) ready.add(i);
            List<String> want = new ArrayList<>();
            if (s.state() == ConnectivityState.CONNECTING) want.add(Timer.CONNECT_TIMEOUT + "#" + s.attempt());
            if (s.state() == ConnectivityState.TRANSIENT_FAILURE) want.add(Timer.RECONNECT_BACKOFF + "#" + s.attempt());
            List<String> have = new ArrayList<>();
            for (ChannelWorld.Armed t : w.timers()) if (t.subchannel() == i) have.add(t.timer() + "#" + t.attempt());
            if (!want.equals(have)) return "subchannel " + i + " in " + s + " has timers " + have + " armed, its state awaits " + want;
            int transport = w.transports().get(i);
            if (!s.attached() && transport != 0) return "subchannel " + i + " in " + s.state() + " still holds the transport of attempt " + transport;
        }
        for (int i = w.subchannels().size(); i < w.transports().size(); i++) {
            if (w.transports().get(i) != 0) return "address " + i + " is gone but its transport is open";
        }
        for (ChannelWorld.Armed t : w.timers()) {
            if (t.subchannel() >= w.subchannels().size()) return "a timer of the gone address " + t.subchannel() + " is armed: " + t;
        }
        boolean channelReady = w.reported() == ConnectivityState.READY;
        if (channelReady != !ready.isEmpty()) return "the channel publishes " + w.reported() + " while READY subchannels are " + ready;
        switch (w.balancer()) {
            case PickFirstState pf -> {
                if (ready.size() > 1) return "pick_first has " + ready.size() + " READY subchannels: " + ready;
                if (!pf.subchannels().equals(states(w))) return "pick_first sees " + pf.subchannels() + ", the subchannels are " + states(w);
            }
            case RoundRobinState rr -> {
                if (w.reported() == ConnectivityState.IDLE) return "round_robin published IDLE";
                if (!rr.subchannels().equals(states(w))) return "round_robin sees " + rr.subchannels() + ", the subchannels are " + states(w);
            }
            default -> throw new IllegalStateException("unknown balancer " + w.balancer());
        }
        return null;
    }

    private static List<ConnectivityState> states(ChannelWorld w) {
        List<ConnectivityState> out = new ArrayList<>();
        for (SubchannelState s : w.subchannels()) out.add(s.state());
        return out;
    }

    @Override
    public String deadlock(ChannelWorld w) {
        return null; // the budgets end every path; a channel waiting for its peers is no deadlock
    }

    // ------------------------------------------------------------------ the wiring (ChannelRuntime)

    private final class Sim {
        Object balancer;
        ConnectivityState reported;
        final ArrayList<SubchannelState> subs = new ArrayList<>();
        final ArrayList<Integer> transports = new ArrayList<>();
        final ArrayList<ChannelWorld.Armed> timers = new ArrayList<>();
        long now;
        ChannelWorld.Budget budget;
        String broken;
        private final ArrayDeque<BalancerEvent> toBalancer = new ArrayDeque<>();

        Sim(ChannelWorld w) {
            if (w == null) {
                budget = new ChannelWorld.Budget(bounds.failures(), bounds.exitIdles(), bounds.updates(), bounds.fires());
                reported = ConnectivityState.IDLE;
                return;
            }
            balancer = w.balancer();
            reported = w.reported();
            subs.addAll(w.subchannels());
            transports.addAll(w.transports());
            timers.addAll(w.timers());
            now = w.now();
            budget = w.budget();
        }

        ChannelWorld freeze() {
            timers.sort(Comparator.comparingInt(ChannelWorld.Armed::subchannel).thenComparing(ChannelWorld.Armed::timer)
                    .thenComparingInt(ChannelWorld.Armed::attempt));
            return new ChannelWorld(balancer, reported, subs, transports, timers, now, budget);
        }

        void fail(String why) {
            if (broken == null) broken = why;
        }

        void startBalancer(int addresses) {
            subs.clear();
            transports.clear();
            for (int i = 0; i < addresses; i++) {
                subs.add(ABSENT);
                transports.add(0);
            }
            Step<?> st = bounds.policy() == Policy.PICK_FIRST ? PickFirst.start(addresses) : RoundRobin.start(addresses);
            if (st.isViolation()) {
                fail("the balancer refused to start: " + st.violation());
                return;
            }
            balancer = st.state();
            perform(st.actions());
            flush();
        }

        void flush() {
            while (!toBalancer.isEmpty() && broken == null) {
                BalancerEvent e = toBalancer.poll();
                Step<?> st = switch (balancer) {
                    case PickFirstState pf -> PickFirst.step(pf, e);
                    case RoundRobinState rr -> RoundRobin.step(rr, e);
                    default -> throw new IllegalStateException();
                };
                if (st.isViolation()) {
                    fail("the balancer refused " + e + ": " + st.violation());
                    return;
                }
                balancer = st.state();
                perform(st.actions());
            }
        }

        private void perform(List<Action> actions) {
            for (Action a : actions) {
                switch ((BalancerAction) a) {
                    case BalancerAction.RequestConnection(int i) -> {
                        if (subs.get(i).state() == ConnectivityState.SHUTDOWN) subs.set(i, SubchannelState.initial());
                        toSubchannel(i, new SubchannelEvent.Connect(i % 2 == 0 ? -1.0 : 1.0));
                    }
                    case BalancerAction.ShutdownSubchannel(int i) -> {
                        toSubchannel(i, new SubchannelEvent.Shutdown());
                        subs.set(i, ABSENT);
                        // A shut-down subchannel reports nothing more (the runtime forgets it).
                        toBalancer.removeIf(e -> e instanceof BalancerEvent.SubchannelUpdate u && u.subchannel() == i);
                    }
                    case BalancerAction.UpdateState u -> publish(u.state());
                    case BalancerAction.RequestReresolution r -> { }
                }
            }
        }

        /** What the channel publishes; pick_first's TRANSIENT_FAILURE is sticky until READY. */
        private void publish(ConnectivityState next) {
            if (bounds.policy() == Policy.PICK_FIRST && reported == ConnectivityState.TRANSIENT_FAILURE
                    && next != ConnectivityState.TRANSIENT_FAILURE && next != ConnectivityState.READY) {
                fail("pick_first left TRANSIENT_FAILURE for " + next + " without a READY subchannel (sticky TRANSIENT_FAILURE)");
            }
            reported = next;
        }

        void toSubchannel(int i, SubchannelEvent e) {
            Step<SubchannelState> st = machine.step(subs.get(i), e);
            if (st.isViolation()) {
                fail("subchannel " + i + " refused " + e + ": " + st.violation());
                return;
            }
            subs.set(i, st.state());
            for (Action a : st.actions()) {
                switch ((SubchannelAction) a) {
                    case SubchannelAction.ArmTimer(Timer t, int attempt, long delay) -> {
                        if (t == Timer.RECONNECT_BACKOFF) {
                            double low = backoff.initialNanos() * (1 - backoff.jitter());
                            double high = backoff.maxNanos() * (1 + backoff.jitter());
                            if (delay < low || delay > high) fail("backoff of " + delay + " ns outside [" + (long) low + ", " + (long) high + "]");
                        } else if (t == Timer.CONNECT_TIMEOUT && delay < backoff.minConnectTimeoutNanos()) {
                            fail("connect timeout of " + delay + " ns below the minimum " + backoff.minConnectTimeoutNanos());
                        }
                        timers.removeIf(x -> x.subchannel() == i && x.timer() == t && x.attempt() == attempt);
                        timers.add(new ChannelWorld.Armed(i, t, attempt, now + delay));
                    }
                    case SubchannelAction.CancelTimer(Timer t, int attempt) ->
                            timers.removeIf(x -> x.subchannel() == i && x.timer() == t && x.attempt() == attempt);
                    case SubchannelAction.StartConnect(int attempt, long timeout) -> transports.set(i, attempt);
                    case SubchannelAction.CloseTransport(int attempt, String reason) -> {
                        if (transports.get(i) == attempt) transports.set(i, 0);
                    }
                    case SubchannelAction.StateChanged c -> toBalancer.add(new BalancerEvent.SubchannelUpdate(i, c.to(), c.cause()));
                    case SubchannelAction.Ignored g -> { }
                }
            }
        }

        /** The attempt's transport got the server's SETTINGS. */
        void ready(int i, int attempt) {
            toSubchannel(i, new SubchannelEvent.TransportReady(attempt));
            flush();
        }

        /** A transport failure: budgeted, and the transport is gone whatever the subchannel makes of it. */
        void fail(int i, SubchannelEvent e) {
            budget = new ChannelWorld.Budget(budget.failures() - 1, budget.exitIdles(), budget.updates(), budget.fires());
            transports.set(i, 0);
            toSubchannel(i, e);
            flush();
        }

        void exitIdle() {
            budget = new ChannelWorld.Budget(budget.failures(), budget.exitIdles() - 1, budget.updates(), budget.fires());
            toBalancer.add(new BalancerEvent.ExitIdle());
            flush();
        }

        void newAddresses(int n) {
            budget = new ChannelWorld.Budget(budget.failures(), budget.exitIdles(), budget.updates() - 1, budget.fires());
            for (int i = 0; i < subs.size(); i++) {
                if (subs.get(i).state() != ConnectivityState.SHUTDOWN) toSubchannel(i, new SubchannelEvent.Shutdown());
            }
            if (broken != null) return;
            String left = invariantOfShutDown();
            if (left != null) {
                fail(left);
                return;
            }
            toBalancer.clear();
            // Sticky TRANSIENT_FAILURE is judged within one balancer's life: a new list starts a
            // fresh balancer (CH-21), which publishes CONNECTING even after TRANSIENT_FAILURE.
            reported = ConnectivityState.IDLE;
            startBalancer(n);
        }

        /** After every subchannel was shut down: nothing of theirs may be left armed or open. */
        private String invariantOfShutDown() {
            if (!timers.isEmpty()) return "timers left armed after every subchannel shut down: " + timers;
            for (int i = 0; i < transports.size(); i++) if (transports.get(i) != 0) return "transport of address " + i + " left open after shutdown";
            return null;
        }

        void fire(ChannelWorld.Armed t) {
            budget = new ChannelWorld.Budget(budget.failures(), budget.exitIdles(), budget.updates(), budget.fires() - 1);
            now = t.due();
            timers.remove(t);
            toSubchannel(t.subchannel(), new SubchannelEvent.TimerFired(t.timer(), t.attempt()));
            flush();
        }
    }
}
