package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.Durations.HOUR;
import static io.grpcspec.spec.keepalive.Durations.INFINITE;
import static io.grpcspec.spec.keepalive.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.keepalive.PingerState.Phase;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepalivePingerTest {

    /** The connection starts at an arbitrary monotonic time (negative values are legal too). */
    static final long T0 = -5_000 * SECOND;
    static final PingerConfig CLIENT = PingerConfig.client(60 * SECOND, 20 * SECOND, false);

    static final KeepaliveEvent.TimerFired pingTimer(long at) {
        return new KeepaliveEvent.TimerFired(Timer.KEEPALIVE_PING, at);
    }

    static final KeepaliveEvent.TimerFired timeoutTimer(long at) {
        return new KeepaliveEvent.TimerFired(Timer.KEEPALIVE_TIMEOUT, at);
    }

    static KeepaliveEvent.FrameReceived read(PingFrame f, long at) {
        return new KeepaliveEvent.FrameReceived(f, at);
    }

    static KeepaliveEvent.FrameReceived readSettings(long at) {
        return new KeepaliveEvent.FrameReceived(SettingsFrame.of(), at);
    }

    static List<Action> sendsPing(long sequence, long timeout) {
        return List.of(new Actions.WriteFrame(new PingFrame(false, KeepalivePinger.payload(sequence))),
                new Actions.ArmTimer(Timer.KEEPALIVE_TIMEOUT, timeout));
    }

    /** A client with one call open, started at T0. */
    static PingerState busy(PingerConfig config) {
        PingerState s = KeepalivePinger.start(config, T0).state();
        return KeepalivePinger.step(s, new KeepaliveEvent.ActiveStreams(1, T0)).state();
    }

    /** A client whose first keepalive PING went out at T0+60s. */
    static PingerState pingOutstanding() {
        Step<PingerState> s = KeepalivePinger.step(busy(CLIENT), pingTimer(T0 + 60 * SECOND));
        assertEquals(sendsPing(0, 20 * SECOND), s.actions());
        return s.state();
    }

    @Test
    @Checks({"KA-3"})
    void startArmsThePingTimerAndPingsWhenNothingWasRead() {
        Step<PingerState> start = KeepalivePinger.start(CLIENT, T0);
        assertEquals(List.of(new Actions.ArmTimer(Timer.KEEPALIVE_PING, 60 * SECOND)), start.actions());
        assertEquals(Phase.WAITING, start.state().phase());

        Step<PingerState> fired = KeepalivePinger.step(busy(CLIENT), pingTimer(T0 + 60 * SECOND));
        assertEquals(sendsPing(0, 20 * SECOND), fired.actions());
        assertEquals(Phase.PING_SENT, fired.state().phase());
        assertEquals(KeepalivePinger.payload(0), fired.state().outstandingPayload());
    }

    @Test
    @Checks({"KA-3"})
    void aReadPushesThePingOutInsteadOfPinging() {
        PingerState s = KeepalivePinger.step(busy(CLIENT), readSettings(T0 + 30 * SECOND)).state();
        Step<PingerState> early = KeepalivePinger.step(s, pingTimer(T0 + 60 * SECOND));
        // 60 s after the start but only 30 s after the last read: no PING, wait the other 30 s.
        assertEquals(List.of(new Actions.ArmTimer(Timer.KEEPALIVE_PING, 30 * SECOND)), early.actions());
        assertEquals(Phase.WAITING, early.state().phase());
        assertEquals(sendsPing(0, 20 * SECOND), KeepalivePinger.step(early.state(), pingTimer(T0 + 90 * SECOND)).actions());
    }

    @Test
    @Checks({"KA-3"})
    void theNextPingCountsFromTheAckNotFromThePingSent() {
        Step<PingerState> acked = KeepalivePinger.step(pingOutstanding(),
                read(new PingFrame(true, KeepalivePinger.payload(0)), T0 + 65 * SECOND));
        assertEquals(List.of(new Actions.CancelTimer(Timer.KEEPALIVE_TIMEOUT),
                new Actions.ArmTimer(Timer.KEEPALIVE_PING, 60 * SECOND)), acked.actions());
        // 60 s after the PING went out, but 55 s after the ACK was read: not yet.
        Step<PingerState> fired = KeepalivePinger.step(acked.state(), pingTimer(T0 + 120 * SECOND));
        assertEquals(List.of(new Actions.ArmTimer(Timer.KEEPALIVE_PING, 5 * SECOND)), fired.actions());
        Step<PingerState> second = KeepalivePinger.step(fired.state(), pingTimer(T0 + 125 * SECOND));
        assertEquals(sendsPing(1, 20 * SECOND), second.actions());
    }

    @Test
    @Checks({"KA-4"})
    void noAckWithinTheTimeoutBreaksTheConnectionWithUnavailable() {
        Step<PingerState> s = KeepalivePinger.step(pingOutstanding(), timeoutTimer(T0 + 80 * SECOND));
        String why = "keepalive PING not acknowledged within 20s";
        assertEquals(List.of(new KeepaliveAction.ConnectionBroken("UNAVAILABLE", why), new Actions.CloseConnection(why)),
                s.actions());
        assertEquals(Phase.CLOSED, s.state().phase());
        // Closed is final: nothing more comes out of it.
        assertEquals(List.of(), KeepalivePinger.step(s.state(), pingTimer(T0 + 200 * SECOND)).actions());
    }

    @Test
    @Checks({"KA-4"})
    void anAckInTimeKeepsTheConnectionAndALateTimeoutIsIgnored() {
        PingerState acked = KeepalivePinger.step(pingOutstanding(),
                read(new PingFrame(true, KeepalivePinger.payload(0)), T0 + 79 * SECOND)).state();
        Step<PingerState> stale = KeepalivePinger.step(acked, timeoutTimer(T0 + 80 * SECOND));
        assertEquals(List.of(), stale.actions());
        assertEquals(Phase.WAITING, stale.state().phase());
    }

    @Test
    @Checks({"KA-4"})
    void aTimeoutFiringEarlyWaitsForTheRest() {
        Step<PingerState> early = KeepalivePinger.step(pingOutstanding(), timeoutTimer(T0 + 70 * SECOND));
        assertEquals(List.of(new Actions.ArmTimer(Timer.KEEPALIVE_TIMEOUT, 10 * SECOND)), early.actions());
        assertEquals(Phase.PING_SENT, early.state().phase());
    }

    @Test
    @Checks({"KA-5"})
    void anAckWithAnotherPayloadDoesNotAnswerTheKeepalive() {
        // The graceful-GOAWAY PING payload grpc-go uses: an ACK of it says nothing about ours.
        PingerState s = KeepalivePinger.step(pingOutstanding(),
                read(new PingFrame(true, 0x0106010800030309L), T0 + 61 * SECOND)).state();
        assertEquals(Phase.PING_SENT, s.phase());
        // Neither does the peer's own PING carrying our payload (it is no ACK), nor other frames.
        Step<PingerState> notAck = KeepalivePinger.step(s, read(new PingFrame(false, KeepalivePinger.payload(0)), T0 + 62 * SECOND));
        assertEquals(List.of(), notAck.actions());
        s = KeepalivePinger.step(notAck.state(), readSettings(T0 + 63 * SECOND)).state();
        assertEquals(Phase.PING_SENT, s.phase());
        Step<PingerState> timeout = KeepalivePinger.step(s, timeoutTimer(T0 + 80 * SECOND));
        assertEquals(Phase.CLOSED, timeout.state().phase());
        assertEquals(KeepaliveAction.ConnectionBroken.UNAVAILABLE,
                ((KeepaliveAction.ConnectionBroken) timeout.actions().get(0)).grpcStatus());
    }

    @Test
    @Checks({"KA-5"})
    void eachPingHasItsOwnPayloadSoALateAckOfAnOldOneDoesNotCount() {
        PingerState first = KeepalivePinger.step(pingOutstanding(),
                read(new PingFrame(true, KeepalivePinger.payload(0)), T0 + 61 * SECOND)).state();
        PingerState second = KeepalivePinger.step(first, pingTimer(T0 + 121 * SECOND)).state();
        assertEquals(KeepalivePinger.payload(1), second.outstandingPayload());
        assertNotEquals(KeepalivePinger.payload(0), KeepalivePinger.payload(1));
        Step<PingerState> oldAck = KeepalivePinger.step(second, read(new PingFrame(true, KeepalivePinger.payload(0)), T0 + 122 * SECOND));
        assertEquals(List.of(), oldAck.actions());
        assertEquals(Phase.PING_SENT, oldAck.state().phase());
        Step<PingerState> rightAck = KeepalivePinger.step(oldAck.state(), read(new PingFrame(true, KeepalivePinger.payload(1)), T0 + 123 * SECOND));
        assertEquals(Phase.WAITING, rightAck.state().phase());
    }

    @Test
    @Checks({"KA-6"})
    void withoutCallsTheClientGoesDormantAndPingsAtOnceWhenACallStartsLate() {
        PingerState idle = KeepalivePinger.start(CLIENT, T0).state();
        Step<PingerState> dormant = KeepalivePinger.step(idle, pingTimer(T0 + 60 * SECOND));
        assertEquals(List.of(), dormant.actions());
        assertEquals(Phase.DORMANT, dormant.state().phase());
        // Time passes, nothing is armed, so nothing fires; a stale timer changes nothing.
        assertEquals(List.of(), KeepalivePinger.step(dormant.state(), pingTimer(T0 + 3 * HOUR)).actions());
        Step<PingerState> woken = KeepalivePinger.step(dormant.state(), new KeepaliveEvent.ActiveStreams(1, T0 + 3 * HOUR));
        assertEquals(sendsPing(0, 20 * SECOND), woken.actions());
        assertEquals(Phase.PING_SENT, woken.state().phase());
    }

    @Test
    @Checks({"KA-6"})
    void aCallStartingSoonAfterAReadWaitsForTheRestOfTheKeepaliveTime() {
        PingerState dormant = KeepalivePinger.step(KeepalivePinger.start(CLIENT, T0).state(), pingTimer(T0 + 60 * SECOND)).state();
        PingerState read = KeepalivePinger.step(dormant, readSettings(T0 + 100 * SECOND)).state();
        Step<PingerState> woken = KeepalivePinger.step(read, new KeepaliveEvent.ActiveStreams(1, T0 + 130 * SECOND));
        assertEquals(List.of(new Actions.ArmTimer(Timer.KEEPALIVE_PING, 30 * SECOND)), woken.actions());
        assertEquals(Phase.WAITING, woken.state().phase());
    }

    @Test
    @Checks({"KA-6"})
    void permitWithoutCallsKeepsPingingWithNoCalls() {
        PingerConfig permit = PingerConfig.client(60 * SECOND, 20 * SECOND, true);
        PingerState idle = KeepalivePinger.start(permit, T0).state();
        assertEquals(0, idle.activeCalls());
        assertEquals(sendsPing(0, 20 * SECOND), KeepalivePinger.step(idle, pingTimer(T0 + 60 * SECOND)).actions());
    }

    @Test
    @Checks({"KA-6"})
    void callsEndingWhileAPingIsOutstandingStillWaitForItsAck() {
        PingerState s = KeepalivePinger.step(pingOutstanding(), new KeepaliveEvent.ActiveStreams(0, T0 + 61 * SECOND)).state();
        assertEquals(Phase.PING_SENT, s.phase());
        assertEquals(Phase.CLOSED, KeepalivePinger.step(s, timeoutTimer(T0 + 80 * SECOND)).state().phase());
    }

    @Test
    @Checks({"KA-7"})
    void clientKeepaliveTimeHasATenSecondFloor() {
        PingerConfig tooShort = PingerConfig.client(SECOND, 20 * SECOND, false);
        assertEquals(10 * SECOND, tooShort.timeNanos());
        assertEquals(List.of(new Actions.ArmTimer(Timer.KEEPALIVE_PING, 10 * SECOND)),
                KeepalivePinger.start(tooShort, T0).actions());
        assertEquals(30 * SECOND, PingerConfig.client(30 * SECOND, 20 * SECOND, false).timeNanos());
        assertEquals(10 * SECOND, PingerConfig.client(10 * SECOND, 20 * SECOND, false).timeNanos());
    }

    @Test
    @Checks({"KA-7"})
    void defaultsAreOffWithATwentySecondTimeout() {
        assertEquals(new PingerConfig(INFINITE, 20 * SECOND, false), PingerConfig.CLIENT_DEFAULT);
        Step<PingerState> off = KeepalivePinger.start(PingerConfig.CLIENT_DEFAULT, T0);
        assertEquals(List.of(), off.actions());
        assertEquals(Phase.OFF, off.state().phase());
        assertEquals(List.of(), KeepalivePinger.step(off.state(), pingTimer(T0 + 100 * HOUR)).actions());
        assertThrows(IllegalArgumentException.class, () -> new PingerConfig(0, SECOND, false));
        assertThrows(IllegalArgumentException.class, () -> new PingerConfig(SECOND, -1, false));
    }

    @Test
    @Checks({"KA-8"})
    void tooManyPingsDoublesKeepaliveTimeForNewConnections() {
        GoAwayFrame tooMany = new GoAwayFrame(0, ErrorCode.ENHANCE_YOUR_CALM, Bytes.ofAscii("too_many_pings"));
        PingerConfig doubled = CLIENT.after(tooMany);
        assertEquals(new PingerConfig(120 * SECOND, 20 * SECOND, false), doubled);
        assertEquals(240 * SECOND, doubled.after(tooMany).timeNanos());
        // Off stays off; a huge time saturates instead of wrapping negative.
        assertEquals(PingerConfig.CLIENT_DEFAULT, PingerConfig.CLIENT_DEFAULT.after(tooMany));
        assertEquals(INFINITE, new PingerConfig(Long.MAX_VALUE / 2 + 1, SECOND, false).after(tooMany).timeNanos());
    }

    @Test
    @Checks({"KA-8"})
    void otherGoAwaysLeaveKeepaliveTimeAlone() {
        for (GoAwayFrame other : List.of(
                new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.ofAscii("too_many_pings")),
                new GoAwayFrame(0, ErrorCode.ENHANCE_YOUR_CALM, Bytes.ofAscii("too_many_pings!")),
                new GoAwayFrame(0, ErrorCode.ENHANCE_YOUR_CALM, Bytes.EMPTY),
                new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.ofAscii("max_age")))) {
            assertEquals(CLIENT, CLIENT.after(other), other.toString());
        }
    }

    @Test
    @Checks({"KA-16"})
    void theServerPingsWithoutCallsAfterTwoHoursAndClosesWithoutAck() {
        assertEquals(new PingerConfig(2 * HOUR, 20 * SECOND, true), PingerConfig.SERVER_DEFAULT);
        Step<PingerState> start = KeepalivePinger.start(PingerConfig.SERVER_DEFAULT, T0);
        assertEquals(List.of(new Actions.ArmTimer(Timer.KEEPALIVE_PING, 2 * HOUR)), start.actions());
        Step<PingerState> ping = KeepalivePinger.step(start.state(), pingTimer(T0 + 2 * HOUR));
        assertEquals(sendsPing(0, 20 * SECOND), ping.actions());
        Step<PingerState> timeout = KeepalivePinger.step(ping.state(), timeoutTimer(T0 + 2 * HOUR + 20 * SECOND));
        assertEquals(Phase.CLOSED, timeout.state().phase());
        assertEquals(2, timeout.actions().size());
    }

    @Test
    @Checks({"KA-16"})
    void theServerKeepsTheConnectionWhenAcked() {
        PingerState ping = KeepalivePinger.step(KeepalivePinger.start(PingerConfig.SERVER_DEFAULT, T0).state(),
                pingTimer(T0 + 2 * HOUR)).state();
        Step<PingerState> acked = KeepalivePinger.step(ping, read(new PingFrame(true, KeepalivePinger.payload(0)), T0 + 2 * HOUR + SECOND));
        assertEquals(List.of(new Actions.CancelTimer(Timer.KEEPALIVE_TIMEOUT),
                new Actions.ArmTimer(Timer.KEEPALIVE_PING, 2 * HOUR)), acked.actions());
        // grpc-go raises a server keepalive time below 1 s to 1 s.
        assertEquals(SECOND, PingerConfig.server(SECOND / 10, 20 * SECOND).timeNanos());
    }

    @Test
    @Checks({"KA-3", "KA-4"})
    void closedCancelsWhateverTimerIsArmed() {
        assertEquals(List.of(new Actions.CancelTimer(Timer.KEEPALIVE_PING)),
                KeepalivePinger.step(busy(CLIENT), new KeepaliveEvent.Closed(T0 + SECOND)).actions());
        assertEquals(List.of(new Actions.CancelTimer(Timer.KEEPALIVE_TIMEOUT)),
                KeepalivePinger.step(pingOutstanding(), new KeepaliveEvent.Closed(T0 + 61 * SECOND)).actions());
    }
}
