package io.grpcspec.spec.keepalive;

/**
 * State of a {@link KeepalivePinger}.
 *
 * @param phase          where the pinger is, see {@link Phase}
 * @param activeCalls    calls in flight, as last reported
 * @param lastReadNanos  when the last frame arrived (the connection's start before any)
 * @param pingSentNanos  when the outstanding PING went out (meaningful in {@link Phase#PING_SENT})
 * @param pingsSent      keepalive PINGs sent so far; the next one's payload derives from it
 */
public record PingerState(PingerConfig config, Phase phase, int activeCalls, long lastReadNanos,
                          long pingSentNanos, long pingsSent) {

    public enum Phase {
        /** Keepalive time is infinite: nothing is ever armed. */
        OFF,
        /** The KEEPALIVE_PING timer is armed; reads push the PING further out. */
        WAITING,
        /** A PING is outstanding and KEEPALIVE_TIMEOUT is armed. */
        PING_SENT,
        /** No calls and pings without calls not permitted: no timer, woken by a call. */
        DORMANT,
        /** The connection is gone (closed by us on timeout, or reported closed). */
        CLOSED
    }

    /** The payload the outstanding keepalive PING carries (its ACK must echo it). */
    public long outstandingPayload() {
        if (phase != Phase.PING_SENT) throw new IllegalStateException("no PING outstanding in " + phase);
        return KeepalivePinger.payload(pingsSent - 1);
    }

    PingerState withPhase(Phase p) {
        return new PingerState(config, p, activeCalls, lastReadNanos, pingSentNanos, pingsSent);
    }

    PingerState withActiveCalls(int n) {
        return new PingerState(config, phase, n, lastReadNanos, pingSentNanos, pingsSent);
    }

    PingerState withLastRead(long now) {
        return new PingerState(config, phase, activeCalls, Math.max(lastReadNanos, now), pingSentNanos, pingsSent);
    }

    PingerState withPingSent(long now) {
        return new PingerState(config, Phase.PING_SENT, activeCalls, lastReadNanos, now, pingsSent + 1);
    }
}
