package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.grpc.PercentEncoding;
import io.grpcspec.spec.grpc.ResponseValidation;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import java.io.IOException;
import java.util.List;

/**
 * gRPC on the stream (PROTOCOL-HTTP2 and the status, compression and HTTP mapping docs): the
 * answers to requests that are not gRPC (415, 405, read to their end), a missing te, bad paths
 * and unknown methods, the message prefix (compressed flag, lengths, the 4 MiB default limit,
 * END_STREAM inside a message), a unary method's request count, grpc-timeout, trailers, the
 * status code and the percent-encoded message. Statuses are read as our client reads them
 * ({@link ResponseValidation}).
 */
final class GrpcScenarios {
    private GrpcScenarios() {}

    /** The interop suite's status message: whitespace, a BMP and a non-BMP character. */
    static final String SPECIAL_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n";

    static List<Scenario> all() {
        return List.of(
                scenario("RPC-2", "content-type-not-grpc", "a request with content-type text/plain is answered with HTTP 415", c -> {
                    c.handshake();
                    c.rawHeaders(1, c.request(Steps.EMPTY_CALL, "content-type", "text/plain"), true);
                    Response r = c.collect(Rules.of("RPC-2"), 1, false);
                    c.check("415".equals(r.status()), Rules.of("RPC-2"), ":status 415", r.describe());
                }),
                scenario("RPC-44", "get-answered", "GET / (not gRPC) gets a complete HTTP error response", c -> {
                    c.handshake();
                    c.rawHeaders(1, List.of(new HeaderField(":method", "GET"), new HeaderField(":scheme", c.options().scheme()),
                            new HeaderField(":path", "/"), new HeaderField(":authority", c.options().authorityOrTarget())), true);
                    Response r = c.collect(Rules.of("RPC-44"), 1, false);
                    c.check(r.status() != null && r.status().startsWith("4") && r.ended(), Rules.of("RPC-44"),
                            "a 4xx response ending the stream (END_STREAM, no reset)", r.describe());
                }),
                scenario("RPC-44 RPC-43", "read-to-end", "a request that is not gRPC is still judged to its end: a content-length its DATA breaks is a stream error", c -> {
                    c.handshake();
                    c.rawHeaders(1, List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", c.options().scheme()),
                            new HeaderField(":path", "/upload"), new HeaderField(":authority", c.options().authorityOrTarget()),
                            new HeaderField("content-type", "text/plain"), new HeaderField("content-length", "10")), false);
                    c.raw(new DataFrame(1, Bytes.ofAscii("abcd"), false));
                    c.raw(new DataFrame(1, Bytes.ofAscii("efgh"), true));
                    c.expect(judgedToTheEnd(Rules.of("RPC-44"), 1));
                }),
                scenario("RPC-1", "method-not-post", "a gRPC request with :method GET is answered with HTTP 405", c -> {
                    c.handshake();
                    c.rawHeaders(1, c.request(Steps.EMPTY_CALL, ":method", "GET"), true);
                    Response r = c.collect(Rules.of("RPC-1"), 1, false);
                    c.check("405".equals(r.status()), Rules.of("RPC-1"), ":status 405", r.describe());
                }),
                scenario("RPC-3", "missing-te", "a call without te: trailers is still served", c -> {
                    c.handshake();
                    c.rawHeaders(1, c.request(Steps.EMPTY_CALL, "te", null), false);
                    c.raw(new DataFrame(1, Steps.EMPTY_MESSAGE, true));
                    status(c, Rules.of("RPC-3"), c.collect(Rules.of("RPC-3"), 1, false), StatusCode.OK);
                }, Need.TEST_SERVICE),
                scenario("RPC-12", "malformed-path", "a :path that is not /Service/Method ends UNIMPLEMENTED", c -> {
                    c.handshake();
                    int id = c.open(c.request("/grpcspecNoMethod"), true);
                    status(c, Rules.of("RPC-12"), c.collect(Rules.of("RPC-12"), id, true), StatusCode.UNIMPLEMENTED);
                }),
                scenario("RPC-37", "unknown-method", "an unknown service or method ends UNIMPLEMENTED in a trailers-only response", c -> {
                    c.handshake();
                    int id = c.open(c.request(Steps.UNKNOWN), true);
                    Response r = c.collect(Rules.of("RPC-37"), id, true);
                    status(c, Rules.of("RPC-37"), r, StatusCode.UNIMPLEMENTED);
                    c.check(r.trailersOnly() && "200".equals(r.status()), Rules.of("RPC-37"),
                            "a trailers-only response (one HEADERS frame with :status 200 and END_STREAM)", r.describe());
                }),
                scenario("RPC-13", "unknown-encoding", "a request in a grpc-encoding the server lacks ends UNIMPLEMENTED", c -> {
                    c.handshake();
                    int id = c.open(c.request(Steps.EMPTY_CALL, "grpc-encoding", "x-grpcspec-unknown"), false);
                    c.sendMessage(id, Bytes.EMPTY, true);
                    status(c, Rules.of("RPC-13"), c.collect(Rules.of("RPC-13"), id, true), StatusCode.UNIMPLEMENTED);
                }, Need.TEST_SERVICE),
                prefix("RPC-14", "compressed-without-encoding", "a message flagged compressed without a grpc-encoding ends INTERNAL",
                        Bytes.ofHex("0100000000"), StatusCode.INTERNAL),
                prefix("RPC-15", "compressed-flag-2", "a Compressed-Flag of 2 ends INTERNAL", Bytes.ofHex("0200000000"), StatusCode.INTERNAL),
                prefix("RPC-16", "over-4-mib", "a message announced at 4 MiB + 1 ends RESOURCE_EXHAUSTED (the default limit), from its prefix",
                        Bytes.ofHex("0000400001"), StatusCode.RESOURCE_EXHAUSTED),
                prefix("RPC-17", "end-inside-message", "END_STREAM inside a message ends INTERNAL", Bytes.ofHex("000000000a010203"),
                        StatusCode.INTERNAL),
                prefix("RPC-36", "two-requests-unary", "two request messages to a unary method end INTERNAL",
                        Steps.EMPTY_MESSAGE.concat(Steps.EMPTY_MESSAGE), StatusCode.INTERNAL),
                scenario("RPC-36", "no-request-unary", "a unary call whose request ends without a message ends INTERNAL", c -> {
                    c.handshake();
                    int id = c.open(c.request(Steps.EMPTY_CALL), true);
                    status(c, Rules.of("RPC-36"), c.collect(Rules.of("RPC-36"), id, true), StatusCode.INTERNAL);
                }, Need.TEST_SERVICE),
                scenario("RPC-10", "malformed-timeout", "a malformed grpc-timeout (1x) fails the call", c -> {
                    c.handshake();
                    int id = c.open(c.request(Steps.EMPTY_CALL, "grpc-timeout", "1x"), false);
                    c.sendMessage(id, Bytes.EMPTY, true);
                    Response r = c.collect(Rules.of("RPC-10"), id, true);
                    boolean failed = r.reset() >= 0 || r.status() != null && !r.status().equals("200")
                            || r.grpcStatus() != null && !r.grpcStatus().equals("0");
                    c.check(failed, Rules.of("RPC-10"), "the call failed (HTTP 400, a non-OK grpc-status or a reset)", r.describe());
                }, Need.TEST_SERVICE),
                scenario("RPC-25", "deadline", "a call with grpc-timeout 100m that is never completed ends DEADLINE_EXCEEDED (or RST_STREAM CANCEL)", c -> {
                    c.handshake();
                    int id = c.open(c.request(Steps.EMPTY_CALL, "grpc-timeout", "100m"), false);
                    Response r = c.collect(Rules.of("RPC-25"), id, true);
                    boolean ok = r.reset() == ErrorCode.CANCEL.code() || "4".equals(r.grpcStatus());
                    c.check(ok, Rules.of("RPC-25"), "grpc-status 4 (DEADLINE_EXCEEDED) or RST_STREAM CANCEL", r.describe());
                }, Need.TEST_SERVICE),
                scenario("RPC-23 RPC-19 RPC-20", "unary-ok", "a unary call: response headers, one message, trailers with grpc-status 0", c -> {
                    c.handshake();
                    int id = c.open(c.request(Steps.EMPTY_CALL), false);
                    c.sendMessage(id, Bytes.EMPTY, true);
                    Response r = c.collect(Rules.of("RPC-23"), id, true);
                    c.check(r.blocks().size() == 2 && !r.headers().endStream(), Rules.of("RPC-23"),
                            "response headers, then DATA, then trailers with END_STREAM", r.describe());
                    c.check(r.data().equals(Steps.EMPTY_MESSAGE), Rules.of("RPC-23"), "one empty message (5 octets)", r.describe());
                    status(c, Rules.of("RPC-23"), r, StatusCode.OK);
                }, Need.TEST_SERVICE),
                scenario("RPC-20", "status-code", "the status the application ends with (NOT_FOUND) is grpc-status 5 in the trailers", c -> {
                    Response r = echoStatus(c, 5, "not here");
                    c.check("5".equals(r.grpcStatus()), Rules.of("RPC-20"), "grpc-status: 5", r.describe());
                }, Need.TEST_SERVICE),
                scenario("RPC-21", "status-message-encoding", "grpc-message is percent-encoded UTF-8 (whitespace, BMP and non-BMP characters)", c -> {
                    Response r = echoStatus(c, 2, SPECIAL_MESSAGE);
                    String raw = r.grpcMessage();
                    c.check(raw != null && raw.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), Rules.of("RPC-21"),
                            "a grpc-message of printable ASCII only (percent-encoded)", raw == null ? r.describe() : "grpc-message: " + raw);
                    c.check(SPECIAL_MESSAGE.equals(PercentEncoding.decode(raw)), Rules.of("RPC-21"),
                            "a grpc-message that decodes to the status message", "grpc-message: " + raw);
                }, Need.TEST_SERVICE),
                scenario("RPC-26", "reset-after-early-trailers", "trailers sent before the client's END_STREAM are followed by RST_STREAM(NO_ERROR)", c -> {
                    c.handshake();
                    int id = c.open(c.request(Steps.UNKNOWN), false);
                    Response r = c.collect(Rules.of("RPC-26"), id, true);
                    c.check(r.ended(), Rules.of("RPC-26"), "the trailers-only answer", r.describe());
                    c.ping(Steps.payload("early"));
                    c.expect(resetBeforePingAck(Rules.of("RPC-26"), id, Steps.payload("early")));
                }));
    }

    /** An EmptyCall whose DATA carries {@code body} (a prefix, a broken message...) and ends; the status must be {@code want}. */
    private static Scenario prefix(String rule, String slug, String title, Bytes body, StatusCode want) {
        return scenario(rule, slug, title, c -> {
            c.handshake();
            int id = c.open(c.request(Steps.EMPTY_CALL), false);
            c.send(id, body, true);
            status(c, Rules.of(rule), c.collect(Rules.of(rule), id, true), want);
        }, Need.TEST_SERVICE);
    }

    /** A UnaryCall asking the server to end with this status. */
    private static Response echoStatus(Conversation c, int code, String message) throws IOException {
        c.handshake();
        int id = c.open(c.request(Steps.UNARY_CALL), false);
        c.sendMessage(id, Steps.unaryRequest(code, message), true);
        return c.collect(Rules.of("RPC-20"), id, true);
    }

    /**
     * The call ended normally (trailers, or a trailers-only response) and our client reads
     * {@code want} from it; a response our client would judge broken fails with the rule it breaks.
     */
    static Status status(Conversation c, Rule rule, Response r, StatusCode want) {
        String expected = "a response ending " + want + " (grpc-status " + want.value() + ")";
        c.check(r.ended() && r.trailers() != null && r.trailers().fields() != null, rule, expected, r.describe());
        ResponseValidation.Outcome o;
        if (r.blocks().size() == 1) {
            o = ResponseValidation.headers(r.headers().fields(), true);
        } else {
            // Response headers first: a broken or non-gRPC one decides; otherwise the trailers do.
            o = ResponseValidation.headers(r.headers().fields(), false);
            if (o instanceof ResponseValidation.Opened) o = ResponseValidation.trailers(r.trailers().fields());
        }
        Status got = switch (o) {
            case ResponseValidation.Malformed m -> throw new CheckFailure(m.rule(), expected, m.detail() + ": " + r.describe());
            case ResponseValidation.Ended e -> {
                if (e.fault() != null && e.status().code() != want) throw new CheckFailure(e.fault(), expected, e.status() + ": " + r.describe());
                yield e.status();
            }
            case ResponseValidation.Opened x -> throw new CheckFailure(rule, expected, "no status: " + r.describe());
            case ResponseValidation.Informational x -> throw new CheckFailure(rule, expected, "no status: " + r.describe());
        };
        c.check(got.code() == want, rule, expected, got.code() + (got.message().isEmpty() ? "" : " \"" + got.message() + "\"") + ": "
                + r.describe());
        return got;
    }

    /**
     * The stream of a request that is not gRPC is still judged after the server has made up its
     * mind: the content-length its DATA breaks gets a stream error PROTOCOL_ERROR, whether or not
     * the server answered first. A reset without an error (the server stopped reading) fails.
     */
    private static Expect<Void> judgedToTheEnd(Rule rule, int stream) {
        return Expect.of(rule, "RST_STREAM PROTOCOL_ERROR on stream " + stream + " (content-length 10, 8 octets of DATA), or GOAWAY with it", s -> {
            return switch (s) {
                case Seen.Frame(RstStreamFrame r) when r.streamId() == stream ->
                        r.code() == ErrorCode.PROTOCOL_ERROR ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Frame(GoAwayFrame g) -> g.code() == ErrorCode.PROTOCOL_ERROR ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Closed x -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }

    /** RST_STREAM(NO_ERROR) on {@code stream} before the ACK of the PING sent after the trailers. */
    private static Expect<Void> resetBeforePingAck(Rule rule, int stream, long payload) {
        return Expect.of(rule, "RST_STREAM NO_ERROR on stream " + stream + " after the trailers", s -> {
            return switch (s) {
                case Seen.Frame(RstStreamFrame r) when r.streamId() == stream ->
                        r.code() == ErrorCode.NO_ERROR ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Frame(PingFrame p) when p.ack() && p.opaqueData() == payload -> Expect.fail("no RST_STREAM before the PING ACK");
                case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                case Seen.Closed x -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }
}
