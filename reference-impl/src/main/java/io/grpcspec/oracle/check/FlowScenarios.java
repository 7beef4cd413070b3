package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.quietUntilPingAck;
import static io.grpcspec.oracle.check.Expectations.settingsAck;
import static io.grpcspec.oracle.check.Expectations.streamError;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.WindowUpdateFrame;
import java.io.IOException;
import java.util.List;

/**
 * Flow control (RFC 9113 §5.2, §6.9): increments of 0 and overflowing increments are refused;
 * the server's DATA respects tiny windows and changes of our SETTINGS_INITIAL_WINDOW_SIZE,
 * including one that makes a window negative. Our client machine receives that DATA and judges
 * every octet against the windows it granted (FC-8).
 */
final class FlowScenarios {
    private FlowScenarios() {}

    static List<Scenario> all() {
        return List.of(
                scenario("FC-1", "zero-increment-connection", "WINDOW_UPDATE of 0 on the connection is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new WindowUpdateFrame(0, 0));
                    c.expectConnectionError(Rules.of("FC-1"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FC-1", "zero-increment-stream", "WINDOW_UPDATE of 0 on a stream is a stream error PROTOCOL_ERROR", c -> {
                    int id = Steps.heldCall(c);
                    c.raw(new WindowUpdateFrame(id, 0));
                    c.expect(streamError(Rules.of("FC-1"), id, ErrorCode.PROTOCOL_ERROR));
                }, Need.TEST_SERVICE),
                scenario("FC-2", "overflow-connection", "a WINDOW_UPDATE lifting the connection window above 2^31-1 is a connection error FLOW_CONTROL_ERROR", c -> {
                    c.handshake();
                    c.raw(new WindowUpdateFrame(0, Integer.MAX_VALUE));
                    c.expectConnectionError(Rules.of("FC-2"), ErrorCode.FLOW_CONTROL_ERROR);
                }),
                scenario("FC-2", "overflow-stream", "a WINDOW_UPDATE lifting a stream window above 2^31-1 is a stream error FLOW_CONTROL_ERROR", c -> {
                    int id = Steps.heldCall(c);
                    c.raw(new WindowUpdateFrame(id, Integer.MAX_VALUE));
                    c.expect(streamError(Rules.of("FC-2"), id, ErrorCode.FLOW_CONTROL_ERROR));
                }, Need.TEST_SERVICE),
                scenario("FC-3 FC-8", "tiny-window", "with SETTINGS_INITIAL_WINDOW_SIZE = 1 the response comes one octet per DATA frame, as credit is returned", c -> {
                    c.handshake(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1));
                    int id = c.open(c.request(Steps.UNARY_CALL), false);
                    c.sendMessage(id, Steps.unaryRequest(10), true);
                    Response r = c.collect(Rules.of("FC-3"), id, true);
                    c.check("0".equals(r.grpcStatus()), Rules.of("FC-3"), "the whole response, then grpc-status 0", r.describe());
                    c.check(r.dataSizes().stream().allMatch(n -> n <= 1), Rules.of("FC-3"), "DATA frames of at most 1 octet",
                            "DATA frames of " + r.dataSizes() + " octets");
                }, Need.TEST_SERVICE),
                scenario("FC-5 FC-8", "window-grows", "a SETTINGS_INITIAL_WINDOW_SIZE raised from 0 to 5 during a call lets 5 octets through", c -> {
                    c.handshake(new Setting(SettingId.INITIAL_WINDOW_SIZE, 0));
                    int id = c.open(c.request(Steps.UNARY_CALL), false);
                    c.sendMessage(id, Steps.unaryRequest(10), true);
                    c.settings(new Setting(SettingId.INITIAL_WINDOW_SIZE, 5));
                    int first = c.expect(SettingsScenarios.firstDataWithin(Rules.of("FC-5"), id, 5));
                    c.consumed(id, first);
                    Response r = c.collect(Rules.of("FC-5"), id, true);
                    c.check("0".equals(r.grpcStatus()), Rules.of("FC-5"), "the rest of the response, then grpc-status 0", r.describe());
                }, Need.TEST_SERVICE),
                scenario("FC-5 FC-8", "negative-window", "a SETTINGS_INITIAL_WINDOW_SIZE lowered below what was sent makes the window negative: nothing more until credit", c -> {
                    c.handshake(new Setting(SettingId.INITIAL_WINDOW_SIZE, 3));
                    c.expect(settingsAck(Rules.of("SET-9")));
                    int id = c.open(c.request(Steps.UNARY_CALL), false);
                    c.sendMessage(id, Steps.unaryRequest(10), true);
                    int got = dataUntil(c, Rules.of("FC-5"), id, 3);
                    // The stream's window is now 2 - 3 = -1 at the server.
                    c.settings(new Setting(SettingId.INITIAL_WINDOW_SIZE, 2));
                    c.expect(settingsAck(Rules.of("FC-5")));
                    c.ping(Steps.payload("negative"));
                    c.expect(quietUntilPingAck(Rules.of("FC-5"), Steps.payload("negative"), id));
                    c.consumed(id, got);
                    Response r = c.collect(Rules.of("FC-5"), id, true);
                    c.check("0".equals(r.grpcStatus()), Rules.of("FC-5"), "the rest of the response, then grpc-status 0", r.describe());
                }, Need.TEST_SERVICE));
    }

    /** Reads the stream's DATA (without returning credit) until {@code octets} have come; returns how many did. */
    private static int dataUntil(Conversation c, Rule rule, int stream, int octets) throws IOException {
        int[] got = {0};
        c.expect(new Expect<Void>() {
            @Override
            public String expected() {
                return octets + " octets of DATA on stream " + stream + " (the whole window)";
            }

            @Override
            public Rule rule() {
                return rule;
            }

            @Override
            public Judgement<Void> on(Seen s) {
                return switch (s) {
                    case Seen.Frame(DataFrame d) when d.streamId() == stream -> {
                        got[0] += d.data().length();
                        yield got[0] >= octets ? Expect.pass(null) : null;
                    }
                    case Seen.Block b when b.streamId() == stream && b.endStream() -> Expect.fail(s.describe());
                    case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                    case Seen.Closed x -> Expect.fail(s.describe());
                    default -> null;
                };
            }
        });
        return got[0];
    }
}
