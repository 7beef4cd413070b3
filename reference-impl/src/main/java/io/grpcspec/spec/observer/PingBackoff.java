package io.grpcspec.spec.observer;

import io.grpcspec.spec.keepalive.KeepaliveRules;
import io.grpcspec.spec.observer.Judgement.Broken;
import io.grpcspec.spec.observer.Judgement.Kept;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link KeepaliveRules#KA_8} across connections: after a connection of a client host was closed
 * with GOAWAY ENHANCE_YOUR_CALM "too_many_pings", that client's next connection that pings twice
 * must ping at least twice as far apart as the struck one did (gRFC A8: the client doubles its
 * KEEPALIVE_TIME). Measured from the first two PINGs of the later connection; a tenth of slack
 * allows for timer jitter. Judged once per strike. Pure: the caller keeps the value.
 *
 * @param strikes per client host: when its connection was struck, and its ping interval then
 */
public record PingBackoff(Map<String, Strike> strikes) {

    /** Slack on "twice": 2 x 0.9. */
    static final double FACTOR = 1.8;

    /** A too_many_pings GOAWAY a host's connection got. */
    public record Strike(long atNanos, long intervalNanos) {}

    public static final PingBackoff EMPTY = new PingBackoff(Map.of());

    public PingBackoff {
        strikes = Collections.unmodifiableMap(new TreeMap<>(strikes));
    }

    /** A connection of {@code host} got too_many_pings at {@code now}; it pinged every {@code intervalNanos} (-1: unknown). */
    public PingBackoff struck(String host, long now, long intervalNanos) {
        if (intervalNanos <= 0) return this;
        TreeMap<String, Strike> next = new TreeMap<>(strikes);
        next.put(host, new Strike(now, intervalNanos));
        return new PingBackoff(next);
    }

    /** The judgement, if any, and the next state. */
    public record Judged(PingBackoff state, Optional<Judgement> judgement) {}

    /**
     * A connection of {@code host} that started at {@code startedAt} measured {@code intervalNanos}
     * between its first two PINGs.
     */
    public Judged firstInterval(String host, long startedAt, long intervalNanos) {
        Strike s = strikes.get(host);
        if (s == null || startedAt < s.atNanos()) return new Judged(this, Optional.empty());
        TreeMap<String, Strike> next = new TreeMap<>(strikes);
        next.remove(host);
        Judgement j = intervalNanos >= FACTOR * s.intervalNanos()
                ? new Kept(KeepaliveRules.KA_8)
                : new Broken(KeepaliveRules.KA_8, 0, "after too_many_pings at a ping every " + s.intervalNanos() / 1_000_000
                        + " ms, the next connection pings every " + intervalNanos / 1_000_000 + " ms (not doubled)", "none: observed");
        return new Judged(new PingBackoff(next), Optional.of(j));
    }
}
