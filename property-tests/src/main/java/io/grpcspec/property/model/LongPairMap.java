package io.grpcspec.property.model;

import java.util.Arrays;

/**
 * An open-addressing hash map from a pair of longs to values: the model's caches (driver
 * steps, application moves, scripts after deliveries) look up millions of times per second,
 * and a {@code HashMap} with record keys spends that time allocating keys and calling
 * {@code equals}.
 */
final class LongPairMap<V> {
    private long[] k1 = new long[1 << 12];
    private long[] k2 = new long[1 << 12];
    private Object[] vals = new Object[1 << 12];
    private int size;
    private int mask = k1.length - 1;

    @SuppressWarnings("unchecked")
    V get(long a, long b) {
        int slot = slot(a, b);
        while (true) {
            Object v = vals[slot];
            if (v == null) return null;
            if (k1[slot] == a && k2[slot] == b) return (V) v;
            slot = (slot + 1) & mask;
        }
    }

    /** Stores {@code v} (never null) for the pair, which must not be present yet. */
    void put(long a, long b, V v) {
        if ((size + 1) * 2 > vals.length) grow();
        insert(a, b, v);
        size++;
    }

    int size() {
        return size;
    }

    private void insert(long a, long b, Object v) {
        int slot = slot(a, b);
        while (vals[slot] != null) slot = (slot + 1) & mask;
        k1[slot] = a;
        k2[slot] = b;
        vals[slot] = v;
    }

    private void grow() {
        long[] o1 = k1;
        long[] o2 = k2;
        Object[] ov = vals;
        k1 = new long[o1.length * 2];
        k2 = new long[o1.length * 2];
        vals = new Object[o1.length * 2];
        mask = k1.length - 1;
        for (int i = 0; i < ov.length; i++) if (ov[i] != null) insert(o1[i], o2[i], ov[i]);
    }

    private int slot(long a, long b) {
        long h = (a * 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
