package io.grpcspec.hpack;

import io.grpcspec.traceability.Enforces;
import io.grpcspec.wire.HeaderField;

/**
 * A working copy of a {@link HeaderTable} for one encode or decode call: reads go to the frozen
 * table until the first change, which copies the entries once into a ring buffer (add and evict
 * O(1) from then on); {@link #freeze()} gives the resulting value, handing the ring over to it
 * without a copy (a change after that copies again).
 */
final class DynamicTable {

    private HeaderTable base;
    private HeaderField[] ring;   // null while unchanged: reads go to base
    private int head;             // slot of the oldest entry
    private int count;
    private long size;
    private int maxSize;

    DynamicTable(HeaderTable base) {
        this.base = base;
        this.count = base.length();
        this.size = base.size();
        this.maxSize = base.maxSize();
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

    /** Entry at 1-based {@code index} (1 = newest); the caller checked 1 <= index <= length(). */
    HeaderField get(int index) {
        if (ring == null) return base.get(index);
        return ring[(head + count - index) & (ring.length - 1)];
    }

    /** §4.3: a new maximum evicts from the oldest end until the table fits. */
    void setMaxSize(int newMax) {
        if (newMax == maxSize && size <= newMax) return;
        materialize();
        maxSize = newMax;
        evictUntil(newMax);
    }

    /**
     * §4.4: evict until {@code field} fits, then add it. A field larger than the maximum size
     * leaves the table empty and is not added; RFC 7541 says this is not an error (rule HP_12).
     */
    @Enforces("HP-12")
    void add(HeaderField field) {
        materialize();
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
    }

    /** The table as it is now; the base itself when nothing changed. */
    HeaderTable freeze() {
        if (ring == null) return base;
        base = new HeaderTable(ring, head, count, size, maxSize);
        ring = null; // the frozen table owns it now
        return base;
    }

    private void materialize() {
        if (ring != null) return;
        int capacity = 8;
        while (capacity < count + 1) capacity <<= 1;
        ring = new HeaderField[capacity];
        base.copyOldestFirst(ring);
        head = 0;
    }

    private void evictUntil(long target) {
        while (size > target) {
            HeaderField oldest = ring[head];
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            count--;
            size -= oldest.size();
        }
    }

    private void grow() {
        HeaderField[] bigger = new HeaderField[ring.length * 2];
        for (int i = 0; i < count; i++) bigger[i] = ring[(head + i) & (ring.length - 1)];
        ring = bigger;
        head = 0;
    }
}
