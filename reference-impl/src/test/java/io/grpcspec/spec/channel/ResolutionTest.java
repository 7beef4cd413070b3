package io.grpcspec.spec.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.channel.ResolverAction.ArmTimer;
import io.grpcspec.spec.channel.ResolverAction.CancelTimer;
import io.grpcspec.spec.channel.ResolverAction.FailChannel;
import io.grpcspec.spec.channel.ResolverAction.StartResolution;
import io.grpcspec.spec.channel.ResolverAction.UseAddresses;
import io.grpcspec.spec.channel.ResolverEvent.ReresolveRequested;
import io.grpcspec.spec.channel.ResolverEvent.ResolveFailed;
import io.grpcspec.spec.channel.ResolverEvent.Resolved;
import io.grpcspec.spec.channel.ResolverEvent.Shutdown;
import io.grpcspec.spec.channel.ResolverEvent.Start;
import io.grpcspec.spec.channel.ResolverEvent.TimerFired;
import io.grpcspec.spec.channel.ResolverState.Phase;
import io.grpcspec.testing.Checks;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolutionTest {

    private static final long S = 1_000_000_000L;
    private static final Resolution R = Resolution.DEFAULT;
    private static final List<String> AB = List.of("a:1", "b:1");

    private Step<ResolverState<String>> step(ResolverState<String> s, ResolverEvent<String> e) {
        Step<ResolverState<String>> st = R.step(s, e);
        assertFalse(st.isViolation(), () -> "refused " + e);
        return st;
    }

    private ResolverState<String> started(long now) {
        Step<ResolverState<String>> st = step(ResolverState.initial(), new Start<>(now));
        assertEquals(List.of(new StartResolution<String>()), st.actions());
        assertEquals(Phase.RESOLVING, st.state().phase());
        return st.state();
    }

    private ResolverState<String> resolvedAt(long now) {
        return step(started(0), new Resolved<>(AB, now)).state();
    }

    @Test
    @Checks("CH-21")
    void theFirstListGoesToTheBalancerAndAnEqualOneChangesNothing() {
        Step<ResolverState<String>> first = step(started(0), new Resolved<>(AB, S));
        assertEquals(List.of(new UseAddresses<>(AB)), first.actions());
        assertEquals(Phase.IDLE, first.state().phase());
        assertEquals(AB, first.state().addresses());
        // A second Start is not a second resolution.
        assertEquals(List.of(), step(first.state(), new Start<>(2 * S)).actions());

        ResolverState<String> again = step(first.state(), new ReresolveRequested<>(10 * S)).state();
        assertEquals(List.of(), step(again, new Resolved<>(List.of("a:1", "b:1"), 11 * S)).actions(), "an equal list is no news");
        List<Action> moved = step(again, new Resolved<>(List.of("b:1"), 11 * S)).actions();
        assertEquals(List.of(new UseAddresses<>(List.of("b:1"))), moved);
    }

    @Test
    @Checks("CH-21")
    void aFailureBeforeAnyListFailsTheChannelAfterOneItKeepsTheList() {
        Step<ResolverState<String>> noList = step(started(0), new ResolveFailed<>("no such host", 0, S));
        assertEquals(List.of(new FailChannel<String>("no such host"), new ArmTimer<String>(S)), noList.actions());

        ResolverState<String> good = step(resolvedAt(S), new ReresolveRequested<>(10 * S)).state();
        Step<ResolverState<String>> later = step(good, new ResolveFailed<>("dns down", 0, 11 * S));
        assertEquals(List.of(new ArmTimer<String>(S)), later.actions(), "the list in use stays; no failure published");
        assertEquals(AB, later.state().addresses());
    }

    @Test
    @Checks("CH-19")
    void reresolutionIsPacedFromTheLastStart() {
        ResolverState<String> idle = resolvedAt(S); // started at 0
        // 2 s after the start: wait the remaining 3 s.
        Step<ResolverState<String>> early = step(idle, new ReresolveRequested<>(2 * S));
        assertEquals(List.of(new ArmTimer<String>(3 * S)), early.actions());
        assertEquals(Phase.WAITING, early.state().phase());
        // More requests while it waits add nothing; the timer starts it.
        assertEquals(List.of(), step(early.state(), new ReresolveRequested<>(4 * S)).actions());
        Step<ResolverState<String>> due = step(early.state(), new TimerFired<>(5 * S));
        assertEquals(List.of(new StartResolution<String>()), due.actions());
        assertEquals(5 * S, due.state().startedAt());
        // Long after the last start: at once.
        assertEquals(List.of(new StartResolution<String>()), step(idle, new ReresolveRequested<>(60 * S)).actions());
        // Exactly at the interval: at once too.
        assertEquals(List.of(new StartResolution<String>()), step(idle, new ReresolveRequested<>(5 * S)).actions());
    }

    @Test
    @Checks("CH-19")
    void requestsDuringAResolutionAskForOneMoreAfterIt() {
        ResolverState<String> running = started(0);
        ResolverState<String> asked = step(step(running, new ReresolveRequested<>(S)).state(), new ReresolveRequested<>(S)).state();
        assertTrue(asked.again());
        // The result is used, then one more resolution follows, paced from the start at 0.
        Step<ResolverState<String>> done = step(asked, new Resolved<>(AB, 2 * S));
        assertEquals(List.of(new UseAddresses<>(AB), new ArmTimer<String>(3 * S)), done.actions());
        assertEquals(Phase.WAITING, done.state().phase());
        // Without a request meanwhile, nothing follows.
        assertEquals(Phase.IDLE, step(running, new Resolved<>(AB, 2 * S)).state().phase());
    }

    @Test
    @Checks("CH-20")
    void failuresAreRetriedAfterTheGrowingBackoffAndASuccessStartsItOver() {
        Backoff b = Backoff.DEFAULT;
        ResolverState<String> s = started(0);
        long now = 0;
        for (int k = 0; k < 5; k++) {
            double jitter = k % 2 == 0 ? 0.5 : -1.0;
            Step<ResolverState<String>> failed = step(s, new ResolveFailed<>("down", jitter, now));
            ArmTimer<String> arm = (ArmTimer<String>) failed.actions().get(failed.actions().size() - 1);
            assertEquals(b.delayNanos(k, jitter), arm.delayNanos(), "retry " + k);
            assertEquals(k + 1, failed.state().failures());
            // A re-resolution requested meanwhile is that same retry.
            assertEquals(List.of(), step(failed.state(), new ReresolveRequested<>(now)).actions());
            now += arm.delayNanos();
            Step<ResolverState<String>> retry = step(failed.state(), new TimerFired<>(now));
            assertEquals(List.of(new StartResolution<String>()), retry.actions(), "the retry needs no request");
            s = retry.state();
        }
        ResolverState<String> ok = step(s, new Resolved<>(AB, now)).state();
        assertEquals(0, ok.failures());
        ResolverState<String> next = step(ok, new ReresolveRequested<>(now + 10 * S)).state();
        Step<ResolverState<String>> failedAgain = step(next, new ResolveFailed<>("down", 1.0, now + 11 * S));
        assertEquals(List.of(new ArmTimer<String>(S)), failedAgain.actions(), "backoff number 0 again: 1 s, no jitter");
    }

    @Test
    @Checks("CH-20")
    void theBackoffNumberStopsAtThirty() {
        ResolverState<String> many = new ResolverState<>(Phase.RESOLVING, false, 0, 1000, null);
        Step<ResolverState<String>> failed = step(many, new ResolveFailed<>("down", 0, 0));
        assertEquals(new ArmTimer<String>(Backoff.DEFAULT.delayNanos(30, 0)), failed.actions().get(1));
    }

    @Test
    void shutdownStopsEverything() {
        Step<ResolverState<String>> waiting = step(resolvedAt(S), new ReresolveRequested<>(2 * S));
        Step<ResolverState<String>> down = step(waiting.state(), new Shutdown<>());
        assertEquals(List.of(new CancelTimer<String>()), down.actions());
        ResolverState<String> d = down.state();
        assertEquals(Phase.SHUT_DOWN, d.phase());
        for (ResolverEvent<String> e : List.<ResolverEvent<String>>of(new TimerFired<>(5 * S), new ReresolveRequested<>(9 * S),
                new Resolved<>(List.of("c:1"), 9 * S), new ResolveFailed<>("x", 0, 9 * S), new Start<>(9 * S))) {
            Step<ResolverState<String>> st = step(d, e);
            assertEquals(List.of(), st.actions(), "after shutdown: " + e);
            assertEquals(d, st.state());
        }
        // A running resolution's result after shutdown is dropped too.
        ResolverState<String> runningDown = step(started(0), new Shutdown<>()).state();
        assertEquals(List.of(), step(runningDown, new Resolved<>(AB, S)).actions());
    }

    @Test
    void aFireThatRacedItsCancellationIsIgnored() {
        ResolverState<String> running = started(0);
        assertEquals(running, step(running, new TimerFired<>(S)).state());
        assertEquals(List.of(), step(resolvedAt(S), new TimerFired<>(S)).actions());
    }
}
