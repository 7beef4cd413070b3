package io.grpcspec.property.model;

import java.util.Arrays;

/**
 * The visited set of an exploration whose states pack into rows of ints
 * ({@link TransitionSystem.Packed}): every row is stored once, back to back in one growing
 * int array, and found again through an open-addressing table of state numbers. No object per
 * state, no boxing; a lookup hashes the row and compares ints. Exact: rows are compared in full.
 */
final class PackedSet {
    private int[] arena = new int[1 << 20];
    private int used;
    private int[] start = new int[1 << 16];
    private int[] hashes = new int[1 << 16];
    private int count;
    /** Per slot: the row's hash in the high half, its state number + 1 in the low half; 0 = empty. */
    private long[] table = new long[1 << 17];
    private int mask = table.length - 1;

    /** Adds {@code row[0..len)} as state number {@link #size()} unless present; returns the number it has. */
    int addIfAbsent(int[] row, int len) {
        int h = hash(row, len);
        int slot = h & mask;
        while (true) {
            long e = table[slot];
            if (e == 0) break;
            int id = (int) e - 1;
            if ((int) (e >>> 32) == h && same(id, row, len)) return id;
            slot = (slot + 1) & mask;
        }
        int id = count++;
        if (id == start.length) {
            start = Arrays.copyOf(start, id * 2);
            hashes = Arrays.copyOf(hashes, id * 2);
        }
        if (used + len + 1 > arena.length) arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + len + 1));
        start[id] = used;
        arena[used++] = len;
        System.arraycopy(row, 0, arena, used, len);
        used += len;
        hashes[id] = h;
        table[slot] = ((long) h << 32) | (id + 1L);
        if (count * 2 > table.length) grow();
        return id;
    }

    /** How many rows are stored. */
    int size() {
        return count;
    }

    private boolean same(int id, int[] row, int len) {
        int at = start[id];
        if (arena[at] != len) return false;
        return Arrays.equals(arena, at + 1, at + 1 + len, row, 0, len);
    }

    private void grow() {
        table = new long[table.length * 2];
        mask = table.length - 1;
        for (int id = 0; id < count; id++) {
            int slot = hashes[id] & mask;
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = ((long) hashes[id] << 32) | (id + 1L);
        }
    }

    private static int hash(int[] row, int len) {
        long h = len;
        for (int i = 0; i < len; i++) {
            h = (h + row[i]) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 32;
        }
        return (int) h;
    }
}
