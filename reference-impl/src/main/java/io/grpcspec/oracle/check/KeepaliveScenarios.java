package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.pingAck;

import io.grpcspec.oracle.check.Scenario.Need;
import io.grpcspec.spec.Rule;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The server's PING policing (gRFC A8), with its policy given by {@code --policy}: PINGs sent
 * one right after another's ACK earn strikes, the third ends the connection with GOAWAY ENHANCE_YOUR_CALM
 * "too_many_pings", with or without a call open; HEADERS or DATA the server sends clear them.
 */
final class KeepaliveScenarios {
    private KeepaliveScenarios() {}

    /** PINGs a scenario sends before it decides the server does not police them. */
    static final int PINGS = 10;

    static List<Scenario> all() {
        return List.of(
                scenario("KA-11 KA-10", "too-many-pings", "PINGs one after another without calls end the connection: GOAWAY ENHANCE_YOUR_CALM too_many_pings", c -> {
                    c.handshake();
                    pingUntilGoAway(c, Rules.of("KA-11"));
                }, Need.PING_POLICING),
                scenario("KA-9 KA-11", "too-many-pings-in-call", "PINGs one after another during a call end the connection: GOAWAY ENHANCE_YOUR_CALM too_many_pings", c -> {
                    Steps.heldCall(c);
                    pingUntilGoAway(c, Rules.of("KA-9"));
                }, Need.PING_POLICING, Need.TEST_SERVICE),
                scenario("KA-12", "strikes-cleared", "HEADERS from the server clear the PING strikes: two PINGs, a call, two PINGs, a call, no GOAWAY", c -> {
                    c.handshake();
                    twoPings(c, "before");
                    call(c);
                    twoPings(c, "after");
                    call(c);
                }, Need.PING_POLICING));
    }

    /**
     * PINGs one after another, each sent as soon as the previous one is acknowledged (far sooner
     * than any policy allows), until the GOAWAY comes; at most {@link #PINGS}. Waiting for each
     * ACK means nothing of ours is left unread when the server closes, so its GOAWAY is not lost
     * to a reset.
     */
    private static void pingUntilGoAway(Conversation c, Rule rule) throws IOException {
        for (int i = 0; i < PINGS; i++) {
            long p = Steps.payload("strike" + i);
            c.ping(p);
            if (c.expect(ackOrTooManyPings(rule, p))) return;
        }
        throw new CheckFailure(rule, "GOAWAY ENHANCE_YOUR_CALM with debug data \"too_many_pings\" within " + PINGS + " PINGs",
                "every one of " + PINGS + " PINGs sent one right after another was acknowledged");
    }

    private static void twoPings(Conversation c, String tag) throws IOException {
        for (int i = 0; i < 2; i++) {
            long p = Steps.payload(tag + i);
            c.ping(p);
            c.expect(pingAck(Rules.of("KA-12"), p));
        }
    }

    private static void call(Conversation c) throws IOException {
        int id = c.open(c.request(Steps.UNKNOWN), true);
        Response r = c.collect(Rules.of("KA-12"), id, true);
        c.check(r.ended(), Rules.of("KA-12"), "the call answered and the connection kept", r.describe());
    }

    /** The PING's ACK (false: go on pinging), or GOAWAY ENHANCE_YOUR_CALM with debug data "too_many_pings" (true; gRFC A8). */
    private static Expect<Boolean> ackOrTooManyPings(Rule rule, long payload) {
        return Expect.of(rule, "GOAWAY ENHANCE_YOUR_CALM with debug data \"too_many_pings\" within " + PINGS + " PINGs", s -> {
            return switch (s) {
                case Seen.Frame(PingFrame p) when p.ack() && p.opaqueData() == payload -> Expect.pass(false);
                case Seen.Frame(GoAwayFrame g) -> g.code() == ErrorCode.ENHANCE_YOUR_CALM
                        && new String(g.debugData().toByteArray(), StandardCharsets.US_ASCII).equals("too_many_pings")
                        ? Expect.pass(true) : new Expect.Fail<>(Rules.of("KA-11"), s.describe());
                case Seen.Closed x -> new Expect.Fail<>(Rules.of("KA-11"), s.describe());
                default -> null;
            };
        });
    }
}
