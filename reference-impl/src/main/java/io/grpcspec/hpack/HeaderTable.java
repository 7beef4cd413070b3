package io.grpcspec.hpack;

import io.grpcspec.wire.HeaderField;
import java.util.Arrays;
import java.util.List;

/**
 * The dynamic table of RFC 7541 §2.3.2 / §4 as an immutable value: its entries newest first
 * (index 1 is the newest), their size (sum of name + value + 32, §4.1) and the maximum size in
 * force. Equal tables are equal values with equal hashes, so encoder and decoder states that
 * hold one can be stored and compared (the model checker keeps them in its visited set).
 *
 * <p>Changes happen on a {@link DynamicTable} working copy that one encode or decode call
 * makes at its first change and freezes once at its end: at most one copy of the entries per
 * header block, none for a block that leaves the table as it was.
 */
public final class HeaderTable {

    /** The empty table with the HTTP/2 initial size (4096). */
    public static final HeaderTable INITIAL = empty(4096);

    private final HeaderField[] newestFirst;
    private final long size;
    private final int maxSize;
    /**
     * The hash, computed on first use (0: not yet): a decoder makes a table per header block that
     * changes it, and only the model checker hashes them. Like {@code String}'s, a race at most
     * computes the same value twice.
     */
    private int hash;

    HeaderTable(HeaderField[] newestFirst, long size, int maxSize) {
        this.newestFirst = newestFirst;
        this.size = size;
        this.maxSize = maxSize;
    }

    /** An empty table whose maximum size is {@code maxSize}. */
    public static HeaderTable empty(int maxSize) {
        if (maxSize < 0) throw new IllegalArgumentException("table size " + maxSize);
        return new HeaderTable(new HeaderField[0], 0, maxSize);
    }

    /** Number of entries. */
    public int length() {
        return newestFirst.length;
    }

    /** Entry at 1-based {@code index} (1 = newest); the caller checked 1 <= index <= length(). */
    public HeaderField get(int index) {
        return newestFirst[index - 1];
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
        return List.of(newestFirst);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderTable t && t.size == size && t.maxSize == maxSize && t.newestFirst.length == newestFirst.length
                && t.hashCode() == hashCode() && Arrays.equals(t.newestFirst, newestFirst);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = (Arrays.hashCode(newestFirst) * 31 + Long.hashCode(size)) * 31 + maxSize;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "HeaderTable[size=" + size + "/" + maxSize + ", " + Arrays.toString(newestFirst) + "]";
    }
}
