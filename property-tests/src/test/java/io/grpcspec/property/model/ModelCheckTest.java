package io.grpcspec.property.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Timer;
import io.grpcspec.testing.Checks;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The exhaustive model check of the default build: every state reachable under the CI bounds
 * ({@link Bounds#CI}, or the one named by {@code -Dgrpcspec.modelcheck.bound}) passes every
 * check — no violation between the conforming peers, flow-control conservation, stream-state
 * agreement, monotone GOAWAYs, no deadlock, settings agreement at quiescence — and, in the
 * timer bound, timers armed exactly while awaited, fair timeouts, safe retries and the time
 * limits kept (handshake deadline, idle and age drains, max-age + grace, dead-peer detection).
 */
class ModelCheckTest {

    @Test
    @Checks({"CONN-5", "SET-12", "KA-3", "KA-4", "KA-5", "KA-9", "KA-13", "KA-14", "KA-15", "KA-16", "GA-2", "GA-7"})
    void ciBoundsHaveNoViolations() {
        String chosen = System.getProperty(ModelCheck.BOUND_PROPERTY);
        List<String> names = chosen == null ? Bounds.CI : List.of(chosen);
        for (String name : names) {
            ExplorationResult r = ModelCheck.run(new ConnectionModel(Bounds.named(name)), System.out);
            assertEquals(0, r.violations().size(), () -> r.violations().get(0).render());
            assertTrue(r.complete(), "the bound was explored completely");
            assertTrue(r.states() > 10_000, "a non-trivial state space: " + r.states());
            assertTrue(r.depth() > 20, "deep enough to finish RPCs: " + r.depth());
        }
    }

    /** The timer bound is worth its time: every timer the endpoints arm fires somewhere in it. */
    @Test
    void theTimerBoundFiresEveryTimer() {
        Bounds b = Bounds.named("ci-timers");
        Set<Timer> fired = EnumSet.noneOf(Timer.class);
        ExplorationResult r = new Explorer<>(new ConnectionModel(b), b.name()).edges((from, label, to) -> {
            if (label instanceof Move m && m.kind() == Move.Kind.FIRE) fired.add(m.timer());
        }).run();
        assertEquals(0, r.violations().size(), () -> r.violations().get(0).render());
        Set<Timer> connectionTimers = EnumSet.range(Timer.HANDSHAKE, Timer.GOAWAY_PING);
        assertEquals(connectionTimers, fired, "timers fired in " + b.name());
    }

    /** The checker itself: a planted invariant failure yields the shortest trace to it. */
    @Test
    void aViolatedInvariantYieldsTheShortestTrace() {
        // A counter system 0..9 with steps +1 and +3: the shortest way to 7 is 3+3+1 (3 steps).
        TransitionSystem<Integer> counter = new TransitionSystem<>() {
            @Override
            public List<Integer> initial() {
                return List.of(0);
            }

            @Override
            public List<Edge<Integer>> successors(Integer s) {
                return s >= 9 ? List.of() : s + 3 > 9 ? List.of(new Edge<>("+1", s + 1))
                        : List.of(new Edge<>("+1", s + 1), new Edge<>("+3", s + 3));
            }

            @Override
            public String invariant(Integer s) {
                return s == 7 ? "reached 7" : null;
            }

            @Override
            public String deadlock(Integer s) {
                return null;
            }
        };
        ExplorationResult r = new Explorer<>(counter, "counter").run();
        assertEquals(1, r.violations().size());
        Counterexample c = r.violations().get(0);
        assertEquals("invariant", c.kind());
        assertEquals(3, c.steps().size(), c.render());
        assertEquals(7, c.steps().stream().mapToInt(x -> Integer.parseInt(x.substring(1))).sum());
        assertTrue(r.summary().matches("model-check: bound=counter states=\\d+ transitions=\\d+ depth=\\d+ seconds=\\d+\\.\\d\\d states_per_s=\\d+ violations=1"), r.summary());
    }

    /** Deadlock detection: a terminal state with work left is reported, a finished one is not. */
    @Test
    void aStuckStateIsADeadlock() {
        TransitionSystem<Integer> stuck = new TransitionSystem<>() {
            @Override
            public List<Integer> initial() {
                return List.of(0);
            }

            @Override
            public List<Edge<Integer>> successors(Integer s) {
                return s == 0 ? List.of(new Edge<>("a", 1), new Edge<>("b", 2)) : List.of();
            }

            @Override
            public String invariant(Integer s) {
                return null;
            }

            @Override
            public String deadlock(Integer s) {
                return s == 2 ? "work left in 2" : null;
            }
        };
        ExplorationResult r = new Explorer<>(stuck, "stuck").run();
        assertEquals(1, r.violations().size());
        assertEquals("deadlock", r.violations().get(0).kind());
        assertEquals(List.of("b"), r.violations().get(0).steps());
    }
}
