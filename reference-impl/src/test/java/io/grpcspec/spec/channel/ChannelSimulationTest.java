package io.grpcspec.spec.channel;

import static io.grpcspec.spec.channel.ConnectivityState.CONNECTING;
import static io.grpcspec.spec.channel.ConnectivityState.READY;
import static io.grpcspec.spec.channel.ConnectivityState.TRANSIENT_FAILURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.channel.BalancerAction.RequestConnection;
import io.grpcspec.spec.channel.BalancerAction.RequestReresolution;
import io.grpcspec.spec.channel.BalancerAction.ShutdownSubchannel;
import io.grpcspec.spec.channel.BalancerAction.UpdateState;
import io.grpcspec.spec.channel.BalancerEvent.SubchannelUpdate;
import io.grpcspec.spec.channel.SubchannelAction.ArmTimer;
import io.grpcspec.spec.channel.SubchannelAction.CancelTimer;
import io.grpcspec.spec.channel.SubchannelAction.CloseTransport;
import io.grpcspec.spec.channel.SubchannelAction.Ignored;
import io.grpcspec.spec.channel.SubchannelAction.StartConnect;
import io.grpcspec.spec.channel.SubchannelAction.StateChanged;
import io.grpcspec.testing.Checks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Wires subchannel machines to a balancer the way the client's driver will, and drives them with
 * seeded random transport outcomes, timer fires and ExitIdle requests. Checks that a correct
 * driver never meets a refusal, that the armed timers always match the subchannel states, and
 * the balancers' promises about the states they publish.
 */
class ChannelSimulationTest {

    private record Armed(int subchannel, Timer timer, int key) {}

    /** A driver for one balancer over {@code n} subchannels. */
    private static final class Driver<B> {
        final BiFunction<B, BalancerEvent, Step<B>> step;
        final Random rnd;
        B balancer;
        final Map<Integer, SubchannelState> subs = new HashMap<>();
        final Set<Armed> timers = new HashSet<>();
        final Set<List<Integer>> transports = new HashSet<>(); // [subchannel, attempt] being dialled
        final List<ConnectivityState> published = new ArrayList<>();
        Picker picker;
        final Deque<BalancerEvent> toBalancer = new ArrayDeque<>();
        int ignored;

        Driver(IntFunction<Step<B>> start, BiFunction<B, BalancerEvent, Step<B>> step, int n, Random rnd) {
            this.step = step;
            this.rnd = rnd;
            Step<B> s = start.apply(n);
            balancer = s.state();
            perform(s.actions());
        }

        void toBalancer(BalancerEvent e) {
            toBalancer.add(e);
            flush();
        }

        /** Delivers the subchannel updates queued so far (and those they cause) to the balancer. */
        void flush() {
            while (!toBalancer.isEmpty()) {
                Step<B> s = step.apply(balancer, toBalancer.poll());
                if (s.isViolation()) fail("balancer refused: " + s.violation());
                balancer = s.state();
                perform(s.actions());
            }
        }

        void toSubchannel(int i, SubchannelEvent e) {
            Step<SubchannelState> s = SubchannelMachine.DEFAULT.step(subs.get(i), e);
            if (s.isViolation()) fail("subchannel " + i + " refused " + e + ": " + s.violation());
            subs.put(i, s.state());
            for (Action a : s.actions()) {
                switch ((SubchannelAction) a) {
                    case ArmTimer t -> assertTrue(timers.add(new Armed(i, t.timer(), t.attempt())), "armed twice: " + t);
                    case CancelTimer t -> timers.remove(new Armed(i, t.timer(), t.attempt()));
                    case StartConnect c -> transports.add(List.of(i, c.attempt()));
                    case CloseTransport c -> transports.remove(List.of(i, c.attempt()));
                    case StateChanged c -> toBalancer.add(new SubchannelUpdate(i, c.to(), c.cause()));
                    case Ignored g -> ignored++;
                }
            }
            checkTimers(i);
        }

