package io.grpcspec.oracle.check;

import static io.grpcspec.oracle.check.Catalogue.scenario;
import static io.grpcspec.oracle.check.Expectations.connectionError;
import static io.grpcspec.oracle.check.Expectations.firstIsSettings;

import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The connection preface and the first frames (RFC 9113 §3.4). */
final class ConnectionScenarios {
    private ConnectionScenarios() {}

    static List<Scenario> all() {
        return List.of(
                scenario("CONN-2 CONN-4", "settings-first", "the server's first frame is a SETTINGS frame", c -> {
                    c.start();
                    c.expect(firstIsSettings(Rules.of("CONN-2")));
                }),
                scenario("CONN-3 FR-1", "bad-preface", "an invalid connection preface ends the connection (PROTOCOL_ERROR)", c -> {
                    c.rawBytes("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "a preface with XX for SM");
                    c.expect(connectionError(Rules.of("CONN-3"), ErrorCode.PROTOCOL_ERROR));
                }),
                scenario("CONN-4", "first-frame-not-settings", "a preface followed by a PING, not SETTINGS, is a connection error PROTOCOL_ERROR", c -> {
                    c.rawBytes(Preface.CLIENT.toByteArray(), "the client preface");
                    c.raw(new PingFrame(false, Steps.payload("early")));
                    c.expectConnectionError(Rules.of("CONN-4"), ErrorCode.PROTOCOL_ERROR);
                }));
    }
}
