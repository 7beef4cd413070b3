package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.RawFrames.PING;
import static io.grpcspec.oracle.check.RawFrames.frame;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import java.util.List;

/**
 * GOAWAY (RFC 9113 §6.8, §5.4.1): a GOAWAY from the client leaves its open calls alone, its
 * last-stream-id may not grow, and the server's GOAWAY for a connection error names the last
 * stream it processed.
 */
final class GoAwayScenarios {
    private GoAwayScenarios() {}

    static List<Scenario> all() {
        return List.of(
                scenario("GA-9", "calls-finish-after-client-goaway", "a call open when the client sends GOAWAY still completes", c -> {
                    int id = Steps.heldCall(c);
                    c.raw(new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.EMPTY));
                    c.raw(new DataFrame(id, Steps.EMPTY_MESSAGE, true));
                    Response r = c.collect(Rules.of("GA-9"), id, false);
                    c.check("0".equals(r.grpcStatus()), Rules.of("GA-9"), "the call completed (grpc-status 0)", r.describe());
                }, Need.TEST_SERVICE),
                scenario("GA-5", "last-stream-id-increases", "a second GOAWAY with a larger last-stream-id is a connection error PROTOCOL_ERROR", c -> {
                    // A call stays open, so that the first GOAWAY alone is no reason to close.
                    Steps.heldCall(c);
                    c.raw(new GoAwayFrame(0, ErrorCode.NO_ERROR, Bytes.EMPTY));
                    c.raw(new GoAwayFrame(2, ErrorCode.NO_ERROR, Bytes.EMPTY));
                    c.expectConnectionError(Rules.of("GA-5"), ErrorCode.PROTOCOL_ERROR);
                }, Need.TEST_SERVICE),
                scenario("GA-10", "last-processed-stream", "the GOAWAY for a connection error names the last stream the server processed", c -> {
                    int id = Steps.closedStream(c);
                    c.rawBytes(frame(PING, 0, id, new byte[8]), "PING on stream " + id);
                    c.expect(goAwayNaming(Rules.of("GA-10"), id));
                }));
    }

    /** GOAWAY PROTOCOL_ERROR with last-stream-id {@code last}. */
    private static Expect<Void> goAwayNaming(Rule rule, int last) {
        return Expect.of(rule, "GOAWAY PROTOCOL_ERROR with last_stream=" + last, s -> {
            return switch (s) {
                case Seen.Frame(GoAwayFrame g) -> g.code() == ErrorCode.PROTOCOL_ERROR && g.lastStreamId() == last
                        ? Expect.pass(null) : Expect.fail(s.describe());
                case Seen.Closed x -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }
}
