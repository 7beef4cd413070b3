package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.settingsAck;
import static io.grpcspec.oracle.check.RawFrames.ACK;
import static io.grpcspec.oracle.check.RawFrames.SETTINGS;
import static io.grpcspec.oracle.check.RawFrames.frame;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.List;

/** SETTINGS: the ACK, each value the RFC bounds, unknown identifiers, order (RFC 9113 §6.5); HPACK's table size. */
final class SettingsScenarios {
    private SettingsScenarios() {}

    static List<Scenario> all() {
        return List.of(
                scenario("SET-9", "ack", "our SETTINGS frame is acknowledged", c -> {
                    c.handshake();
                    c.expect(settingsAck(Rules.of("SET-9")));
                }),
                scenario("SET-9", "ack-with-values", "a SETTINGS frame with every known parameter is acknowledged", c -> {
                    c.handshake();
                    c.expect(settingsAck(Rules.of("SET-9")));
                    c.raw(new SettingsFrame(false, List.of(new Setting(SettingId.HEADER_TABLE_SIZE, 4096),
                            new Setting(SettingId.ENABLE_PUSH, 0), new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                            new Setting(SettingId.INITIAL_WINDOW_SIZE, 65535), new Setting(SettingId.MAX_FRAME_SIZE, 16384),
                            new Setting(SettingId.MAX_HEADER_LIST_SIZE, 65536))));
                    c.expect(settingsAck(Rules.of("SET-9")));
                }),
                scenario("FR-5", "settings-ack-with-payload", "a SETTINGS ACK with a payload is a connection error FRAME_SIZE_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(SETTINGS, ACK, 0, new byte[] {0, 4, 0, 0, 0, 1}), "SETTINGS ack=true with a 6-octet payload");
                    c.expectConnectionError(Rules.of("FR-5"), ErrorCode.FRAME_SIZE_ERROR);
                }),
                scenario("FR-4", "settings-length", "a SETTINGS payload that is not a multiple of 6 is a connection error FRAME_SIZE_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(SETTINGS, 0, 0, new byte[] {0, 4, 0}), "SETTINGS with a 3-octet payload");
                    c.expectConnectionError(Rules.of("FR-4"), ErrorCode.FRAME_SIZE_ERROR);
                }),
                scenario("FR-13", "settings-on-stream", "SETTINGS on stream 1 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(SETTINGS, 0, 1, new byte[0]), "SETTINGS on stream 1");
                    c.expectConnectionError(Rules.of("FR-13"), ErrorCode.PROTOCOL_ERROR);
                }),
                badValue("SET-2", "enable-push-2", "SETTINGS_ENABLE_PUSH = 2 is a connection error PROTOCOL_ERROR",
                        new Setting(SettingId.ENABLE_PUSH, 2), ErrorCode.PROTOCOL_ERROR),
                badValue("SET-5", "initial-window-too-large", "SETTINGS_INITIAL_WINDOW_SIZE = 2^31 is a connection error FLOW_CONTROL_ERROR",
                        new Setting(SettingId.INITIAL_WINDOW_SIZE, 1L << 31), ErrorCode.FLOW_CONTROL_ERROR),
                badValue("SET-6", "max-frame-size-too-small", "SETTINGS_MAX_FRAME_SIZE = 16383 is a connection error PROTOCOL_ERROR",
                        new Setting(SettingId.MAX_FRAME_SIZE, 16383), ErrorCode.PROTOCOL_ERROR),
                badValue("SET-6", "max-frame-size-too-large", "SETTINGS_MAX_FRAME_SIZE = 2^24 is a connection error PROTOCOL_ERROR",
                        new Setting(SettingId.MAX_FRAME_SIZE, 1 << 24), ErrorCode.PROTOCOL_ERROR),
                scenario("SET-7 SET-9", "unknown-setting", "a SETTINGS parameter with an unknown identifier is ignored (and acknowledged)", c -> {
                    c.handshake();
                    c.expect(settingsAck(Rules.of("SET-9")));
                    c.raw(new SettingsFrame(false, List.of(new Setting(0xf0f0, 1))));
                    c.expect(settingsAck(Rules.of("SET-7")));
                    c.ping(Steps.payload("unknown"));
                    c.expect(Expectations.quietUntilPingAck(Rules.of("SET-7"), Steps.payload("unknown"), 0));
                }),
                scenario("SET-8", "last-value-wins", "a parameter repeated in one SETTINGS frame takes its last value (INITIAL_WINDOW_SIZE 0, then 3)", c -> {
                    c.handshake();
                    c.raw(new SettingsFrame(false, List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 0),
                            new Setting(SettingId.INITIAL_WINDOW_SIZE, 3))));
                    c.rawHeaders(1, c.request(Steps.EMPTY_CALL), false);
                    c.raw(new DataFrame(1, Steps.EMPTY_MESSAGE, true));
                    c.expect(firstDataWithin(Rules.of("SET-8"), 1, 3));
                }, Need.TEST_SERVICE),
                scenario("HP-11 HP-10", "header-table-size-zero", "after our SETTINGS_HEADER_TABLE_SIZE = 0 the server's blocks start with a size update and use no table", c -> {
                    c.handshake(new Setting(SettingId.HEADER_TABLE_SIZE, 0));
                    for (int i = 0; i < 2; i++) {
                        int id = c.open(c.request(Steps.UNKNOWN), true);
                        Response r = c.collect(Rules.of("HP-11"), id, true);
                        c.check(!r.blocks().isEmpty(), Rules.of("HP-11"), "an answer whose header block our decoder accepts", r.describe());
                    }
                }));
    }

    private static Scenario badValue(String rule, String slug, String title, Setting bad, ErrorCode code) {
        return scenario(rule, slug, title, c -> {
            c.handshake();
            c.raw(new SettingsFrame(false, List.of(bad)));
            c.expectConnectionError(Rules.of(rule), code);
        });
    }

    /**
     * The first DATA frame on {@code stream} carries between 1 and {@code max} octets: the server
     * sends what the window allows and no more (empty DATA frames are passed over). Yields the
     * frame's flow-controlled length.
     */
    static Expect<Integer> firstDataWithin(Rule rule, int stream, int max) {
        return Expect.of(rule, "a first DATA frame on stream " + stream + " of 1 to " + max + " octets (the window)", s -> {
            return switch (s) {
                case Seen.Frame(DataFrame d) when d.streamId() == stream && d.data().length() > 0 ->
                        d.data().length() <= max ? Expect.pass(d.flowControlledLength()) : Expect.fail(s.describe());
                case Seen.Block b when b.streamId() == stream && b.endStream() -> Expect.fail(s.describe());
                case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                case Seen.Closed x -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }
}
