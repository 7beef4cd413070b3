package io.grpcspec.spec.keepalive;

import static io.grpcspec.spec.keepalive.Durations.HOUR;
import static io.grpcspec.spec.keepalive.Durations.INFINITE;
import static io.grpcspec.spec.keepalive.Durations.SECOND;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;

/**
 * Settings of one {@link KeepalivePinger}: ping after {@code timeNanos} without reads, give up
 * {@code timeoutNanos} after the PING, and whether to ping while no call is open.
 *
 * <p>The canonical constructor takes the values as given (tests use small ones). Real
 * endpoints use {@link #client} and {@link #server}, which apply the gRFC floors.
 */
public record PingerConfig(long timeNanos, long timeoutNanos, boolean permitWithoutCalls) {

    /** gRFC A8: a client never pings more often than every 10 s (grpc-go and grpc-java raise smaller values). */
    public static final long CLIENT_MIN_TIME = 10 * SECOND;
    /** grpc-go raises a server keepalive time below 1 s to 1 s. */
    public static final long SERVER_MIN_TIME = SECOND;
    /** gRFC A8 / A9: KEEPALIVE_TIMEOUT defaults to 20 s on both sides. */
    public static final long DEFAULT_TIMEOUT = 20 * SECOND;
    /** gRFC A9: a server pings after 2 h without reads by default. */
    public static final long SERVER_DEFAULT_TIME = 2 * HOUR;

    /** gRFC A8 defaults: keepalive off, 20 s timeout, no pings without calls. */
    public static final PingerConfig CLIENT_DEFAULT = client(INFINITE, DEFAULT_TIMEOUT, false);
    /** gRFC A9 defaults: ping after 2 h, 20 s timeout, with or without calls. */
    public static final PingerConfig SERVER_DEFAULT = server(SERVER_DEFAULT_TIME, DEFAULT_TIMEOUT);

    /** The ASCII debug data of the server's GOAWAY for a client that pings too often (gRFC A8). */
    public static final Bytes TOO_MANY_PINGS = Bytes.ofAscii("too_many_pings");

    public PingerConfig {
        Durations.requirePositive("keepalive time", timeNanos);
        Durations.requirePositive("keepalive timeout", timeoutNanos);
    }

    /** {@link KeepaliveRules#KA_7}: the client's settings with KEEPALIVE_TIME raised to at least 10 s. */
    @Enforces("KA-7")
    public static PingerConfig client(long timeNanos, long timeoutNanos, boolean permitWithoutCalls) {
        return new PingerConfig(Math.max(timeNanos, CLIENT_MIN_TIME), timeoutNanos, permitWithoutCalls);
    }

    /** {@link KeepaliveRules#KA_16}: the server's own pings; gRFC A9 has them run whether or not calls are open. */
    @Enforces("KA-16")
    public static PingerConfig server(long timeNanos, long timeoutNanos) {
        return new PingerConfig(Math.max(timeNanos, SERVER_MIN_TIME), timeoutNanos, true);
    }

    /** False when the time is infinite: the pinger then never arms a timer. */
    public boolean enabled() {
        return timeNanos != INFINITE;
    }

    /**
     * {@link KeepaliveRules#KA_8}: the settings for the channel's next connections after {@code goAway} told the
     * client it pings too often: keepalive time doubled (saturating at infinite, as grpc-java's
     * backoff does). Any other GOAWAY leaves the settings as they are.
     */
    @Enforces("KA-8")
    public PingerConfig after(GoAwayFrame goAway) {
        if (!isTooManyPings(goAway)) return this;
        return new PingerConfig(Durations.plus(timeNanos, timeNanos), timeoutNanos, permitWithoutCalls);
    }

    /** True for GOAWAY ENHANCE_YOUR_CALM with debug data exactly "too_many_pings". */
    public static boolean isTooManyPings(GoAwayFrame goAway) {
        return goAway.errorCode() == ErrorCode.ENHANCE_YOUR_CALM.code() && goAway.debugData().equals(TOO_MANY_PINGS);
    }
}
