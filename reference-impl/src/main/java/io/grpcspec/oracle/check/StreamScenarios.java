package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.quietUntilPingAck;
import static io.grpcspec.oracle.check.Expectations.errorOrIgnored;
import static io.grpcspec.oracle.check.Expectations.streamError;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.Priority;
import io.grpcspec.wire.PriorityFrame;
import io.grpcspec.wire.PushPromiseFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.WindowUpdateFrame;
import java.io.IOException;
import java.util.List;

/**
 * Stream states and identifiers (RFC 9113 §5.1, §5.1.1, §5.1.2): every frame an idle,
 * half-closed (remote) or closed stream must refuse, the frames a closed stream tolerates,
 * identifier parity and order, the concurrency limit, PUSH_PROMISE from a client, and silence
 * on a stream the client reset.
 */
final class StreamScenarios {
    private StreamScenarios() {}

    static List<Scenario> all() {
        return List.of(
                idle("data", new DataFrame(1, Bytes.ofAscii("x"), false)),
                idle("window-update", new WindowUpdateFrame(1, 100)),
                idle("rst-stream", new RstStreamFrame(1, ErrorCode.CANCEL)),
                scenario("STR-2", "data-half-closed-remote", "DATA after the client's END_STREAM is a stream error STREAM_CLOSED", c -> {
                    int id = halfClosedRemote(c);
                    c.raw(new DataFrame(id, Bytes.ofAscii("late"), false));
                    c.expect(streamError(Rules.of("STR-2"), id, ErrorCode.STREAM_CLOSED));
                }, Need.TEST_SERVICE),
                scenario("STR-2", "headers-half-closed-remote", "HEADERS after the client's END_STREAM is a stream error STREAM_CLOSED", c -> {
                    int id = halfClosedRemote(c);
                    c.rawHeaders(id, List.of(new HeaderField("x-late", "1")), true);
                    c.expect(streamError(Rules.of("STR-2"), id, ErrorCode.STREAM_CLOSED));
                }, Need.TEST_SERVICE),
                scenario("HB-3", "continuation-half-closed-remote", "CONTINUATION after the client's END_STREAM, with no block open, is a connection error PROTOCOL_ERROR", c -> {
                    int id = halfClosedRemote(c);
                    c.raw(new ContinuationFrame(id, Bytes.EMPTY, true));
                    c.expectConnectionError(Rules.of("HB-3"), ErrorCode.PROTOCOL_ERROR);
                }, Need.TEST_SERVICE),
                scenario("STR-3", "data-after-reset", "DATA after the client's own RST_STREAM is an error STREAM_CLOSED or ignored (a MAY)", c -> {
                    int id = Steps.heldCall(c);
                    c.reset(id, ErrorCode.CANCEL);
                    c.raw(new DataFrame(id, Bytes.ofAscii("late"), false));
                    c.ping(Steps.payload("late"));
                    c.expect(errorOrIgnored(Rules.of("STR-3"), id, Steps.payload("late"), ErrorCode.STREAM_CLOSED));
                }, Need.TEST_SERVICE),
                scenario("STR-3", "headers-after-reset", "HEADERS after the client's own RST_STREAM is an error STREAM_CLOSED or ignored (a MAY)", c -> {
                    int id = Steps.heldCall(c);
                    c.reset(id, ErrorCode.CANCEL);
                    c.rawHeaders(id, List.of(new HeaderField("x-late", "1")), true);
                    c.ping(Steps.payload("late"));
                    c.expect(errorOrIgnored(Rules.of("STR-3"), id, Steps.payload("late"), ErrorCode.STREAM_CLOSED));
                }, Need.TEST_SERVICE),
                scenario("STR-3", "data-after-close", "DATA on a stream both sides ended is an error STREAM_CLOSED or ignored (a MAY)", c -> {
                    int id = Steps.closedStream(c);
                    c.raw(new DataFrame(id, Bytes.ofAscii("late"), false));
                    c.ping(Steps.payload("late"));
                    c.expect(errorOrIgnored(Rules.of("STR-3"), id, Steps.payload("late"), ErrorCode.STREAM_CLOSED));
                }),
                scenario("STR-3 STR-10", "headers-after-close", "HEADERS on a stream both sides ended is an error (STREAM_CLOSED, or PROTOCOL_ERROR for a reused identifier) or ignored (a MAY)", c -> {
                    int id = Steps.closedStream(c);
                    c.rawHeaders(id, c.request(Steps.UNKNOWN), true);
                    c.ping(Steps.payload("late"));
                    c.expect(errorOrIgnored(Rules.of("STR-3"), id, Steps.payload("late"), ErrorCode.STREAM_CLOSED, ErrorCode.PROTOCOL_ERROR));
                }),
                tolerated("window-update", "WINDOW_UPDATE", id -> new WindowUpdateFrame(id, 1)),
                tolerated("rst-stream", "RST_STREAM", id -> new RstStreamFrame(id, ErrorCode.CANCEL)),
                tolerated("priority", "PRIORITY", id -> new PriorityFrame(id, new Priority(0, false, 16))),
                scenario("STR-9", "even-stream-id", "HEADERS from the client on an even stream is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawHeaders(2, c.request(Steps.UNKNOWN), true);
                    c.expectConnectionError(Rules.of("STR-9"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("STR-10", "lower-stream-id", "HEADERS on stream 3 after stream 5 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawHeaders(5, c.request(Steps.UNKNOWN), true);
                    c.rawHeaders(3, c.request(Steps.UNKNOWN), true);
                    c.expectConnectionError(Rules.of("STR-10"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("STR-13", "over-max-concurrent-streams", "a stream beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS is refused (REFUSED_STREAM or PROTOCOL_ERROR)", c -> {
                    c.handshake();
                    long limit = c.facts().maxConcurrentStreams();
                    for (long i = 0; i < limit; i++) c.open(c.request(Steps.EMPTY_CALL), false);
                    int next = (int) (2 * limit + 1);
                    c.rawHeaders(next, c.request(Steps.EMPTY_CALL), false);
                    c.expect(streamError(Rules.of("STR-13"), next, ErrorCode.REFUSED_STREAM, ErrorCode.PROTOCOL_ERROR));
                }, Need.TEST_SERVICE, Need.CONCURRENCY_LIMIT),
                scenario("STR-15", "push-promise-from-client", "PUSH_PROMISE from a client is a connection error PROTOCOL_ERROR", c -> {
                    int id = Steps.heldCall(c);
                    c.raw(new PushPromiseFrame(id, 2, c.encode(c.request(Steps.UNKNOWN)), true, Frame.NO_PADDING));
                    c.expectConnectionError(Rules.of("STR-15"), ErrorCode.PROTOCOL_ERROR);
                }, Need.TEST_SERVICE),
                scenario("STR-8", "silent-after-reset", "nothing more comes on a stream the client reset", c -> {
                    int id = Steps.heldCall(c);
                    c.reset(id, ErrorCode.CANCEL);
                    c.ping(Steps.payload("silence"));
                    c.expect(quietUntilPingAck(Rules.of("STR-8"), Steps.payload("silence"), id));
                }, Need.TEST_SERVICE));
    }

    private static Scenario idle(String slug, Frame f) {
        return scenario("STR-1", slug + "-on-idle", f.typeName() + " on an idle stream is a connection error PROTOCOL_ERROR", c -> {
            c.handshake();
            c.raw(f);
            c.expectConnectionError(Rules.of("STR-1"), ErrorCode.PROTOCOL_ERROR);
        });
    }

    private static Scenario tolerated(String slug, String type, java.util.function.IntFunction<Frame> frame) {
        return scenario("STR-5", slug + "-after-close", type + " on a stream that just closed is ignored", c -> {
            int id = Steps.closedStream(c);
            c.raw(frame.apply(id));
            c.ping(Steps.payload("closed"));
            c.expect(quietUntilPingAck(Rules.of("STR-5"), Steps.payload("closed"), 0));
        });
    }

    /**
     * A call whose request has ended (END_STREAM from us) and whose answer cannot: our window
     * is 0, so the server holds the stream in half-closed (remote).
     */
    private static int halfClosedRemote(Conversation c) throws IOException {
        int id = Steps.heldCall(c, new Setting(SettingId.INITIAL_WINDOW_SIZE, 0));
        c.sendMessage(id, Bytes.EMPTY, true);
        return id;
    }
}
