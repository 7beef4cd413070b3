package io.grpcspec.spec.channel;

import static io.grpcspec.spec.channel.ConnectivityState.CONNECTING;
import static io.grpcspec.spec.channel.ConnectivityState.IDLE;
import static io.grpcspec.spec.channel.ConnectivityState.READY;
import static io.grpcspec.spec.channel.ConnectivityState.SHUTDOWN;
import static io.grpcspec.spec.channel.ConnectivityState.TRANSIENT_FAILURE;
import static io.grpcspec.spec.channel.SubchannelTable.drive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.channel.SubchannelAction.ArmTimer;
import io.grpcspec.spec.channel.SubchannelAction.CancelTimer;
import io.grpcspec.spec.channel.SubchannelAction.CloseTransport;
import io.grpcspec.spec.channel.SubchannelAction.Ignored;
import io.grpcspec.spec.channel.SubchannelAction.StartConnect;
import io.grpcspec.spec.channel.SubchannelAction.StateChanged;
import io.grpcspec.spec.channel.SubchannelEvent.Connect;
import io.grpcspec.spec.channel.SubchannelEvent.GoAwayReceived;
import io.grpcspec.spec.channel.SubchannelEvent.ResetBackoff;
import io.grpcspec.spec.channel.SubchannelEvent.Shutdown;
import io.grpcspec.spec.channel.SubchannelEvent.TimerFired;
import io.grpcspec.spec.channel.SubchannelEvent.TransportClosed;
import io.grpcspec.spec.channel.SubchannelEvent.TransportCreated;
import io.grpcspec.spec.channel.SubchannelEvent.TransportReady;
import io.grpcspec.testing.Checks;
import io.grpcspec.testing.GeneratedBlocks;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubchannelMachineTest {

    private static final long S = 1_000_000_000L;
    private static final SubchannelMachine M = SubchannelMachine.DEFAULT;
    private static final SubchannelState FRESH = SubchannelState.initial();

    private static SubchannelState connecting() {
        return drive(FRESH, new Connect(0));
    }

    private static SubchannelState ready() {
        return drive(connecting(), new TransportReady(1));
    }

    private static SubchannelState failed() {
        return drive(connecting(), new TransportClosed(1, "refused"));
    }

    private static Violation violation(Rule rule, String detail) {
        return new Violation(rule, ErrorCode.INTERNAL_ERROR, Scope.CONNECTION, 0, detail);
    }

    /** The event changes nothing and asks for nothing (a hint the state does not take). */
    private static void assertUnchanged(SubchannelState s, SubchannelEvent e) {
        Step<SubchannelState> step = M.step(s, e);
        assertEquals(s, step.state(), "state after " + e);
        assertEquals(List.of(), step.actions(), "actions after " + e);
    }

    /** The event concerns an attempt or timer left behind: ignored, with a reason (CH-10). */
    private static Ignored assertIgnored(SubchannelState s, SubchannelEvent e) {
        Step<SubchannelState> step = M.step(s, e);
        assertEquals(s, step.state(), "state after " + e);
        assertEquals(1, step.actions().size(), "actions after " + e + ": " + step.actions());
        return (Ignored) step.actions().get(0);
    }

    // --- CH-1 legal transitions ---------------------------------------------------------------

    @Test
    @Checks({"CH-1"})
    void theLegalSubchannelMovesAreExactlyThese() {
        Set<String> legal = new HashSet<>();
        for (ConnectivityState from : ConnectivityState.values()) {
            for (ConnectivityState to : ConnectivityState.values()) {
                if (from.subchannelMayMoveTo(to)) legal.add(from + "->" + to);
            }
        }
        assertEquals(Set.of("IDLE->CONNECTING", "IDLE->SHUTDOWN", "CONNECTING->READY", "CONNECTING->TRANSIENT_FAILURE",
                "CONNECTING->SHUTDOWN", "READY->IDLE", "READY->SHUTDOWN", "TRANSIENT_FAILURE->IDLE",
                "TRANSIENT_FAILURE->SHUTDOWN"), legal);
    }

    @Test
    @Checks({"CH-1"})
    void everyStepMovesLegallyAndReportsExactlyItsMove() {
        Set<String> seen = new HashSet<>();
        for (SubchannelState s : SubchannelTable.representatives().values()) {
            for (SubchannelEvent e : SubchannelTable.events()) {
                Step<SubchannelState> step = M.step(s, e);
                if (step.isViolation()) continue;
                ConnectivityState to = step.state().state();
                List<Action> changes = step.actions().stream().filter(a -> a instanceof StateChanged).toList();
                if (to == s.state()) {
                    assertEquals(List.of(), changes, s + " + " + e);
                } else {
                    assertTrue(s.state().subchannelMayMoveTo(to), s.state() + " -> " + to + " on " + e);
                    assertEquals(1, changes.size(), s + " + " + e);
                    StateChanged c = (StateChanged) changes.get(0);
                    assertEquals(List.of(s.state(), to), List.of(c.from(), c.to()));
                    assertEquals(c, step.actions().get(step.actions().size() - 1), "StateChanged comes last");
                    seen.add(s.state() + "->" + to);
                }
            }
        }
        assertEquals(9, seen.size(), "every legal move is reachable: " + seen);
    }

    // --- CH-2 SHUTDOWN is terminal ------------------------------------------------------------

    @Test
    @Checks({"CH-2"})
    void connectAfterShutdownIsRefused() {
        SubchannelState down = drive(ready(), new Shutdown());
        assertEquals(violation(ChannelRules.CH_2, "connect requested after shutdown (attempt 1)"),
                M.step(down, new Connect(0)).violation());
    }

    @Test
    @Checks({"CH-2"})
    void shutdownAbsorbsEveryOtherEvent() {
        SubchannelState down = drive(ready(), new Shutdown());
        assertUnchanged(down, new Shutdown());
        assertUnchanged(down, new ResetBackoff());
        for (SubchannelEvent e : List.of(new TransportClosed(1, "EOF"), new TransportReady(1), new GoAwayReceived(1, "GOAWAY"),
                new TimerFired(Timer.CONNECT_TIMEOUT, 1), new TimerFired(Timer.RECONNECT_BACKOFF, 1))) {
            assertIgnored(down, e);
        }
        // A transport the dialer hands over now is closed at once.
        assertEquals(List.of(new CloseTransport(1, "attempt 1 is no longer wanted (the subchannel left it behind (SHUTDOWN))")),
                M.step(down, new TransportCreated(1)).actions());
    }

    @Test
    @Checks({"CH-2"})
    void shutdownFromEachStateCleansUpWhatThatStateHolds() {
        assertEquals(List.of(new StateChanged(IDLE, SHUTDOWN, "")), M.step(FRESH, new Shutdown()).actions());
        assertEquals(List.of(new CancelTimer(Timer.CONNECT_TIMEOUT, 1), new CloseTransport(1, "subchannel shut down"),
                new StateChanged(CONNECTING, SHUTDOWN, "")), M.step(connecting(), new Shutdown()).actions());
        assertEquals(List.of(new CloseTransport(1, "subchannel shut down"), new StateChanged(READY, SHUTDOWN, "")),
                M.step(ready(), new Shutdown()).actions());
        assertEquals(List.of(new CancelTimer(Timer.RECONNECT_BACKOFF, 1), new StateChanged(TRANSIENT_FAILURE, SHUTDOWN, "")),
                M.step(failed(), new Shutdown()).actions());
    }

    // --- CH-3 READY only from CONNECTING on transport ready -----------------------------------

    @Test
    @Checks({"CH-3"})
    void transportReadyMovesConnectingToReady() {
        Step<SubchannelState> step = M.step(connecting(), new TransportReady(1));
        assertEquals(new SubchannelState(READY, 1, 0, S), step.state());
        assertEquals(List.of(new CancelTimer(Timer.CONNECT_TIMEOUT, 1), new StateChanged(CONNECTING, READY, "")),
                step.actions());
    }

    @Test
    @Checks({"CH-3"})
    void aSecondReadyReportIsRefused() {
        assertEquals(violation(ChannelRules.CH_3, "attempt 1 reported ready while READY"),
                M.step(ready(), new TransportReady(1)).violation());
    }

    @Test
    @Checks({"CH-3"})
    void noOtherEventMakesTheSubchannelReady() {
        for (SubchannelState s : SubchannelTable.representatives().values()) {
            for (SubchannelEvent e : SubchannelTable.events()) {
                Step<SubchannelState> step = M.step(s, e);
                if (step.isViolation() || step.state().state() != READY || s.state() == READY) continue;
                assertEquals(CONNECTING, s.state());
                assertEquals(new TransportReady(s.attempt()), e);
            }
        }
    }

    // --- CH-4 failure before READY ------------------------------------------------------------

    @Test
    @Checks({"CH-4"})
    void aFailedAttemptGoesToTransientFailureAndArmsTheBackoff() {
        Step<SubchannelState> step = M.step(connecting(), new TransportClosed(1, "connection refused"));
        assertEquals(new SubchannelState(TRANSIENT_FAILURE, 1, 0, S), step.state());
        assertEquals(List.of(new CancelTimer(Timer.CONNECT_TIMEOUT, 1), new ArmTimer(Timer.RECONNECT_BACKOFF, 1, S),
                new StateChanged(CONNECTING, TRANSIENT_FAILURE, "connection refused")), step.actions());
    }

    @Test
    @Checks({"CH-4", "CH-5"})
    void theSameCloseIsAFailedAttemptWhileConnectingAndALostConnectionWhenReady() {
        // The driver reports what happened; the machine knows whether the SETTINGS had arrived.
        assertEquals(TRANSIENT_FAILURE, M.step(connecting(), new TransportClosed(1, "EOF")).state().state());
        assertEquals(IDLE, M.step(ready(), new TransportClosed(1, "EOF")).state().state());
    }

    @Test
    @Checks({"CH-4"})
    void aGoAwayDuringTheHandshakeFailsTheAttempt() {
        Step<SubchannelState> step = M.step(connecting(), new GoAwayReceived(1, "GOAWAY ENHANCE_YOUR_CALM"));
        assertEquals(new SubchannelState(TRANSIENT_FAILURE, 1, 0, S), step.state());
        assertEquals(List.of(new CancelTimer(Timer.CONNECT_TIMEOUT, 1), new ArmTimer(Timer.RECONNECT_BACKOFF, 1, S),
                new StateChanged(CONNECTING, TRANSIENT_FAILURE, "GOAWAY during the handshake: GOAWAY ENHANCE_YOUR_CALM")), step.actions());
    }

    // --- CH-5 READY -> IDLE -------------------------------------------------------------------

    @Test
    @Checks({"CH-5"})
    void aClosedReadyTransportLeavesTheSubchannelIdleWithoutReconnecting() {
        Step<SubchannelState> step = M.step(ready(), new TransportClosed(1, "EOF"));
        assertEquals(new SubchannelState(IDLE, 1, 0, S), step.state());
        assertEquals(List.of(new StateChanged(READY, IDLE, "EOF")), step.actions());
    }

    @Test
    @Checks({"CH-5"})
    void goAwayOnAReadyTransportLeavesTheSubchannelIdle() {
        Step<SubchannelState> step = M.step(ready(), new GoAwayReceived(1, "GOAWAY NO_ERROR"));
        assertEquals(IDLE, step.state().state());
        assertEquals(List.of(new StateChanged(READY, IDLE, "GOAWAY NO_ERROR")), step.actions());
        // The draining transport closing later belongs to no one any more.
        assertEquals(new Ignored("TransportClosed of attempt 1: the subchannel left it behind (IDLE)"),
                assertIgnored(step.state(), new TransportClosed(1, "EOF")));
    }

    // --- CH-6 TRANSIENT_FAILURE -> IDLE after backoff -----------------------------------------

    @Test
    @Checks({"CH-6"})
    void backoffElapsedMovesToIdleNotConnecting() {
        Step<SubchannelState> step = M.step(failed(), new TimerFired(Timer.RECONNECT_BACKOFF, 1));
        assertEquals(new SubchannelState(IDLE, 1, 1, S), step.state());
        assertEquals(List.of(new StateChanged(TRANSIENT_FAILURE, IDLE, "")), step.actions());
    }

    @Test
    @Checks({"CH-6"})
    void connectDuringTheBackoffChangesNothing() {
        assertUnchanged(failed(), new Connect(0.3));
    }

    @Test
    @Checks({"CH-6"})
    void theSharedTimerFiredEventMapsToTheMachinesOwn() {
        Actions.TimerFired fired = new Actions.TimerFired(Timer.RECONNECT_BACKOFF, 1, 123L);
        assertEquals(IDLE, M.step(failed(), TimerFired.of(fired)).state().state());
    }

    // --- CH-7 / CH-8 backoff in the machine ---------------------------------------------------

    @Test
    @Checks({"CH-7"})
    void eachAttemptDrawsTheNextBackoffWithItsJitter() {
        SubchannelState idle = drive(failed(), new TimerFired(Timer.RECONNECT_BACKOFF, 1));
        Step<SubchannelState> step = M.step(idle, new Connect(0.5));
        // Backoff #1 = 1.6 s x (1 + 0.2 x 0.5) = 1.76 s; the connect timeout is still 20 s.
        assertEquals(new SubchannelState(CONNECTING, 2, 1, 1_760_000_000L), step.state());
        assertEquals(List.of(new ArmTimer(Timer.CONNECT_TIMEOUT, 2, 20 * S), new StartConnect(2, 20 * S),
                new StateChanged(IDLE, CONNECTING, "")), step.actions());
        Step<SubchannelState> fail = M.step(step.state(), new TransportClosed(2, "refused"));
        assertTrue(fail.actions().contains(new ArmTimer(Timer.RECONNECT_BACKOFF, 2, 1_760_000_000L)));
    }

    @Test
    @Checks({"CH-7"})
    void repeatedFailuresFollowTheBackoffSequence() {
        SubchannelState s = FRESH;
        long[] want = {1_000_000_000L, 1_600_000_000L, 2_560_000_000L, 4_096_000_000L, 6_553_600_000L};
        for (int i = 0; i < want.length; i++) {
            s = drive(s, new Connect(0));
            Step<SubchannelState> fail = M.step(s, new TransportClosed(i + 1, "refused"));
            assertTrue(fail.actions().contains(new ArmTimer(Timer.RECONNECT_BACKOFF, i + 1, want[i])), "attempt " + (i + 1));
            s = drive(fail.state(), new TimerFired(Timer.RECONNECT_BACKOFF, i + 1));
        }
    }

    @Test
    @Checks({"CH-8"})
    void theConnectTimeoutFailsTheAttemptAndClosesItsTransport() {
        Step<SubchannelState> step = M.step(connecting(), new TimerFired(Timer.CONNECT_TIMEOUT, 1));
        assertEquals(new SubchannelState(TRANSIENT_FAILURE, 1, 0, S), step.state());
        assertEquals(List.of(new CloseTransport(1, "connect timeout after 20000 ms"),
                new ArmTimer(Timer.RECONNECT_BACKOFF, 1, S),
                new StateChanged(CONNECTING, TRANSIENT_FAILURE, "connect timeout after 20000 ms")), step.actions());
    }

    @Test
    @Checks({"CH-8"})
    void theConnectTimeoutGrowsWithTheBackoffPastTwentySeconds() {
        // Backoff #7 = 1.6^7 s = 26.84 s > 20 s.
        SubchannelState s = new SubchannelState(IDLE, 7, 7, 0);
        Step<SubchannelState> step = M.step(s, new Connect(0));
        assertTrue(step.actions().contains(new StartConnect(8, 26_843_545_600L)), step.actions().toString());
    }

    // --- CH-9 backoff reset -------------------------------------------------------------------

    @Test
    @Checks({"CH-9"})
    void readyResetsTheBackoffAndIdleDoesNot() {
        SubchannelState s = drive(FRESH, new Connect(0), new TransportClosed(1, "x"), new TimerFired(Timer.RECONNECT_BACKOFF, 1),
                new Connect(0), new TransportClosed(2, "x"), new TimerFired(Timer.RECONNECT_BACKOFF, 2));
        assertEquals(2, s.backoffIndex(), "passing through IDLE keeps the backoff");
        s = drive(s, new Connect(0));
        assertEquals(2_560_000_000L, s.backoffNanos());
        s = drive(s, new TransportReady(3));
        assertEquals(0, s.backoffIndex(), "READY resets it");
        s = drive(s, new TransportClosed(3, "EOF"), new Connect(0));
        assertEquals(S, s.backoffNanos());
    }

    @Test
    @Checks({"CH-9"})
    void resetBackoffEndsTheWaitAtOnce() {
        Step<SubchannelState> step = M.step(drive(failed(), new TimerFired(Timer.RECONNECT_BACKOFF, 1), new Connect(0),
                new TransportClosed(2, "x")), new ResetBackoff());
        assertEquals(new SubchannelState(IDLE, 2, 0, 1_600_000_000L), step.state());
        assertEquals(List.of(new CancelTimer(Timer.RECONNECT_BACKOFF, 2), new StateChanged(TRANSIENT_FAILURE, IDLE, "")),
                step.actions());
    }

    // --- CH-10 stale and unknown attempts -----------------------------------------------------

    @Test
    @Checks({"CH-10"})
    void eventsOfANeverStartedAttemptAreRefused() {
        assertEquals(violation(ChannelRules.CH_10, "TransportReady for attempt 2, which was never started (last attempt 1)"),
                M.step(connecting(), new TransportReady(2)).violation());
        assertEquals(violation(ChannelRules.CH_10, "TransportClosed for attempt 1, which was never started (last attempt 0)"),
                M.step(FRESH, new TransportClosed(1, "x")).violation());
        assertEquals(violation(ChannelRules.CH_10, "timer CONNECT_TIMEOUT fired for attempt 2, never armed (last attempt 1)"),
                M.step(connecting(), new TimerFired(Timer.CONNECT_TIMEOUT, 2)).violation());
        assertEquals(violation(ChannelRules.CH_10, "timer KEEPALIVE_PING is not a subchannel timer"),
                M.step(connecting(), new TimerFired(Timer.KEEPALIVE_PING, 1)).violation());
    }

    @Test
    @Checks({"CH-10"})
    void lateEventsOfAnAbandonedAttemptAreIgnored() {
        // The connect timeout gave up on attempt 1; its transport then reports ready anyway.
        SubchannelState timedOut = drive(connecting(), new TimerFired(Timer.CONNECT_TIMEOUT, 1));
        assertEquals(new Ignored("TransportReady of attempt 1: the subchannel left it behind (TRANSIENT_FAILURE)"),
                assertIgnored(timedOut, new TransportReady(1)));
        assertIgnored(timedOut, new TransportClosed(1, "closed by us"));
        // ... or the dialer hands it over only now: it is closed.
        assertEquals(List.of(new CloseTransport(1, "attempt 1 is no longer wanted (the subchannel left it behind (TRANSIENT_FAILURE))")),
                M.step(timedOut, new TransportCreated(1)).actions());
        // A connect timeout that raced the ready report.
        assertEquals(new Ignored("CONNECT_TIMEOUT of attempt 1 fired after it was cancelled (subchannel READY, attempt 1)"),
                assertIgnored(ready(), new TimerFired(Timer.CONNECT_TIMEOUT, 1)));
        // Attempt 2 is connecting; attempt 1's events are history.
        SubchannelState second = drive(timedOut, new TimerFired(Timer.RECONNECT_BACKOFF, 1), new Connect(0));
        assertEquals(new Ignored("TransportReady of attempt 1: superseded by attempt 2"), assertIgnored(second, new TransportReady(1)));
        assertIgnored(second, new TimerFired(Timer.RECONNECT_BACKOFF, 1));
        // The current attempt's transport handed over by the dialer is simply kept.
        assertUnchanged(second, new TransportCreated(2));
        assertUnchanged(ready(), new TransportCreated(1));
    }

    // --- snapshot and diagram -----------------------------------------------------------------

    @Test
    @Checks({"CH-1", "CH-2", "CH-3", "CH-4", "CH-5", "CH-6", "CH-10"})
    void stateEventTableSnapshot() {
        assertEquals(EnumSet.allOf(ConnectivityState.class), EnumSet.copyOf(SubchannelTable.representatives().keySet()));
        GeneratedBlocks.check("spec/tables/channel-connectivity.md", "table", SubchannelTable.table());
    }

    @Test
    @Checks({"CH-1"})
    void diagramMatchesTheTransitionFunction() {
        String d = SubchannelTable.diagram();
        assertFalse(d.contains("READY --> TRANSIENT_FAILURE"));
        assertTrue(d.contains("CONNECTING --> READY : TransportReady"));
        GeneratedBlocks.check("spec/channel.md", "diagram", d);
    }
}
