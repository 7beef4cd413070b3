package io.grpcspec.transport;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Byte arrays of one size shared by the connections' writers. A writer takes one when it starts
 * writing and gives it back once its queue has run dry and everything is flushed, so an idle
 * connection holds none and a busy one does not allocate a new one for every burst. At most
 * {@code slots} free arrays are kept (a few per CPU: about as many writers write at once); one
 * given back to a full pool is left to the garbage collector, and a take from an empty pool makes
 * a new one.
 *
 * <p>Lock-free: each slot is an atomic reference, and an array moves in and out of a slot only by
 * compare-and-set, so two takers never get the same array (a shared buffer would mix two
 * connections' frames); {@code BufferPoolStress} in stress-tests checks it.
 */
public final class BufferPool {
    /** The writers' pool: 32 KiB arrays, two slots per CPU, between 4 and 16. */
    static final BufferPool WRITE = new BufferPool(32 * 1024,
            Math.min(16, Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));

    private final int size;
    private final AtomicReferenceArray<byte[]> free;

    public BufferPool(int size, int slots) {
        if (size <= 0 || slots <= 0) throw new IllegalArgumentException("size " + size + ", slots " + slots);
        this.size = size;
        this.free = new AtomicReferenceArray<>(slots);
    }

    /** The size of every array of this pool. */
    public int size() {
        return size;
    }

    /** A free array of {@link #size} octets (its content is whatever its last user left), or a new one. */
    public byte[] take() {
        for (int i = 0; i < free.length(); i++) {
            byte[] b = free.get(i);
            if (b != null && free.compareAndSet(i, b, null)) return b;
        }
        return new byte[size];
    }

    /** Gives an array taken from this pool back; the caller must not touch it again. */
    public void give(byte[] b) {
        if (b.length != size) throw new IllegalArgumentException("an array of " + b.length + " octets in a pool of " + size);
        for (int i = 0; i < free.length(); i++) {
            if (free.get(i) == null && free.compareAndSet(i, null, b)) return;
        }
        // full: left to the garbage collector
    }

    /** Free arrays held now (for tests). */
    public int free() {
        int n = 0;
        for (int i = 0; i < free.length(); i++) if (free.get(i) != null) n++;
        return n;
    }
}
