package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.alive;
import static io.grpcspec.oracle.check.Expectations.streamError;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.RstStreamFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Header blocks (RFC 9113 §4.3, §6.10, §8.1; RFC 7541 and §10.5.1): nothing may interleave a
 * block, CONTINUATION only continues one, a block split over CONTINUATION frames is one request,
 * trailers end the stream, and a header list over the server's limit is refused on its stream.
 */
final class HeaderBlockScenarios {
    private HeaderBlockScenarios() {}

    /** The header list the split-block scenario sends when the server announces no smaller limit. */
    static final long SPLIT_LIST_SIZE = 8400;

    static List<Scenario> all() {
        return List.of(
                scenario("HB-1", "data-inside-block", "DATA inside a header block is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new HeadersFrame(1, c.encode(c.request(Steps.UNKNOWN)), false, false));
                    c.raw(new DataFrame(1, Bytes.ofAscii("x"), true));
                    c.expectConnectionError(Rules.of("HB-1"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("HB-2", "continuation-other-stream", "a CONTINUATION on another stream than its block's is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new HeadersFrame(1, c.encode(c.request(Steps.UNKNOWN)), true, false));
                    c.raw(new ContinuationFrame(3, Bytes.EMPTY, true));
                    c.expectConnectionError(Rules.of("HB-2"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("HB-3", "continuation-alone", "a CONTINUATION with no block open is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new ContinuationFrame(1, c.encode(c.request(Steps.UNKNOWN)), true));
                    c.expectConnectionError(Rules.of("HB-3"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("HB-3", "continuation-after-end-headers", "a CONTINUATION after a HEADERS with END_HEADERS is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.raw(new HeadersFrame(1, c.encode(c.request(Steps.UNKNOWN)), false, true));
                    c.raw(new ContinuationFrame(1, Bytes.EMPTY, true));
                    c.expectConnectionError(Rules.of("HB-3"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("HB-6", "split-request", "a request of about 8 KiB of header list in HEADERS + 3 CONTINUATION frames is served", c -> {
                    c.handshake();
                    long target = Math.min(SPLIT_LIST_SIZE, c.facts().maxHeaderListSize() - 256);
                    List<HeaderField> fields = padded(c.request(Steps.EMPTY_CALL), target);
                    Bytes block = c.encode(fields);
                    int quarter = block.length() / 4 + 1;
                    c.raw(new HeadersFrame(1, block.slice(0, quarter), false, false));
                    c.raw(new ContinuationFrame(1, block.slice(quarter, 2 * quarter), false));
                    c.raw(new ContinuationFrame(1, block.slice(2 * quarter, 3 * quarter), false));
                    c.raw(new ContinuationFrame(1, block.slice(3 * quarter, block.length()), true));
                    c.raw(new DataFrame(1, Steps.EMPTY_MESSAGE, true));
                    Response r = c.collect(Rules.of("HB-6"), 1, false);
                    c.check("0".equals(r.grpcStatus()), Rules.of("HB-6"), "the call served (grpc-status 0)", r.describe());
                }, Need.TEST_SERVICE),
                scenario("HB-5 RPC-22", "trailers-without-end-stream", "a second HEADERS without END_STREAM is a stream error PROTOCOL_ERROR", c -> {
                    int id = Steps.heldCall(c);
                    c.rawHeaders(id, List.of(new HeaderField("x-trailer", "1")), false);
                    c.expect(streamError(Rules.of("HB-5"), id, ErrorCode.PROTOCOL_ERROR));
                }, Need.TEST_SERVICE),
                scenario("HP-14", "header-list-over-limit", "a request header list over SETTINGS_MAX_HEADER_LIST_SIZE is refused on its stream (431 or RST_STREAM); the connection goes on", c -> {
                    c.handshake();
                    long limit = c.facts().maxHeaderListSize();
                    // Over the limit by an eighth: Netty servers end the connection only beyond a quarter.
                    List<HeaderField> fields = padded(c.request(Steps.EMPTY_CALL), limit + limit / 8);
                    Bytes block = c.encode(fields);
                    int max = (int) Math.min(c.facts().maxFrameSize(), 16384);
                    for (int at = 0; at < block.length(); at += max) {
                        Bytes part = block.slice(at, Math.min(block.length(), at + max));
                        boolean last = at + max >= block.length();
                        c.raw(at == 0 ? new HeadersFrame(1, part, false, last) : new ContinuationFrame(1, part, last));
                    }
                    c.expect(refused(Rules.of("HP-14"), 1));
                    c.ping(Steps.payload("go on"));
                    c.expect(alive(Rules.of("HP-14"), Steps.payload("go on")));
                }, Need.HEADER_LIST_LIMIT));
    }

    /** {@code fields} plus x-pad-N fields of equal length, so the list's RFC size is about {@code target}. */
    static List<HeaderField> padded(List<HeaderField> fields, long target) {
        List<HeaderField> out = new ArrayList<>(fields);
        long size = fields.stream().mapToLong(HeaderField::size).sum();
        int n = 8;
        long each = (target - size) / n - 32 - "x-pad-0".length();
        if (each < 1) return out;
        for (int i = 0; i < n; i++) out.add(new HeaderField("x-pad-" + i, String.valueOf((char) ('a' + i)).repeat((int) each)));
        return out;
    }

    /** The stream is refused: a 431 response, or a RST_STREAM with an error code; the connection is not ended. */
    private static Expect<Void> refused(Rule rule, int stream) {
        return Expect.of(rule, "HTTP 431 or RST_STREAM with an error code on stream " + stream + ", and no GOAWAY", s -> {
            return switch (s) {
                case Seen.Block b when b.streamId() == stream -> "431".equals(b.get(":status")) ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Frame(RstStreamFrame r) when r.streamId() == stream ->
                        r.errorCode() != 0 ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                case Seen.Closed x -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }

}
