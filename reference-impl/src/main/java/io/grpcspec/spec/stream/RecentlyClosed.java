package io.grpcspec.spec.stream;

import io.grpcspec.traceability.Enforces;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded memory of the streams closed most recently and how each closed, so late frames get
 * the answer RFC 9113 §5.1 asks for (ignored after our RST_STREAM, tolerated or refused after
 * END_STREAM). Once {@code capacity} is reached the oldest entry is forgotten: memory never grows
 * with the number of streams a connection has seen. A forgotten stream is treated as closed by
 * an unknown cause (see {@link StreamTable}).
 */
public record RecentlyClosed(int capacity, Map<Integer, Closure> entries) {

    /**
     * Default capacity ({@link io.grpcspec.spec.limits.LimitsRules#LIM_7}): comfortably more
     * streams than are closed within one round trip.
     */
    public static final int DEFAULT_CAPACITY = 128;

    public RecentlyClosed {
        if (capacity < 0) throw new IllegalArgumentException("capacity " + capacity);
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static RecentlyClosed empty(int capacity) {
        return new RecentlyClosed(capacity, Map.of());
    }

    /** How {@code streamId} closed, or null when it is not remembered. */
    public Closure get(int streamId) {
        return entries.get(streamId);
    }

    /** This memory with {@code streamId} added as the newest entry, evicting the oldest beyond capacity. */
    @Enforces("LIM-7")
    public RecentlyClosed with(int streamId, Closure how) {
        if (capacity == 0) return this;
        LinkedHashMap<Integer, Closure> next = new LinkedHashMap<>(entries);
        next.remove(streamId);
        next.put(streamId, how);
        while (next.size() > capacity) {
            next.remove(next.keySet().iterator().next());
        }
        return new RecentlyClosed(capacity, next);
    }
}
