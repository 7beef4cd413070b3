package io.grpcspec.property.model;

import static io.grpcspec.spec.keepalive.Durations.SECOND;

import io.grpcspec.spec.keepalive.Durations;

/**
 * The timer configuration of both endpoints in a bound that lets time pass. Every value is a
 * duration in nanoseconds; {@link Durations#INFINITE} turns a timer off. The values are chosen
 * so that the timers come due in distinct, explainable orders (see spec/model-checking.md):
 * what matters to the model is only their order, since deliveries and application moves take
 * no time and a fire move jumps the clock to the earliest due timer.
 *
 * @param handshake             both sides' handshake deadline
 * @param preface               the server's deadline for the client preface and first SETTINGS (LIM-4; 0: off)
 * @param settingsAck           both sides' SETTINGS-ACK timeout (0: off)
 * @param keepaliveTime         the client's KEEPALIVE_TIME (gRFC A8)
 * @param keepaliveTimeout      the client's KEEPALIVE_TIMEOUT
 * @param keepaliveWithoutCalls the client pings with no call open
 * @param permitTime            the server's PERMIT_KEEPALIVE_TIME: a conforming client's keepalive time is not below it
 * @param permitWithoutStream   the server's PERMIT_KEEPALIVE_WITHOUT_CALLS
 * @param serverKeepaliveTime   the server's own keepalive time (gRFC A9)
 * @param maxIdle               the server's MAX_CONNECTION_IDLE
 * @param maxAge                the server's MAX_CONNECTION_AGE (the model draws no jitter)
 * @param maxAgeGrace           the server's MAX_CONNECTION_AGE_GRACE
 * @param goAwayPing            how long the server's graceful GOAWAY waits for its PING ACK
 */
public record Timing(long handshake, long preface, long settingsAck, long keepaliveTime, long keepaliveTimeout,
                     boolean keepaliveWithoutCalls, long permitTime, boolean permitWithoutStream,
                     long serverKeepaliveTime, long maxIdle, long maxAge, long maxAgeGrace, long goAwayPing) {

    /**
     * Every timer on, with small distinct values: server preface 4 s, handshake 5 s, SETTINGS ACK 6 s, client
     * keepalive every 10 s with a 3 s timeout (the server permits exactly 10 s), idle 12 s, server
     * keepalive 15 s, age 20 s with 4 s grace, GOAWAY PING 2 s.
     */
    public static final Timing ALL = new Timing(5 * SECOND, 4 * SECOND, 6 * SECOND, 10 * SECOND, 3 * SECOND, true,
            10 * SECOND, true, 15 * SECOND, 12 * SECOND, 20 * SECOND, 4 * SECOND, 2 * SECOND);

    /** Keepalive alone (preface, idle, age and SETTINGS-ACK limits off): long chains of pings within few fires. */
    public static final Timing KEEPALIVE = new Timing(5 * SECOND, 0, 0, 10 * SECOND, 3 * SECOND, true,
            10 * SECOND, true, Durations.INFINITE, Durations.INFINITE, Durations.INFINITE, Durations.INFINITE, 2 * SECOND);

    /** Idle and age limits alone (client keepalive and the preface deadline off): drains and the grace close within few fires. */
    public static final Timing LIMITS = new Timing(5 * SECOND, 0, 6 * SECOND, Durations.INFINITE, 3 * SECOND, true,
            10 * SECOND, true, Durations.INFINITE, 4 * SECOND, 9 * SECOND, 3 * SECOND, 2 * SECOND);

    /** A time for traces: whole seconds as "12s", else the nanoseconds. */
    public static String format(long nanos) {
        return nanos % SECOND == 0 ? nanos / SECOND + "s" : nanos + "ns";
    }
}