        void perform(List<Action> actions) {
            for (Action a : actions) {
                switch ((BalancerAction) a) {
                    case RequestConnection r -> {
                        subs.putIfAbsent(r.subchannel(), SubchannelState.initial());
                        toSubchannel(r.subchannel(), new SubchannelEvent.Connect(rnd.nextDouble() * 2 - 1));
                    }
                    case ShutdownSubchannel s -> {
                        toSubchannel(s.subchannel(), new SubchannelEvent.Shutdown());
                        subs.remove(s.subchannel());
                        // A shut-down subchannel reports nothing more: drop its pending updates.
                        toBalancer.removeIf(e -> e instanceof SubchannelUpdate u && u.subchannel() == s.subchannel());
                        timers.removeIf(t -> t.subchannel() == s.subchannel());
                        transports.removeIf(t -> t.get(0) == s.subchannel());
                    }
                    case UpdateState u -> {
                        published.add(u.state());
                        picker = u.picker();
                    }
                    case RequestReresolution r -> {}
                }
            }
        }

        /** Armed timers are exactly what the subchannel's state implies. */
        void checkTimers(int i) {
            SubchannelState s = subs.get(i);
            Set<Armed> want = new HashSet<>();
            if (s.state() == CONNECTING) want.add(new Armed(i, Timer.CONNECT_TIMEOUT, s.attempt()));
            if (s.state() == TRANSIENT_FAILURE) want.add(new Armed(i, Timer.RECONNECT_BACKOFF, s.attempt()));
            Set<Armed> have = new HashSet<>();
            for (Armed a : timers) if (a.subchannel() == i) have.add(a);
            assertEquals(want, have, "timers of subchannel " + i + " in " + s);
        }

        /** One random thing happens in the outside world. */
        void tick() {
            int what = rnd.nextInt(10);
            if (what == 0) {
                toBalancer(new BalancerEvent.ExitIdle());
                return;
            }
            if (what <= 2 && !timers.isEmpty()) {
                List<Armed> all = new ArrayList<>(timers);
                Armed t = all.get(rnd.nextInt(all.size()));
                timers.remove(t);
                toSubchannel(t.subchannel(), new SubchannelEvent.TimerFired(t.timer(), t.key()));
                flush();
                return;
            }
            List<Integer> live = new ArrayList<>(subs.keySet());
            if (live.isEmpty()) return;
            int i = live.get(rnd.nextInt(live.size()));
            SubchannelState s = subs.get(i);
            boolean good = rnd.nextInt(3) == 0;
            if (s.state() == CONNECTING && rnd.nextInt(4) == 0) {
                // The dialer hands the transport over (before or after it is ready): kept, no effect.
                toSubchannel(i, new SubchannelEvent.TransportCreated(s.attempt()));
            } else if (s.state() == CONNECTING) {
                transports.remove(List.of(i, s.attempt()));
                // A dial error, a close or a GOAWAY before SETTINGS: the machine calls each a failure.
                toSubchannel(i, good ? new SubchannelEvent.TransportReady(s.attempt())
                        : rnd.nextBoolean() ? new SubchannelEvent.TransportClosed(s.attempt(), "refused")
                        : new SubchannelEvent.GoAwayReceived(s.attempt(), "GOAWAY"));
            } else if (s.state() == READY && rnd.nextInt(4) == 0) {
                toSubchannel(i, rnd.nextBoolean() ? new SubchannelEvent.GoAwayReceived(s.attempt(), "GOAWAY")
                        : new SubchannelEvent.TransportClosed(s.attempt(), "EOF"));
            } else if (s.attempt() > 1 && rnd.nextInt(5) == 0) {
                // A late event of a superseded attempt: must be ignored.
                toSubchannel(i, new SubchannelEvent.TransportClosed(s.attempt() - 1, "late"));
            } else if (s.attempt() > 0 && !s.attached() && rnd.nextInt(5) == 0) {
                // The abandoned attempt's transport reports ready after all: must be ignored,
                // and if it is handed over only now, closed.
                toSubchannel(i, new SubchannelEvent.TransportReady(s.attempt()));
                transports.add(List.of(i, s.attempt()));
                toSubchannel(i, new SubchannelEvent.TransportCreated(s.attempt()));
                assertFalse(transports.contains(List.of(i, s.attempt())), "a transport of an abandoned attempt is closed");
            }
            flush();
        }
    }

