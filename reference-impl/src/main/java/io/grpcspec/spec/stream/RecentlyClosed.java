package io.grpcspec.spec.stream;

import io.grpcspec.spec.IntTreeMap;
import io.grpcspec.traceability.Enforces;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A bounded memory of the streams closed most recently and how each closed, so late frames get
 * the answer RFC 9113 §5.1 asks for (ignored after our RST_STREAM, tolerated or refused after
 * END_STREAM). Once {@code capacity} is reached the oldest entry is forgotten: memory never grows
 * with the number of streams a connection has seen. A forgotten stream is treated as closed by
 * an unknown cause (see {@link StreamTable}).
 *
 * <p>{@code entries} iterates oldest first. It is kept as two persistent maps (by stream and by
 * age) that each {@link #with} shares with the memory before it, so remembering a closed stream
 * costs O(log capacity), not a copy of the memory.
 */
public record RecentlyClosed(int capacity, Map<Integer, Closure> entries) {

    /**
     * Default capacity ({@link io.grpcspec.spec.limits.LimitsRules#LIM_7}): comfortably more
     * streams than are closed within one round trip.
     */
    public static final int DEFAULT_CAPACITY = 128;

    /** {@code entries} is kept as an {@link Aged} map; any other map is copied in its iteration order (oldest first). */
    public RecentlyClosed {
        if (capacity < 0) throw new IllegalArgumentException("capacity " + capacity);
        if (!(entries instanceof Aged)) {
            Aged aged = Aged.EMPTY;
            for (Map.Entry<Integer, Closure> e : entries.entrySet()) aged = aged.newest(e.getKey(), e.getValue());
            entries = aged;
        }
    }

    public static RecentlyClosed empty(int capacity) {
        return new RecentlyClosed(capacity, Aged.EMPTY);
    }

    /** How {@code streamId} closed, or null when it is not remembered. */
    public Closure get(int streamId) {
        return ((Aged) entries).get(streamId);
    }

    /** This memory with {@code streamId} added as the newest entry, evicting the oldest beyond capacity. */
    @Enforces("LIM-7")
    public RecentlyClosed with(int streamId, Closure how) {
        if (capacity == 0) return this;
        Aged next = ((Aged) entries).newest(streamId, how);
        while (next.size() > capacity) next = next.withoutOldest();
        return new RecentlyClosed(capacity, next);
    }

    /**
     * The entries: how each stream closed, by stream, and the streams by the age at which they
     * were added (a counter that only grows; renumbered from 0 should it ever run out).
     */
    private static final class Aged extends AbstractMap<Integer, Closure> {
        static final Aged EMPTY = new Aged(IntTreeMap.empty(), IntTreeMap.empty(), 0);

        private record Entry(Closure how, int age) {}

        private final IntTreeMap<Entry> byStream;
        private final IntTreeMap<Integer> byAge;
        private final int nextAge;

        private Aged(IntTreeMap<Entry> byStream, IntTreeMap<Integer> byAge, int nextAge) {
            this.byStream = byStream;
            this.byAge = byAge;
            this.nextAge = nextAge;
        }

        Closure get(int streamId) {
            Entry e = byStream.get(streamId);
            return e == null ? null : e.how;
        }

        /** With {@code streamId} as the newest entry (moved there if it was remembered already). */
        Aged newest(int streamId, Closure how) {
            if (nextAge == Integer.MAX_VALUE) return renumbered().newest(streamId, how);
            Entry old = byStream.get(streamId);
            IntTreeMap<Integer> ages = old == null ? byAge : byAge.without(old.age);
            return new Aged(byStream.with(streamId, new Entry(how, nextAge)), ages.with(nextAge, streamId), nextAge + 1);
        }

        Aged withoutOldest() {
            int age = byAge.firstKey();
            return new Aged(byStream.without(byAge.get(age)), byAge.without(age), nextAge);
        }

        private Aged renumbered() {
            Aged fresh = EMPTY;
            for (Map.Entry<Integer, Closure> e : entrySet()) fresh = fresh.newest(e.getKey(), e.getValue());
            return fresh;
        }

        @Override
        public Closure get(Object key) {
            return key instanceof Integer id ? get(id.intValue()) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof Integer id && byStream.get(id.intValue()) != null;
        }

        @Override
        public int size() {
            return byStream.size();
        }

        @Override
        public Set<Map.Entry<Integer, Closure>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<Integer, Closure>> iterator() {
                    Iterator<Integer> streams = byAge.values().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return streams.hasNext();
                        }

                        @Override
                        public Map.Entry<Integer, Closure> next() {
                            int id = streams.next();
                            return new SimpleImmutableEntry<>(id, get(id));
                        }
                    };
                }

                @Override
                public int size() {
                    return byStream.size();
                }
            };
        }
    }
}
