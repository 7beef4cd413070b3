package io.grpcspec.spec;

/**
 * The timers machines may arm. Time never comes from a clock inside {@code spec}: the driver
 * arms real timers for {@link Actions.ArmTimer} and feeds {@link Actions.TimerFired} back.
 */
public enum Timer {
    /** Connection setup must finish within the handshake deadline (grpc-go: 120 s). */
    HANDSHAKE,
    /** Server: the client preface and first SETTINGS must arrive within the preface deadline (LIM-4, 10 s). */
    PREFACE,
    /** Optional wait for the peer's SETTINGS ACK (RFC 9113 §6.5.3, SETTINGS_TIMEOUT). */
    SETTINGS_ACK,
    /** Client keepalive: time to send the next ping (gRFC A8). */
    KEEPALIVE_PING,
    /** Client keepalive: the ping ACK did not come back in time. */
    KEEPALIVE_TIMEOUT,
    /** Server: no active streams for max-connection-idle (gRFC A9). */
    MAX_CONNECTION_IDLE,
    /** Server: the connection reached max-connection-age (gRFC A9). */
    MAX_CONNECTION_AGE,
    /** Server: the grace period after max-connection-age has ended (gRFC A9). */
    MAX_CONNECTION_AGE_GRACE,
    /** Graceful GOAWAY: the PING after the first GOAWAY was not acknowledged in time. */
    GOAWAY_PING,
    /** A call's deadline. */
    DEADLINE,
    /** Client channel: reconnect backoff has elapsed. */
    RECONNECT_BACKOFF,
    /** Client channel: the connect attempt timed out. */
    CONNECT_TIMEOUT,
    /** Client channel: the next name resolution is due (re-resolution pacing, a failed resolution's backoff). */
    RESOLVE
}
