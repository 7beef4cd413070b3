package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.streamError;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.function.Function;

/**
 * Malformed requests (RFC 9113 §8.1.1, §8.2, §8.3): each is a stream error PROTOCOL_ERROR on its
 * own stream, judged before anything gRPC: upper-case names, pseudo-header fields out of place,
 * missing, empty or repeated, connection-specific fields, {@code te} other than trailers,
 * pseudo-header fields in trailers, a content-length the DATA does not match.
 */
final class FieldScenarios {
    private FieldScenarios() {}

    static List<Scenario> all() {
        return List.of(
                malformed("RPC-9", "uppercase-name", "an upper-case field name", f -> Steps.plus(f, new HeaderField("X-Upper", "1"))),
                malformed("RPC-6", "pseudo-after-regular", "a pseudo-header field after a regular one",
                        f -> Steps.plus(Steps.without(f, ":authority"), new HeaderField(":authority", "late"))),
                malformed("RPC-7", "unknown-pseudo", "an unknown pseudo-header field", f -> Steps.withPseudo(f, new HeaderField(":foo", "bar"))),
                malformed("RPC-7", "status-in-request", "a :status in a request", f -> Steps.withPseudo(f, new HeaderField(":status", "200"))),
                malformed("RPC-7", "missing-path", "no :path", f -> Steps.without(f, ":path")),
                malformed("RPC-7", "empty-path", "an empty :path", f -> Steps.withPseudo(Steps.without(f, ":path"), new HeaderField(":path", ""))),
                malformed("RPC-7", "duplicate-method", "two :method fields", f -> Steps.withPseudo(f, new HeaderField(":method", "POST"))),
                malformed("RPC-5", "connection-specific", "a connection-specific field (connection: keep-alive)",
                        f -> Steps.plus(f, new HeaderField("connection", "keep-alive"))),
                malformed("RPC-4", "te-not-trailers", "te: gzip", f -> Steps.plus(Steps.without(f, "te"), new HeaderField("te", "gzip"))),
                scenario("RPC-8", "pseudo-in-trailers", "a pseudo-header field in request trailers is a stream error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawHeaders(1, c.request(Steps.EMPTY_CALL), false);
                    c.rawHeaders(1, List.of(new HeaderField(":path", "/late")), true);
                    c.expect(streamError(Rules.of("RPC-8"), 1, ErrorCode.PROTOCOL_ERROR));
                }, Need.TEST_SERVICE),
                scenario("RPC-43", "content-length-mismatch", "content-length 1 with 5 octets of DATA is a stream error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawHeaders(1, Steps.plus(c.request(Steps.EMPTY_CALL), new HeaderField("content-length", "1")), false);
                    c.raw(new DataFrame(1, Steps.EMPTY_MESSAGE, true));
                    c.expect(streamError(Rules.of("RPC-43"), 1, ErrorCode.PROTOCOL_ERROR));
                }, Need.TEST_SERVICE));
    }

    private static Scenario malformed(String rule, String slug, String what, Function<List<HeaderField>, List<HeaderField>> change) {
        return scenario(rule, slug, "a request with " + what + " is a stream error PROTOCOL_ERROR", c -> {
            c.handshake();
            c.rawHeaders(1, change.apply(c.request(Steps.EMPTY_CALL)), true);
            c.expect(streamError(Rules.of(rule), 1, ErrorCode.PROTOCOL_ERROR));
        });
    }
}
