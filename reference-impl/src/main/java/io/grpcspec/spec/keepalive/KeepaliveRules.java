package io.grpcspec.spec.keepalive;

import io.grpcspec.spec.Rule;

/** Rules of area KA. Constant names are the IDs with '-' as '_'; sources cite sections. */
public final class KeepaliveRules {
    private KeepaliveRules() {}

    // PING itself (both sides)

    public static final Rule KA_1 = Rule.must("KA-1", "RFC 9113 §6.7",
            "A PING without the ACK flag is answered by a PING with the ACK flag and the same 8-byte payload.");

    public static final Rule KA_2 = Rule.must("KA-2", "RFC 9113 §6.7",
            "A PING with the ACK flag is never answered.");

    // Client keepalive (gRFC A8); the server's own pings reuse the same machine (KA-16)

    public static final Rule KA_3 = Rule.must("KA-3", "gRFC A8",
            "A keepalive PING goes out only once KEEPALIVE_TIME has passed since the last frame read, never timed from the last PING sent.");

    public static final Rule KA_4 = Rule.must("KA-4", "gRFC A8",
            "If the keepalive PING is not acknowledged within KEEPALIVE_TIMEOUT, the connection is closed and its calls fail with UNAVAILABLE.");

    public static final Rule KA_5 = Rule.must("KA-5", "RFC 9113 §6.7; gRFC A8",
            "Only a PING ACK echoing the outstanding keepalive payload answers the keepalive; other ACKs leave the timeout running.");

    public static final Rule KA_6 = Rule.must("KA-6", "gRFC A8",
            "With no calls and KEEPALIVE_WITHOUT_CALLS off, the client does not ping; a call that starts after KEEPALIVE_TIME without reads makes it ping at once.");

    public static final Rule KA_7 = Rule.must("KA-7", "gRFC A8",
            "A client KEEPALIVE_TIME below 10 seconds is raised to 10 seconds.");

    public static final Rule KA_8 = Rule.should("KA-8", "gRFC A8",
            "After GOAWAY ENHANCE_YOUR_CALM with debug data \"too_many_pings\", the client doubles KEEPALIVE_TIME for its new connections.");

    // Server enforcement (gRFC A8)

    public static final Rule KA_9 = Rule.must("KA-9", "gRFC A8",
            "With active streams or keepalive without calls permitted, a PING sooner than PERMIT_KEEPALIVE_TIME after the last valid PING is a strike.");

    public static final Rule KA_10 = Rule.must("KA-10", "gRFC A8",
            "With no active streams and keepalive without calls not permitted, a PING sooner than 2 hours after the last valid PING is a strike.");

    public static final Rule KA_11 = Rule.must("KA-11", "gRFC A8",
            "On the third strike the server sends GOAWAY ENHANCE_YOUR_CALM with debug data \"too_many_pings\" and closes the connection.");

    public static final Rule KA_12 = Rule.must("KA-12", "gRFC A8",
            "Sending HEADERS or DATA clears the strikes, and the next PING is accepted whatever its timing.");

    // Server connection management (gRFC A9)

    public static final Rule KA_13 = Rule.should("KA-13", "gRFC A9",
            "After MAX_CONNECTION_IDLE without outstanding calls, the server starts a graceful GOAWAY with NO_ERROR and debug data \"max_idle\".");

    public static final Rule KA_14 = Rule.should("KA-14", "gRFC A9",
            "At MAX_CONNECTION_AGE plus a per-connection jitter within ±10 %, the server starts a graceful GOAWAY with NO_ERROR and debug data \"max_age\".");

    public static final Rule KA_15 = Rule.should("KA-15", "gRFC A9",
            "MAX_CONNECTION_AGE_GRACE after the age limit, the server closes the connection even if calls are still open.");

    public static final Rule KA_16 = Rule.should("KA-16", "gRFC A9",
            "The server pings after its KEEPALIVE_TIME without reads whether or not calls are open, and closes the connection when the ACK misses KEEPALIVE_TIMEOUT.");
}
