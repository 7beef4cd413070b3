package io.grpcspec.spec.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SETTINGS / ACK exchange of RFC 9113 §6.5.3. */
class SettingsExchangeTest {

    private static final Setting WINDOW_1M = new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20);
    private static final Setting TABLE_0 = new Setting(SettingId.HEADER_TABLE_SIZE, 0);
    private static final Setting FRAME_32K = new Setting(SettingId.MAX_FRAME_SIZE, 32_768);

    @Test
    @Checks("SET-9")
    void peerSettingsApplyOnReceiptAndEachGetsOneAckAfterTheChange() {
        SettingsExchange ex = SettingsExchange.initial(Role.CLIENT, 0);
        Step<SettingsExchange> first = SettingsExchange.receive(ex, SettingsFrame.of(WINDOW_1M, FRAME_32K));
        Settings after = Settings.DEFAULT.withAll(List.of(WINDOW_1M, FRAME_32K));
        assertEquals(List.<Action>of(
                new SettingsChange.PeerSettingsApplied(Settings.DEFAULT, after),
                new Actions.WriteFrame(SettingsFrame.ACK_FRAME)), first.actions());
        assertEquals(after, first.state().remote());
        assertEquals(Settings.DEFAULT, first.state().local());

        SettingsChange change = (SettingsChange) first.actions().get(0);
        assertEquals((1 << 20) - 65_535, change.initialWindowSizeDelta());
        assertTrue(change.maxFrameSizeChanged());
        assertTrue(!change.headerTableSizeChanged());

        // a second frame: a second ACK, and a negative delta
        Step<SettingsExchange> second = SettingsExchange.receive(first.state(),
                SettingsFrame.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1000)));
        assertEquals(2, second.actions().size());
        assertEquals(new Actions.WriteFrame(SettingsFrame.ACK_FRAME), second.actions().get(1));
        assertEquals(1000 - (1 << 20), ((SettingsChange) second.actions().get(0)).initialWindowSizeDelta());
        // an empty SETTINGS is still acknowledged, with an unchanged-settings change
        Step<SettingsExchange> empty = SettingsExchange.receive(second.state(), SettingsFrame.of());
        assertEquals(List.<Action>of(new SettingsChange.PeerSettingsApplied(second.state().remote(), second.state().remote()),
                new Actions.WriteFrame(SettingsFrame.ACK_FRAME)), empty.actions());
    }

    @Test
    @Checks("SET-10")
    void ourSettingsTakeEffectOnlyOnTheirAckInSendOrder() {
        SettingsExchange ex = SettingsExchange.initial(Role.SERVER, 0);
        Step<SettingsExchange> s1 = SettingsExchange.send(ex, List.of(WINDOW_1M));
        assertEquals(List.<Action>of(new Actions.WriteFrame(SettingsFrame.of(WINDOW_1M))), s1.actions());
        Step<SettingsExchange> s2 = SettingsExchange.send(s1.state(), List.of(TABLE_0));
        SettingsExchange waiting = s2.state();
        assertEquals(Settings.DEFAULT, waiting.local(), "nothing applies before an ACK");
        Settings first = Settings.DEFAULT.with(WINDOW_1M);
        Settings both = first.with(TABLE_0);
        assertEquals(List.of(first, both), waiting.pending());
        assertEquals(both, waiting.target());

        Step<SettingsExchange> ack1 = SettingsExchange.receive(waiting, SettingsFrame.ACK_FRAME);
        assertEquals(first, ack1.state().local(), "the first ACK answers the first SETTINGS only");
        assertEquals(List.<Action>of(new SettingsChange.LocalSettingsAcknowledged(Settings.DEFAULT, first)), ack1.actions());
        Step<SettingsExchange> ack2 = SettingsExchange.receive(ack1.state(), SettingsFrame.ACK_FRAME);
        assertEquals(both, ack2.state().local());
        assertEquals(List.of(), ack2.state().pending());
        assertEquals(List.<Action>of(new SettingsChange.LocalSettingsAcknowledged(first, both)), ack2.actions());
        assertTrue(((SettingsChange) ack2.actions().get(0)).headerTableSizeChanged());
        assertEquals(Settings.DEFAULT, ack2.state().remote(), "our ACKs never touch the peer's settings");
    }

    @Test
    @Checks("SET-11")
    void ackWithNothingOutstandingIsIgnoredAndReported() {
        List<Action> reported = List.of(new Actions.PeerTolerated(new io.grpcspec.spec.Violation(SettingsRules.SET_11,
                io.grpcspec.wire.ErrorCode.PROTOCOL_ERROR, io.grpcspec.spec.Scope.CONNECTION, 0,
                "SETTINGS ACK with no SETTINGS of ours outstanding")));
        SettingsExchange ex = SettingsExchange.initial(Role.CLIENT, 1_000);
        Step<SettingsExchange> step = SettingsExchange.receive(ex, SettingsFrame.ACK_FRAME);
        assertEquals(ex, step.state());
        assertEquals(reported, step.actions());
        // also once the only outstanding frame is acknowledged
        SettingsExchange acked = SettingsExchange.receive(SettingsExchange.send(ex, List.of(TABLE_0)).state(),
                SettingsFrame.ACK_FRAME).state();
        Step<SettingsExchange> extra = SettingsExchange.receive(acked, SettingsFrame.ACK_FRAME);
        assertEquals(acked, extra.state());
        assertEquals(reported, extra.actions());
        // through the lifecycle machine of an operational connection: the state is unchanged
        ConnectionState s = Conn.operational(Role.SERVER);
        Step<ConnectionState> through = ConnectionLifecycle.step(s, Conn.frame(SettingsFrame.ACK_FRAME));
        assertEquals(s, through.state());
        assertEquals(reported, through.actions());
    }

    @Test
    @Checks("SET-12")
    void unacknowledgedSettingsTimeOutWhenTheTimerIsOn() {
        long t = 10_000_000_000L;
        SettingsExchange ex = SettingsExchange.initial(Role.CLIENT, t);
        Step<SettingsExchange> s1 = SettingsExchange.send(ex, List.of(WINDOW_1M));
        assertEquals(List.<Action>of(new Actions.WriteFrame(SettingsFrame.of(WINDOW_1M)), new Actions.ArmTimer(Timer.SETTINGS_ACK, t)),
                s1.actions());
        Step<SettingsExchange> s2 = SettingsExchange.send(s1.state(), List.of(TABLE_0));
        assertEquals(List.<Action>of(new Actions.WriteFrame(SettingsFrame.of(TABLE_0))), s2.actions(), "already armed");

        Step<SettingsExchange> expired = SettingsExchange.ackTimerFired(s2.state());
        assertTrue(expired.isViolation());
        assertEquals(SettingsRules.SET_12, expired.violation().rule());
        assertEquals(ErrorCode.SETTINGS_TIMEOUT, expired.violation().code());
        assertEquals(Scope.CONNECTION, expired.violation().scope());

        // each ACK restarts the wait for the next, the last one stops it
        Step<SettingsExchange> a1 = SettingsExchange.receive(s2.state(), SettingsFrame.ACK_FRAME);
        assertEquals(new Actions.ArmTimer(Timer.SETTINGS_ACK, t), a1.actions().get(1));
        Step<SettingsExchange> a2 = SettingsExchange.receive(a1.state(), SettingsFrame.ACK_FRAME);
        assertEquals(new Actions.CancelTimer(Timer.SETTINGS_ACK), a2.actions().get(1));
        // a stale expiry after the last ACK is harmless
        Step<SettingsExchange> stale = SettingsExchange.ackTimerFired(a2.state());
        assertEquals(a2.state(), stale.state());
        assertEquals(List.of(), stale.actions());
        // and with the timer off (the default) nothing is armed or enforced
        SettingsExchange off = SettingsExchange.initial(Role.CLIENT, 0);
        Step<SettingsExchange> sent = SettingsExchange.send(off, List.of(WINDOW_1M));
        assertEquals(1, sent.actions().size());
        assertEquals(List.of(), SettingsExchange.ackTimerFired(sent.state()).actions());
        assertTrue(!SettingsExchange.ackTimerFired(sent.state()).isViolation());
    }

    @Test
    @Checks("SET-12")
    void settingsTimeoutThroughTheLifecycleMachine() {
        ConnectionConfig c = ConnectionConfig.defaults(Role.CLIENT).withSettingsAckTimeout(5_000);
        ConnectionState s = Conn.run(ConnectionState.initial(c), new ConnectionEvent.Start(), Conn.settings());
        Step<ConnectionState> step = ConnectionLifecycle.step(s, new ConnectionEvent.TimerFired(Timer.SETTINGS_ACK));
        assertEquals(SettingsRules.SET_12, step.violation().rule());
        assertEquals(ErrorCode.SETTINGS_TIMEOUT, step.violation().code());
        Step<ConnectionState> closed = ConnectionLifecycle.step(s, new ConnectionEvent.ConnectionError(step.violation()));
        assertEquals(Phase.CLOSED, closed.state().phase());
        assertEquals(new Actions.WriteFrame(new io.grpcspec.wire.GoAwayFrame(0, ErrorCode.SETTINGS_TIMEOUT,
                io.grpcspec.wire.Bytes.ofAscii("SET-12: " + step.violation().detail()))), closed.actions().get(0));
    }
}
