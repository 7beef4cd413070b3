package io.grpcspec.spec.connection;

import io.grpcspec.spec.Role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Value rules of received SETTINGS (RFC 9113 §6.5.2, §6.5.3). */
class SettingsTest {

    private static Step<SettingsExchange> receive(Role receiver, Setting... s) {
        return SettingsExchange.receive(SettingsExchange.initial(receiver, 0), SettingsFrame.of(s));
    }

    private static void assertViolation(Step<?> step, Rule rule, ErrorCode code) {
        assertTrue(step.isViolation(), () -> "expected " + rule + " but got " + step);
        Violation v = step.violation();
        assertEquals(rule, v.rule());
        assertEquals(code, v.code());
        assertEquals(Scope.CONNECTION, v.scope());
        assertEquals(0, v.streamId());
    }

    private static Settings accepted(Role receiver, Setting... s) {
        Step<SettingsExchange> step = receive(receiver, s);
        assertFalse(step.isViolation(), () -> "rejected: " + step);
        assertTrue(step.actions().contains(new Actions.WriteFrame(SettingsFrame.ACK_FRAME)));
        return step.state().remote();
    }

    @Test
    @Checks("SET-1")
    void defaultsAreTheRfcValuesOnBothSidesBeforeAnySettings() {
        Settings d = Settings.DEFAULT;
        assertEquals(4096, d.headerTableSize());
        assertTrue(d.enablePush());
        assertEquals(Settings.UNLIMITED, d.maxConcurrentStreams());
        assertEquals(65_535, d.initialWindowSize());
        assertEquals(16_384, d.maxFrameSize());
        assertEquals(Settings.UNLIMITED, d.maxHeaderListSize());
        // A connection that has sent SETTINGS but received no ACK still runs on the defaults.
        for (Role r : Role.values()) {
            ConnectionState s = Conn.run(ConnectionState.initial(ConnectionConfig.defaults(r)
                    .withSettings(Settings.DEFAULT.with(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)))),
                    new ConnectionEvent.Start());
            assertEquals(Settings.DEFAULT, s.settings().local());
            assertEquals(Settings.DEFAULT, s.settings().remote());
            assertEquals(1 << 20, s.settings().target().initialWindowSize());
        }
    }

    @Test
    @Checks("SET-2")
    void enablePushOtherThanZeroOrOneIsProtocolError() {
        assertViolation(receive(Role.SERVER, new Setting(SettingId.ENABLE_PUSH, 2)), SettingsRules.SET_2, ErrorCode.PROTOCOL_ERROR);
        assertViolation(receive(Role.CLIENT, new Setting(SettingId.ENABLE_PUSH, 0xffff_ffffL)), SettingsRules.SET_2, ErrorCode.PROTOCOL_ERROR);
        assertFalse(accepted(Role.SERVER, new Setting(SettingId.ENABLE_PUSH, 0)).enablePush());
        assertTrue(accepted(Role.SERVER, new Setting(SettingId.ENABLE_PUSH, 1)).enablePush());
    }

    @Test
    @Checks("SET-3")
    void clientRejectsEnablePushOneFromServer() {
        assertViolation(receive(Role.CLIENT, new Setting(SettingId.ENABLE_PUSH, 1)), SettingsRules.SET_3, ErrorCode.PROTOCOL_ERROR);
        assertFalse(accepted(Role.CLIENT, new Setting(SettingId.ENABLE_PUSH, 0)).enablePush());
        // through the lifecycle machine, as the server's first SETTINGS
        Step<ConnectionState> step = ConnectionLifecycle.step(Conn.started(Role.CLIENT),
                Conn.settings(new Setting(SettingId.ENABLE_PUSH, 1)));
        assertViolation(step, SettingsRules.SET_3, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    @Checks("SET-4")
    void serverNeverAnnouncesEnablePushOne() {
        SettingsExchange server = SettingsExchange.initial(Role.SERVER, 0);
        assertThrows(IllegalArgumentException.class,
                () -> SettingsExchange.send(server, List.of(new Setting(SettingId.ENABLE_PUSH, 1))));
        // the default (push enabled) is not written by a server's first SETTINGS
        assertEquals(List.of(new Setting(SettingId.MAX_FRAME_SIZE, 16_384)),
                ConnectionConfig.defaults(Role.SERVER).initialSettings());
        // 0 is fine for a server, and a client may send 1
        assertFalse(SettingsExchange.send(server, List.of(new Setting(SettingId.ENABLE_PUSH, 0))).isViolation());
        assertFalse(SettingsExchange.send(SettingsExchange.initial(Role.CLIENT, 0),
                List.of(new Setting(SettingId.ENABLE_PUSH, 1))).isViolation());
    }

    @Test
    @Checks("SET-5")
    void initialWindowAboveTwoToThe31MinusOneIsFlowControlError() {
        assertViolation(receive(Role.CLIENT, new Setting(SettingId.INITIAL_WINDOW_SIZE, 0x8000_0000L)),
                SettingsRules.SET_5, ErrorCode.FLOW_CONTROL_ERROR);
        assertEquals(0x7fff_ffffL, accepted(Role.CLIENT, new Setting(SettingId.INITIAL_WINDOW_SIZE, 0x7fff_ffffL)).initialWindowSize());
        assertEquals(0, accepted(Role.SERVER, new Setting(SettingId.INITIAL_WINDOW_SIZE, 0)).initialWindowSize());
    }

    @Test
    @Checks("SET-6")
    void maxFrameSizeOutsideItsRangeIsProtocolError() {
        assertViolation(receive(Role.SERVER, new Setting(SettingId.MAX_FRAME_SIZE, 16_383)), SettingsRules.SET_6, ErrorCode.PROTOCOL_ERROR);
        assertViolation(receive(Role.CLIENT, new Setting(SettingId.MAX_FRAME_SIZE, 16_777_216)), SettingsRules.SET_6, ErrorCode.PROTOCOL_ERROR);
        assertViolation(receive(Role.CLIENT, new Setting(SettingId.MAX_FRAME_SIZE, 0)), SettingsRules.SET_6, ErrorCode.PROTOCOL_ERROR);
        assertEquals(16_384, accepted(Role.SERVER, new Setting(SettingId.MAX_FRAME_SIZE, 16_384)).maxFrameSize());
        assertEquals(16_777_215, accepted(Role.CLIENT, new Setting(SettingId.MAX_FRAME_SIZE, 16_777_215)).maxFrameSize());
    }

    @Test
    @Checks("SET-7")
    void unknownIdentifiersAreIgnored() {
        Settings after = accepted(Role.SERVER, new Setting(0x99, 0xffff_ffffL), new Setting(0, 7),
                new Setting(SettingId.ENABLE_CONNECT_PROTOCOL, 5));
        assertEquals(Settings.DEFAULT, after);
        // an unknown id next to a known one does not hide the known one
        assertEquals(100, accepted(Role.CLIENT, new Setting(0xf00, 1), new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100))
                .maxConcurrentStreams());
    }

    @Test
    @Checks("SET-8")
    void repeatedIdentifierEndsWithItsLastValueAndEveryValueIsChecked() {
        Settings after = accepted(Role.CLIENT,
                new Setting(SettingId.INITIAL_WINDOW_SIZE, 100),
                new Setting(SettingId.HEADER_TABLE_SIZE, 0),
                new Setting(SettingId.INITIAL_WINDOW_SIZE, 200));
        assertEquals(200, after.initialWindowSize());
        assertEquals(0, after.headerTableSize());
        // a bad value is an error even when a later repeat would be fine
        assertViolation(receive(Role.CLIENT,
                        new Setting(SettingId.MAX_FRAME_SIZE, 1),
                        new Setting(SettingId.MAX_FRAME_SIZE, 20_000)),
                SettingsRules.SET_6, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    @Checks("SET-1")
    void differencesFromDefaultsListOnlyChangedValuesInIdOrder() {
        Settings s = Settings.DEFAULT.withAll(List.of(
                new Setting(SettingId.MAX_HEADER_LIST_SIZE, 8192), new Setting(SettingId.HEADER_TABLE_SIZE, 0)));
        assertEquals(List.of(new Setting(SettingId.HEADER_TABLE_SIZE, 0), new Setting(SettingId.MAX_HEADER_LIST_SIZE, 8192)),
                s.differencesFrom(Settings.DEFAULT));
        assertEquals(List.of(), Settings.DEFAULT.differencesFrom(Settings.DEFAULT));
    }
}
