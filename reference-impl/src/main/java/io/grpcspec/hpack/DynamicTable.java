package io.grpcspec.hpack;

import io.grpcspec.wire.HeaderField;

/**
 * The dynamic table of RFC 7541 §2.3.2 / §4: a FIFO of fields, newest at index 1, whose size
 * (sum of name + value + 32, §4.1) never exceeds {@link #maxSize()}.
 *
 * <p>A ring buffer keeps add and evict O(1). Each entry also has an absolute insertion number
 * (0 for the first entry ever added) so the encoder can keep a name/value lookup beside the
 * table and learn through {@link Evictions} which of its entries went away.
 */
final class DynamicTable {

    /** Told about every entry that leaves the table, oldest first. */
    interface Evictions {
        void evicted(long insertion, HeaderField field);
    }

    private HeaderField[] ring = new HeaderField[16];
    private int head;          // slot of the oldest entry
    private int count;
    private long size;
    private int maxSize;
    private long inserted;     // number of entries ever added
    private final Evictions evictions;

    DynamicTable(int maxSize, Evictions evictions) {
        this.maxSize = maxSize;
        this.evictions = evictions;
    }

    int length() {
        return count;
    }

    long size() {
        return size;
    }

    int maxSize() {
        return maxSize;
    }

    /** Absolute insertion number of the entry at 1-based {@code index}. */
    long insertionOf(int index) {
        return inserted - index;
    }

    /** 1-based index of the entry with absolute insertion number {@code insertion}, if still present. */
    int indexOfInsertion(long insertion) {
        long index = inserted - insertion;
        return index >= 1 && index <= count ? (int) index : 0;
    }

    /** Entry at 1-based {@code index} (1 = newest); the caller checked 1 <= index <= length(). */
    HeaderField get(int index) {
        return ring[(head + count - index) & (ring.length - 1)];
    }

    /** §4.3: a new maximum evicts from the oldest end until the table fits. */
    void setMaxSize(int newMax) {
        maxSize = newMax;
        evictUntil(newMax);
    }

    /**
     * §4.4: evict until {@code field} fits, then add it. A field larger than the maximum size
     * leaves the table empty and is not added; RFC 7541 says this is not an error
     * ({@link HpackRules#HP_12}).
     */
    void add(HeaderField field) {
        long entrySize = field.size();
        if (entrySize > maxSize) {
            evictUntil(0);
            return;
        }
        evictUntil(maxSize - entrySize);
        if (count == ring.length) grow();
        ring[(head + count) & (ring.length - 1)] = field;
        count++;
        size += entrySize;
        inserted++;
    }

    private void evictUntil(long target) {
        while (size > target) {
            HeaderField oldest = ring[head];
            ring[head] = null;
            long insertion = inserted - count;
            head = (head + 1) & (ring.length - 1);
            count--;
            size -= oldest.size();
            if (evictions != null) evictions.evicted(insertion, oldest);
        }
    }

    private void grow() {
        HeaderField[] bigger = new HeaderField[ring.length * 2];
        for (int i = 0; i < count; i++) bigger[i] = ring[(head + i) & (ring.length - 1)];
        ring = bigger;
        head = 0;
    }
}
