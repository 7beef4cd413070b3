package io.grpcspec.spec.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Timer;
import io.grpcspec.spec.Violation;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handshake and lifecycle of one connection, RFC 9113 §3.4, for both roles. */
class ConnectionLifecycleTest {

    private static final long HANDSHAKE = ConnectionConfig.DEFAULT_HANDSHAKE_TIMEOUT_NANOS;

    private static Violation violation(Step<?> step, Rule rule, ErrorCode code) {
        assertTrue(step.isViolation(), () -> "expected " + rule + " but got " + step);
        Violation v = step.violation();
        assertEquals(rule, v.rule());
        assertEquals(code, v.code());
        assertEquals(Scope.CONNECTION, v.scope());
        return v;
    }

    @Test
    @Checks("CONN-1")
    void clientWritesPrefaceThenSettingsAndAwaitsTheServer() {
        Step<ConnectionState> step = ConnectionLifecycle.step(Conn.fresh(Role.CLIENT), new ConnectionEvent.Start());
        assertEquals(List.<Action>of(
                new ConnectionActions.WritePreface(),
                new Actions.WriteFrame(SettingsFrame.of()),
                new Actions.ArmTimer(Timer.HANDSHAKE, HANDSHAKE)), step.actions());
        assertEquals(Phase.AWAIT_SERVER_SETTINGS, step.state().phase());
        assertEquals(24, Preface.CLIENT.length());
        assertEquals("505249202a20485454502f322e300d0a0d0a534d0d0a0d0a", Preface.CLIENT.hex());
    }

    @Test
    @Checks("CONN-2")
    void serverWritesSettingsOnAcceptBeforeReadingThePreface() {
        Step<ConnectionState> step = ConnectionLifecycle.step(Conn.fresh(Role.SERVER), new ConnectionEvent.Start());
        assertEquals(List.<Action>of(
                new Actions.WriteFrame(SettingsFrame.of(new Setting(SettingId.MAX_FRAME_SIZE, 16_384))),
                new Actions.ArmTimer(Timer.HANDSHAKE, HANDSHAKE),
                new Actions.ArmTimer(Timer.PREFACE, ConnectionConfig.DEFAULT_PREFACE_TIMEOUT_NANOS)), step.actions());
        assertEquals(Phase.AWAIT_PREFACE, step.state().phase());
        Step<ConnectionState> preface = ConnectionLifecycle.step(step.state(), Conn.preface());
        assertEquals(Phase.AWAIT_SETTINGS, preface.state().phase());
        assertEquals(List.of(), preface.actions(), "the server's SETTINGS went out already");
    }

    @Test
    @Checks("CONN-3")
    void bogusGreetingClosesWithoutGoAway() {
        ConnectionState s = Conn.started(Role.SERVER);
        for (String bogus : List.of("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r", "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n", "")) {
            Violation v = violation(ConnectionLifecycle.step(s, Conn.greeting(bogus)), ConnectionRules.CONN_3, ErrorCode.PROTOCOL_ERROR);
            Step<ConnectionState> closed = ConnectionLifecycle.step(s, new ConnectionEvent.ConnectionError(v));
            assertEquals(List.<Action>of(new Actions.CloseConnection("no valid HTTP/2 preface: " + v.detail())), closed.actions());
            assertEquals(Phase.CLOSED, closed.state().phase());
        }
        // a frame (as a defensive driver might report) before the preface is the same failure
        violation(ConnectionLifecycle.step(s, Conn.settings()), ConnectionRules.CONN_3, ErrorCode.PROTOCOL_ERROR);
        // any other connection error before the preface closes silently too
        Violation other = new Violation(SettingsRules.SET_12, ErrorCode.SETTINGS_TIMEOUT, Scope.CONNECTION, 0, "late ACK");
        assertEquals(List.<Action>of(new Actions.CloseConnection("no valid HTTP/2 preface: late ACK")),
                ConnectionLifecycle.step(s, new ConnectionEvent.ConnectionError(other)).actions());
        assertEquals(Phase.AWAIT_SETTINGS, ConnectionLifecycle.step(s, Conn.preface()).state().phase());
    }