    /** Runs seeded walks; returns every change of published state seen, to show the walks reach them. */
    private static <B> Set<String> run(IntFunction<Step<B>> start, BiFunction<B, BalancerEvent, Step<B>> step,
                                       java.util.function.Consumer<Driver<B>> invariant) {
        Set<String> changes = new HashSet<>();
        for (int seed = 0; seed < 150; seed++) {
            Random rnd = new Random(seed);
            Driver<B> d = new Driver<>(start, step, 1 + rnd.nextInt(4), rnd);
            for (int t = 0; t < 200; t++) {
                d.tick();
                invariant.accept(d);
            }
            for (int k = 1; k < d.published.size(); k++) changes.add(d.published.get(k - 1) + "->" + d.published.get(k));
        }
        return changes;
    }

    @Test
    @Checks({"CH-10", "CH-11", "CH-12", "CH-13"})
    void pickFirstWithRealSubchannelsKeepsItsPromises() {
        Set<String> seen = run(PickFirst::start, PickFirst::step, d -> {
            PickFirstState pf = d.balancer;
            List<Integer> ready = new ArrayList<>();
            d.subs.forEach((i, s) -> {
                if (s.state() == READY) ready.add(i);
            });
            assertTrue(ready.size() <= 1, "at most one READY subchannel: " + d.subs);
            assertEquals(!ready.isEmpty(), pf.reported() == READY, "READY exactly when a subchannel is: " + d.subs);
            if (pf.reported() == READY) {
                assertEquals(List.of(pf.selected()), ready);
                assertEquals(new Picker.Fixed(pf.selected()), d.picker);
            }
            // Sticky TF: once TRANSIENT_FAILURE is published, the next different state is READY.
            List<ConnectivityState> p = d.published;
            for (int k = 1; k < p.size(); k++) {
                if (p.get(k - 1) == TRANSIENT_FAILURE && p.get(k) != TRANSIENT_FAILURE) assertEquals(READY, p.get(k), p.toString());
            }
        });
        assertTrue(seen.containsAll(Set.of("CONNECTING->READY", "CONNECTING->TRANSIENT_FAILURE", "TRANSIENT_FAILURE->READY",
                "READY->IDLE", "IDLE->CONNECTING")), seen.toString());
    }

    @Test
    @Checks({"CH-10", "CH-14", "CH-15"})
    void roundRobinWithRealSubchannelsKeepsItsPromises() {
        Set<String> seen = run(RoundRobin::start, RoundRobin::step, d -> {
            RoundRobinState rr = d.balancer;
            List<Integer> ready = new ArrayList<>();
            d.subs.forEach((i, s) -> {
                if (s.state() == READY) ready.add(i);
            });
            ready.sort(null);
            assertEquals(!ready.isEmpty(), rr.reported() == READY, "READY exactly when a subchannel is: " + d.subs);
            if (!ready.isEmpty()) assertEquals(ready, ((Picker.RoundRobin) d.picker).ready());
            assertFalse(rr.reported() == ConnectivityState.IDLE, "round_robin is never IDLE");
            for (Map.Entry<Integer, SubchannelState> e : d.subs.entrySet()) {
                assertEquals(e.getValue().state(), rr.subchannels().get(e.getKey()), "balancer view of " + e.getKey());
            }
        });
        assertTrue(seen.containsAll(Set.of("CONNECTING->READY", "CONNECTING->TRANSIENT_FAILURE", "TRANSIENT_FAILURE->READY",
                "READY->CONNECTING", "READY->READY")), seen.toString());
    }
}
