package io.grpcspec.hpack;

import io.grpcspec.wire.HeaderField;
import java.util.List;

/**
 * The dynamic table of RFC 7541 §2.3.2 / §4 as an immutable value: its entries newest first
 * (index 1 is the newest), their size (sum of name + value + 32, §4.1) and the maximum size in
 * force. Equal tables are equal values with equal hashes, so encoder and decoder states that
 * hold one can be stored and compared (the model checker keeps them in its visited set).
 *
 * <p>Changes happen on a {@link DynamicTable} working copy that one encode or decode call
 * makes at its first change and freezes once at its end: at most one copy of the entries per
 * header block, none for a block that leaves the table as it was. The entries sit in the
 * working copy's ring buffer (a power-of-two array, oldest entry at {@code head}), which the
 * table takes over when frozen and nothing writes again.
 */
public final class HeaderTable {

    /** The empty table with the HTTP/2 initial size (4096). */
    public static final HeaderTable INITIAL = empty(4096);

    private static final HeaderField[] NO_ENTRIES = new HeaderField[0];

    private final HeaderField[] ring;
    private final int head;
    private final int count;
    private final long size;
    private final int maxSize;
    /**
     * The hash, computed on first use (0: not yet): a decoder makes a table per header block that
     * changes it, and only the model checker hashes them. Like {@code String}'s, a race at most
     * computes the same value twice.
     */
    private int hash;

    /** Takes {@code ring} over: the caller never writes it again. Its length is a power of two (or 0 when empty). */
    HeaderTable(HeaderField[] ring, int head, int count, long size, int maxSize) {
        this.ring = ring;
        this.head = head;
        this.count = count;
        this.size = size;
        this.maxSize = maxSize;
    }

    /** An empty table whose maximum size is {@code maxSize}. */
    public static HeaderTable empty(int maxSize) {
        if (maxSize < 0) throw new IllegalArgumentException("table size " + maxSize);
        return new HeaderTable(NO_ENTRIES, 0, 0, 0, maxSize);
    }

    /** Number of entries. */
    public int length() {
        return count;
    }

    /** Entry at 1-based {@code index} (1 = newest); the caller checked 1 <= index <= length(). */
    public HeaderField get(int index) {
        return ring[(head + count - index) & (ring.length - 1)];
    }

    /** Copies the entries, oldest first, into {@code dst} from 0 (a working copy's new ring). */
    void copyOldestFirst(HeaderField[] dst) {
        int first = Math.min(count, ring.length - head);
        System.arraycopy(ring, head, dst, 0, first);
        System.arraycopy(ring, 0, dst, first, count - first);
    }

    /** The size RFC 7541 §4.1 counts. */
    public long size() {
        return size;
    }

    public int maxSize() {
        return maxSize;
    }

    /** The entries, newest first. */
    public List<HeaderField> entries() {
        HeaderField[] newestFirst = new HeaderField[count];
        for (int i = 1; i <= count; i++) newestFirst[i - 1] = get(i);
        return List.of(newestFirst);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HeaderTable t && t.size == size && t.maxSize == maxSize && t.count == count && t.hashCode() == hashCode())) {
            return false;
        }
        for (int i = 1; i <= count; i++) if (!get(i).equals(t.get(i))) return false;
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            int entries = 1;
            for (int i = 1; i <= count; i++) entries = 31 * entries + get(i).hashCode();
            h = (entries * 31 + Long.hashCode(size)) * 31 + maxSize;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "HeaderTable[size=" + size + "/" + maxSize + ", " + entries() + "]";
    }
}
