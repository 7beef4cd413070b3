package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.pingAck;
import static io.grpcspec.oracle.check.RawFrames.PING;
import static io.grpcspec.oracle.check.RawFrames.frame;

import io.grpcspec.spec.Rule;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import java.nio.ByteBuffer;
import java.util.List;

/** PING (RFC 9113 §6.7): the echo, the frame's shape, no answer to an ACK. */
final class PingScenarios {
    private PingScenarios() {}

    static List<Scenario> all() {
        return List.of(
                scenario("KA-1", "ping-echo", "a PING is answered by a PING ACK with the same payload", c -> {
                    c.handshake();
                    c.ping(Steps.payload("echo me"));
                    c.expect(pingAck(Rules.of("KA-1"), Steps.payload("echo me")));
                }),
                scenario("FR-3", "ping-length", "a PING of 7 octets is a connection error FRAME_SIZE_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(PING, 0, 0, new byte[7]), "PING with a 7-octet payload");
                    c.expectConnectionError(Rules.of("FR-3"), ErrorCode.FRAME_SIZE_ERROR);
                }),
                scenario("FR-13", "ping-on-stream", "a PING on stream 1 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(PING, 0, 1, new byte[8]), "PING on stream 1");
                    c.expectConnectionError(Rules.of("FR-13"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("FR-13", "ping-ack-on-stream", "a PING ACK on stream 1 is a connection error PROTOCOL_ERROR", c -> {
                    c.handshake();
                    c.rawBytes(frame(PING, RawFrames.ACK, 1, new byte[8]), "PING ack=true on stream 1");
                    c.expectConnectionError(Rules.of("FR-13"), ErrorCode.PROTOCOL_ERROR);
                }),
                scenario("KA-2", "ack-not-answered", "a PING with ACK is not answered", c -> {
                    c.handshake();
                    c.raw(new PingFrame(true, Steps.payload("an ack")));
                    c.raw(new PingFrame(false, Steps.payload("a ping")));
                    c.expect(ackOfSecondOnly(Rules.of("KA-2"), Steps.payload("an ack"), Steps.payload("a ping")));
                }),
                scenario("FR-17", "ping-unknown-flags", "flags a PING does not define are ignored: it is still answered", c -> {
                    c.handshake();
                    byte[] payload = ByteBuffer.allocate(8).putLong(Steps.payload("flags")).array();
                    c.rawBytes(frame(PING, 0xfe, 0, payload), "PING with flags 0xfe (every undefined flag, ACK clear)");
                    c.expect(pingAck(Rules.of("FR-17"), Steps.payload("flags")));
                }));
    }

    /** The ACK of {@code ping} comes, and no frame answers the ACK we sent ({@code ack}). */
    private static Expect<Void> ackOfSecondOnly(Rule rule, long ack, long ping) {
        return Expect.of(rule, "the PING ACK echoing 0x" + Long.toHexString(ping) + " and nothing answering our ACK 0x" + Long.toHexString(ack), s -> {
            return switch (s) {
                case Seen.Frame(PingFrame p) when p.opaqueData() == ack -> Expect.fail("an answer to our ACK: " + s.describe());
                case Seen.Frame(PingFrame p) when p.ack() && p.opaqueData() == ping -> Expect.pass(null);
                case Seen.Frame(GoAwayFrame g) -> Expect.fail(s.describe());
                case Seen.Closed x -> Expect.fail(s.describe());
                default -> null;
            };
        });
    }
}
