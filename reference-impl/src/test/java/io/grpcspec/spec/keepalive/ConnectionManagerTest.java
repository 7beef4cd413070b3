package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.Durations.INFINITE;
import static io.grpcspec.spec.keepalive.Durations.MINUTE;
import static io.grpcspec.spec.keepalive.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.keepalive.ConnectionManagerState.Phase;
import io.grpcspec.testing.Checks;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionManagerTest {

    static final long T0 = 123 * SECOND;
    static final ConnectionManagerConfig LIMITS = new ConnectionManagerConfig(10 * MINUTE, 30 * MINUTE, MINUTE);

    static KeepaliveEvent.TimerFired fired(Timer t, long at) {
        return new KeepaliveEvent.TimerFired(t, at);
    }

    static KeepaliveEvent.ActiveStreams streams(int n, long at) {
        return new KeepaliveEvent.ActiveStreams(n, at);
    }

    static Step<ConnectionManagerState> step(ConnectionManagerState s, KeepaliveEvent e) {
        return ConnectionManager.step(s, e);
    }

    @Test
    @Checks({"KA-13"})
    void anIdleConnectionStartsAGracefulGoAwayWithMaxIdle() {
        Step<ConnectionManagerState> start = ConnectionManager.start(LIMITS, T0, 0.0);
        assertEquals(List.of(new Actions.ArmTimer(Timer.MAX_CONNECTION_IDLE, 10 * MINUTE),
                new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE, 30 * MINUTE)), start.actions());
        Step<ConnectionManagerState> idle = step(start.state(), fired(Timer.MAX_CONNECTION_IDLE, T0 + 10 * MINUTE));
        assertEquals(List.of(KeepaliveAction.GracefulGoAway.of("max_idle")), idle.actions());
        assertEquals(Phase.IDLE_DRAINING, idle.state().phase());
    }

    @Test
    @Checks({"KA-13"})
    void idlenessCountsFromTheLastCallEnding() {
        ConnectionManagerState s = ConnectionManager.start(LIMITS, T0, 0.0).state();
        Step<ConnectionManagerState> open = step(s, streams(1, T0 + MINUTE));
        assertEquals(List.of(new Actions.CancelTimer(Timer.MAX_CONNECTION_IDLE)), open.actions());
        Step<ConnectionManagerState> more = step(open.state(), streams(2, T0 + 2 * MINUTE));
        assertEquals(List.of(), more.actions());
        Step<ConnectionManagerState> ended = step(more.state(), streams(0, T0 + 5 * MINUTE));
        assertEquals(List.of(new Actions.ArmTimer(Timer.MAX_CONNECTION_IDLE, 10 * MINUTE)), ended.actions());
        // The first arming's timer, cancelled too late, fires at 10 min: only 5 min idle so far.
        Step<ConnectionManagerState> stale = step(ended.state(), fired(Timer.MAX_CONNECTION_IDLE, T0 + 10 * MINUTE));
        assertEquals(List.of(new Actions.ArmTimer(Timer.MAX_CONNECTION_IDLE, 5 * MINUTE)), stale.actions());
        assertEquals(Phase.SERVING, stale.state().phase());
        Step<ConnectionManagerState> idle = step(stale.state(), fired(Timer.MAX_CONNECTION_IDLE, T0 + 15 * MINUTE));
        assertEquals(List.of(KeepaliveAction.GracefulGoAway.of("max_idle")), idle.actions());
    }

    @Test
    @Checks({"KA-13"})
    void aConnectionWithCallsOpenIsNotIdle() {
        ConnectionManagerState busy = step(ConnectionManager.start(LIMITS, T0, 0.0).state(), streams(1, T0 + SECOND)).state();
        Step<ConnectionManagerState> late = step(busy, fired(Timer.MAX_CONNECTION_IDLE, T0 + 10 * MINUTE));
        assertEquals(List.of(), late.actions());
        assertEquals(Phase.SERVING, late.state().phase());
    }

    @Test
    @Checks({"KA-13", "KA-14", "KA-15"})
    void defaultsAreInfiniteAndArmNothing() {
        assertEquals(new ConnectionManagerConfig(INFINITE, INFINITE, INFINITE), ConnectionManagerConfig.DEFAULT);
        Step<ConnectionManagerState> start = ConnectionManager.start(ConnectionManagerConfig.DEFAULT, T0, 0.1);
        assertEquals(List.of(), start.actions());
        assertEquals(List.of(), step(start.state(), streams(1, T0)).actions());
        assertEquals(List.of(), step(start.state(), new KeepaliveEvent.Closed(T0)).actions());
    }

    @Test
    @Checks({"KA-14"})
    void theAgeLimitCarriesTheGivenJitter() {
        assertEquals(new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE, 33 * MINUTE), ConnectionManager.start(LIMITS, T0, 0.1).actions().get(1));
        assertEquals(new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE, 27 * MINUTE), ConnectionManager.start(LIMITS, T0, -0.1).actions().get(1));
        assertEquals(new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE, 31 * MINUTE + 30 * SECOND),
                ConnectionManager.start(LIMITS, T0, 0.05).actions().get(1));
        for (double bad : new double[] {0.1000001, -0.11, 1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> ConnectionManager.start(LIMITS, T0, bad), "jitter " + bad);
        }
    }

    @Test
    @Checks({"KA-14"})
    void reachingTheAgeLimitStartsAGracefulGoAwayWithMaxAge() {
        ConnectionManagerState s = ConnectionManager.start(LIMITS, T0, 0.1).state();
        s = step(s, streams(1, T0 + MINUTE)).state();
        // Before the jittered limit (33 min) the timer just waits for the rest.
        Step<ConnectionManagerState> early = step(s, fired(Timer.MAX_CONNECTION_AGE, T0 + 30 * MINUTE));
        assertEquals(List.of(new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE, 3 * MINUTE)), early.actions());
        Step<ConnectionManagerState> aged = step(early.state(), fired(Timer.MAX_CONNECTION_AGE, T0 + 33 * MINUTE));
        assertEquals(List.of(KeepaliveAction.GracefulGoAway.of("max_age"),
                new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE_GRACE, MINUTE)), aged.actions());
        assertEquals(Phase.AGE_GRACE, aged.state().phase());
    }

    @Test
    @Checks({"KA-14"})
    void anIdleConnectionReachingItsAgeStopsItsIdleTimer() {
        Step<ConnectionManagerState> aged = step(ConnectionManager.start(new ConnectionManagerConfig(HOURS(1), 30 * MINUTE, MINUTE), T0, 0.0).state(),
                fired(Timer.MAX_CONNECTION_AGE, T0 + 30 * MINUTE));
        assertEquals(List.of(new Actions.CancelTimer(Timer.MAX_CONNECTION_IDLE), KeepaliveAction.GracefulGoAway.of("max_age"),
                new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE_GRACE, MINUTE)), aged.actions());
    }

    @Test
    @Checks({"KA-14", "KA-15"})
    void afterAnIdleDrainTheAgeLimitOnlyStartsTheGrace() {
        ConnectionManagerState drained = step(ConnectionManager.start(LIMITS, T0, 0.0).state(),
                fired(Timer.MAX_CONNECTION_IDLE, T0 + 10 * MINUTE)).state();
        // A late call arrived before the final GOAWAY and is still open at 30 min.
        drained = step(drained, streams(1, T0 + 11 * MINUTE)).state();
        Step<ConnectionManagerState> aged = step(drained, fired(Timer.MAX_CONNECTION_AGE, T0 + 30 * MINUTE));
        assertEquals(List.of(new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE_GRACE, MINUTE)), aged.actions());
        Step<ConnectionManagerState> closed = step(aged.state(), fired(Timer.MAX_CONNECTION_AGE_GRACE, T0 + 31 * MINUTE));
        assertEquals(Phase.CLOSED, closed.state().phase());
    }

    @Test
    @Checks({"KA-15"})
    void theGraceEndsInAHardCloseEvenWithCallsOpen() {
        ConnectionManagerState s = step(ConnectionManager.start(LIMITS, T0, 0.0).state(), streams(3, T0 + SECOND)).state();
        s = step(s, fired(Timer.MAX_CONNECTION_AGE, T0 + 30 * MINUTE)).state();
        Step<ConnectionManagerState> early = step(s, fired(Timer.MAX_CONNECTION_AGE_GRACE, T0 + 30 * MINUTE + 59 * SECOND));
        assertEquals(List.of(new Actions.ArmTimer(Timer.MAX_CONNECTION_AGE_GRACE, SECOND)), early.actions());
        Step<ConnectionManagerState> hard = step(early.state(), fired(Timer.MAX_CONNECTION_AGE_GRACE, T0 + 31 * MINUTE));
        assertEquals(List.of(new Actions.CloseConnection("max_age: grace of 1min is over")), hard.actions());
        assertEquals(Phase.CLOSED, hard.state().phase());
        assertEquals(3, hard.state().activeStreams());
    }

    @Test
    @Checks({"KA-15"})
    void withInfiniteGraceTheCallsMayRunOnAndClosingCancelsTheGrace() {
        ConnectionManagerConfig noGrace = new ConnectionManagerConfig(INFINITE, 30 * MINUTE, INFINITE);
        ConnectionManagerState s = step(ConnectionManager.start(noGrace, T0, 0.0).state(), streams(1, T0)).state();
        Step<ConnectionManagerState> aged = step(s, fired(Timer.MAX_CONNECTION_AGE, T0 + 30 * MINUTE));
        assertEquals(List.of(KeepaliveAction.GracefulGoAway.of("max_age")), aged.actions());
        assertEquals(List.of(), step(aged.state(), fired(Timer.MAX_CONNECTION_AGE_GRACE, T0 + 300 * MINUTE)).actions());

        ConnectionManagerState grace = step(step(ConnectionManager.start(LIMITS, T0, 0.0).state(), streams(1, T0)).state(),
                fired(Timer.MAX_CONNECTION_AGE, T0 + 30 * MINUTE)).state();
        assertEquals(List.of(new Actions.CancelTimer(Timer.MAX_CONNECTION_AGE_GRACE)),
                step(grace, new KeepaliveEvent.Closed(T0 + 30 * MINUTE + SECOND)).actions());
    }

    private static long HOURS(long n) {
        return n * Durations.HOUR;
    }
}
