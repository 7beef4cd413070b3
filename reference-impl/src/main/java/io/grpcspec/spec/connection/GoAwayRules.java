package io.grpcspec.spec.connection;

import io.grpcspec.spec.Rule;

/** Rules of area GA. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class GoAwayRules {
    private GoAwayRules() {}

    public static final Rule GA_1 = Rule.should("GA-1", "gRPC PROTOCOL-HTTP2; RFC 9113 §6.8",
            "A graceful server shutdown starts with GOAWAY(2^31-1, NO_ERROR) followed by a PING.");
    public static final Rule GA_2 = Rule.should("GA-2", "gRPC PROTOCOL-HTTP2; grpc-go graceful stop",
            "When that PING is acknowledged or its timer expires, the server sends a second GOAWAY naming the highest client stream it processed.");
    public static final Rule GA_3 = Rule.should("GA-3", "RFC 9113 §6.8; grpc-go",
            "Between the first and the second GOAWAY the server still accepts new client streams.");
    public static final Rule GA_4 = Rule.may("GA-4", "RFC 9113 §6.8",
            "After its final GOAWAY an endpoint ignores new peer streams above the last-stream-id it sent.");
    public static final Rule GA_5 = Rule.must("GA-5", "RFC 9113 §6.8",
            "The last-stream-id of successive GOAWAY frames never increases; a received increase is a connection error PROTOCOL_ERROR.");
    public static final Rule GA_6 = Rule.must("GA-6", "RFC 9113 §5.1.1, §6.8; grpc-go http2_client",
            "A server's GOAWAY names 0 or a client-initiated (odd) stream; an even one is a connection error PROTOCOL_ERROR.");
    public static final Rule GA_7 = Rule.must("GA-7", "RFC 9113 §6.8",
            "On GOAWAY, locally initiated streams above its last-stream-id are reported as not processed (safe to retry).");
    public static final Rule GA_8 = Rule.must("GA-8", "RFC 9113 §6.8",
            "After receiving GOAWAY an endpoint opens no new streams on the connection.");
    public static final Rule GA_9 = Rule.should("GA-9", "RFC 9113 §6.8; grpc-go",
            "Streams at or below the last-stream-id may finish; the draining connection closes once no stream is open.");
    public static final Rule GA_10 = Rule.should("GA-10", "RFC 9113 §5.4.1",
            "On a connection error the endpoint sends GOAWAY with the last peer stream it processed and the error code, then closes.");
}