    @Test
    @Checks("CONN-4")
    void firstFrameAfterThePrefaceMustBeSettingsWithoutAck() {
        ConnectionState server = Conn.run(Conn.started(Role.SERVER), Conn.preface());
        ConnectionState client = Conn.started(Role.CLIENT);
        List<Frame> wrong = List.of(SettingsFrame.ACK_FRAME, new PingFrame(false, 1), new WindowUpdateFrame(0, 10),
                new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.EMPTY));
        for (ConnectionState s : List.of(server, client)) {
            for (Frame f : wrong) {
                Violation v = violation(ConnectionLifecycle.step(s, Conn.frame(f)), ConnectionRules.CONN_4, ErrorCode.PROTOCOL_ERROR);
                // the peer speaks HTTP/2, so it is told why: GOAWAY(0, PROTOCOL_ERROR)
                Step<ConnectionState> closed = ConnectionLifecycle.step(s, new ConnectionEvent.ConnectionError(v));
                assertEquals(List.<Action>of(
                        new Actions.WriteFrame(new GoAwayFrame(0, ErrorCode.PROTOCOL_ERROR, Bytes.ofAscii("CONN-4: " + v.detail()))),
                        new Actions.CloseConnection("connection error " + v)), closed.actions());
            }
            violation(ConnectionLifecycle.step(s, new ConnectionEvent.StreamOpened(s.role() == Role.SERVER ? 1 : 2)),
                    ConnectionRules.CONN_4, ErrorCode.PROTOCOL_ERROR);
            Step<ConnectionState> ok = ConnectionLifecycle.step(s, Conn.settings(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 10)));
            Settings after = Settings.DEFAULT.with(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 10));
            List<Action> want = new java.util.ArrayList<>(List.of(
                    new SettingsChange.PeerSettingsApplied(Settings.DEFAULT, after),
                    new Actions.WriteFrame(SettingsFrame.ACK_FRAME),
                    new Actions.CancelTimer(Timer.HANDSHAKE)));
            if (s.role() == Role.SERVER) want.add(new Actions.CancelTimer(Timer.PREFACE)); // LIM-4's deadline goes too
            want.add(new ConnectionActions.HandshakeComplete());
            assertEquals(want, ok.actions());
            assertEquals(Phase.OPERATIONAL, ok.state().phase());
        }
    }

    @Test
    @Checks("LIM-4")
    void prefaceDeadlineClosesAServerStillWaitingForThePrefaceOrTheFirstSettings() {
        ConnectionConfig c = ConnectionConfig.defaults(Role.SERVER).withPrefaceTimeout(2_000).withHandshakeTimeout(9_000);
        Step<ConnectionState> start = ConnectionLifecycle.step(ConnectionState.initial(c), new ConnectionEvent.Start());
        // two separate deadlines: the handshake's (which also covered TLS) and the preface's
        assertTrue(start.actions().contains(new Actions.ArmTimer(Timer.HANDSHAKE, 9_000)));
        assertTrue(start.actions().contains(new Actions.ArmTimer(Timer.PREFACE, 2_000)));
        ConnectionEvent fired = new ConnectionEvent.TimerFired(Timer.PREFACE);
        for (ConnectionState s : List.of(start.state(), Conn.run(start.state(), Conn.preface()))) {
            Step<ConnectionState> step = ConnectionLifecycle.step(s, fired);
            assertEquals(Phase.CLOSED, step.state().phase());
            // no GOAWAY: like the handshake deadline, a peer this slow is just dropped
            assertEquals(List.<Action>of(new Actions.CloseConnection("preface deadline exceeded in " + s.phase())), step.actions());
        }
        ConnectionState up = Conn.run(Conn.run(start.state(), Conn.preface()), Conn.settings());
        assertEquals(Phase.OPERATIONAL, up.phase());
        assertEquals(List.of(), ConnectionLifecycle.step(up, fired).actions(), "a late expiry does nothing");
        // a client has no preface deadline; 0 turns a server's off
        assertTrue(ConnectionLifecycle.step(Conn.fresh(Role.CLIENT), new ConnectionEvent.Start()).actions().stream()
                .noneMatch(a -> a instanceof Actions.ArmTimer t && t.timer() == Timer.PREFACE));
        assertTrue(ConnectionLifecycle.step(ConnectionState.initial(c.withPrefaceTimeout(0)), new ConnectionEvent.Start()).actions().stream()
                .noneMatch(a -> a instanceof Actions.ArmTimer t && t.timer() == Timer.PREFACE));
    }

    @Test
    @Checks("CONN-5")
    void handshakeDeadlineClosesEveryHandshakePhase() {
        ConnectionConfig c = ConnectionConfig.defaults(Role.SERVER).withHandshakeTimeout(3_000);
        ConnectionState accepted = Conn.run(ConnectionState.initial(c), new ConnectionEvent.Start());
        assertEquals(new Actions.ArmTimer(Timer.HANDSHAKE, 3_000),
                ConnectionLifecycle.step(ConnectionState.initial(c), new ConnectionEvent.Start()).actions().get(1));
        ConnectionEvent fired = new ConnectionEvent.TimerFired(Timer.HANDSHAKE);
        for (ConnectionState s : List.of(accepted, Conn.run(accepted, Conn.preface()), Conn.started(Role.CLIENT))) {
            Step<ConnectionState> step = ConnectionLifecycle.step(s, fired);
            assertEquals(Phase.CLOSED, step.state().phase());
            assertEquals(List.<Action>of(new Actions.CloseConnection("handshake deadline exceeded in " + s.phase())), step.actions());
        }
        // once the handshake is done a late expiry does nothing
        ConnectionState up = Conn.operational(Role.SERVER);
        Step<ConnectionState> late = ConnectionLifecycle.step(up, fired);
        assertEquals(up, late.state());
        assertEquals(List.of(), late.actions());
    }

    @Test
    @Checks("CONN-6")
    void largeConnectionWindowIsAnnouncedRightAfterSettings() {
        for (Role r : Role.values()) {
            ConnectionConfig c = ConnectionConfig.defaults(r).withConnectionWindow(1 << 20);
            List<Action> actions = ConnectionLifecycle.step(ConnectionState.initial(c), new ConnectionEvent.Start()).actions();
            int settingsAt = r == Role.CLIENT ? 1 : 0;
            assertTrue(((Actions.WriteFrame) actions.get(settingsAt)).frame() instanceof SettingsFrame);
            assertEquals(new Actions.WriteFrame(new WindowUpdateFrame(0, (1 << 20) - 65_535)), actions.get(settingsAt + 1));
            // and not at the default window
            List<Action> plain = ConnectionLifecycle.step(Conn.fresh(r), new ConnectionEvent.Start()).actions();
            assertFalse(plain.stream().anyMatch(a -> a instanceof Actions.WriteFrame w && w.frame() instanceof WindowUpdateFrame));
        }
    }

    @Test
    @Checks("CONN-7")
    void firstSettingsCarryOnlyNonDefaultValuesPlusServerMaxFrameSize() {
        Settings tuned = Settings.DEFAULT.withAll(List.of(
                new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20),
                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                new Setting(SettingId.MAX_FRAME_SIZE, 16_384)));
        assertEquals(List.of(
                new Setting(SettingId.MAX_FRAME_SIZE, 16_384),
                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)),
                ConnectionConfig.defaults(Role.SERVER).withSettings(tuned).initialSettings());
        assertEquals(List.of(
                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)),
                ConnectionConfig.defaults(Role.CLIENT).withSettings(tuned).initialSettings());
        Settings bigFrames = Settings.DEFAULT.with(new Setting(SettingId.MAX_FRAME_SIZE, 1 << 20));
        assertEquals(List.of(new Setting(SettingId.MAX_FRAME_SIZE, 1 << 20)),
                ConnectionConfig.defaults(Role.SERVER).withSettings(bigFrames).initialSettings(), "stated once");
        assertEquals(List.of(), ConnectionConfig.defaults(Role.CLIENT).initialSettings());
    }

    @Test
    @Checks("CONN-8")
    void clientStartsStreamsOnlyAfterTheServerSettings() {
        ConnectionState waiting = Conn.started(Role.CLIENT);
        assertFalse(waiting.mayOpenLocalStream());
        Step<ConnectionState> early = ConnectionLifecycle.step(waiting, new ConnectionEvent.StreamOpened(1));
        assertEquals(List.<Action>of(new ConnectionActions.StreamsNotProcessed(List.of(1))), early.actions());
        assertEquals(waiting, early.state());

        ConnectionState ready = Conn.run(waiting, Conn.settings());
        assertTrue(ready.mayOpenLocalStream());
        Step<ConnectionState> now = ConnectionLifecycle.step(ready, new ConnectionEvent.StreamOpened(1));
        assertEquals(List.of(), now.actions());
        assertEquals(java.util.Set.of(1), now.state().goAway().open());
        // the client does not wait for the ACK of its own SETTINGS
        assertEquals(1, ready.settings().pending().size());
    }

    @Test
    @Checks("CONN-9")
    void closedConnectionWritesNothingAndIgnoresInputs() {
        ConnectionState closed = Conn.run(Conn.operational(Role.SERVER), new ConnectionEvent.PeerClosed());
        assertEquals(Phase.CLOSED, closed.phase());
        List<ConnectionEvent> late = List.of(Conn.settings(), Conn.frame(new GoAwayFrame(1, ErrorCode.NO_ERROR, Bytes.EMPTY)),
                new ConnectionEvent.Shutdown(Conn.PING), new ConnectionEvent.StreamOpened(1),
                new ConnectionEvent.SendSettings(List.of()), new ConnectionEvent.TimerFired(Timer.GOAWAY_PING),
                new ConnectionEvent.ConnectionError(new Violation(SettingsRules.SET_6, ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION, 0, "x")),
                Conn.frame(new PingFrame(true, Conn.PING)));
        for (ConnectionEvent e : late) {
            Step<ConnectionState> step = ConnectionLifecycle.step(closed, e);
            assertEquals(closed, step.state(), e::toString);
            assertEquals(List.of(), step.actions(), e::toString);
        }
        // closing by GOAWAY reaches the same place
        ConnectionState drained = Conn.run(Conn.operational(Role.CLIENT), Conn.frame(new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.EMPTY)));
        assertEquals(Phase.CLOSED, drained.phase());
        assertEquals(List.of(), ConnectionLifecycle.step(drained, Conn.settings()).actions());
    }

    @Test
    @Checks({"CONN-1", "CONN-2", "SET-9", "SET-10"})
    void fullHandshakeBothSides() {
        // drive a client and a server against each other through their own outputs
        ConnectionState client = Conn.fresh(Role.CLIENT);
        ConnectionState server = Conn.fresh(Role.SERVER);
        Step<ConnectionState> c1 = ConnectionLifecycle.step(client, new ConnectionEvent.Start());
        Step<ConnectionState> s1 = ConnectionLifecycle.step(server, new ConnectionEvent.Start());
        Step<ConnectionState> s2 = ConnectionLifecycle.step(s1.state(), Conn.preface());
        Step<ConnectionState> s3 = ConnectionLifecycle.step(s2.state(), Conn.frame(((Actions.WriteFrame) c1.actions().get(1)).frame()));
        Step<ConnectionState> c2 = ConnectionLifecycle.step(c1.state(), Conn.frame(((Actions.WriteFrame) s1.actions().get(0)).frame()));
        assertEquals(Phase.OPERATIONAL, s3.state().phase());
        assertEquals(Phase.OPERATIONAL, c2.state().phase());
        assertEquals(16_384, c2.state().settings().remote().maxFrameSize());
        // each side's ACK reaches the other
        ConnectionState c3 = Conn.run(c2.state(), Conn.frame(SettingsFrame.ACK_FRAME));
        ConnectionState s4 = Conn.run(s3.state(), Conn.frame(SettingsFrame.ACK_FRAME));
        assertEquals(List.of(), c3.settings().pending());
        assertEquals(List.of(), s4.settings().pending());
    }
}
