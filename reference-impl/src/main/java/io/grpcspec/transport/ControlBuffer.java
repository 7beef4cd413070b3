package io.grpcspec.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The queue between every thread that wants something written and the connection's single
 * writer (grpc-go's "controlbuf" feeding its "loopy" writer). Any thread may {@link #put};
 * only the writer {@link #drain}s, taking everything queued at once so it can batch writes and
 * flush when the queue runs dry.
 *
 * <p>Two guarantees the stress tests check: an item that {@code put} accepted is drained
 * exactly once, in the order each thread put it; once {@link #close()} returns, {@code put}
 * refuses everything, so no item is accepted and then silently dropped.
 *
 * <p>Throttling: items that merely answer the peer (SETTINGS ACK, PING ACK, RST_STREAM) are
 * counted. While more than {@code maxResponses} of them wait, {@link #awaitNotThrottled} blocks
 * the reader, so a peer flooding PINGs cannot make us buffer without bound (grpc-go blocks its
 * reader the same way at 50 queued responses).
 */
public final class ControlBuffer<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final Predicate<? super T> isResponse;
    private final int maxResponses;
    private int responses;
    private boolean closed;

    public ControlBuffer(Predicate<? super T> isResponse, int maxResponses) {
        this.isResponse = isResponse;
        this.maxResponses = maxResponses;
    }

    /** Queues {@code item} for the writer; false (item not queued) once the buffer is closed. */
    public boolean put(T item) {
        lock.lock();
        try {
            if (closed) return false;
            items.addLast(item);
            if (isResponse.test(item)) responses++;
            if (items.size() == 1) notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes every queued item. With {@code waitNanos > 0} it waits up to that long for the first
     * item; an empty list means nothing came (or the buffer is closed and empty).
     */
    public List<T> drain(long waitNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = waitNanos;
            while (items.isEmpty() && !closed && left > 0) {
                left = notEmpty.awaitNanos(left);
            }
            List<T> out = new ArrayList<>(items);
            items.clear();
            if (responses > 0) {
                responses = 0;
                drained.signalAll();
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Takes every queued item without waiting. */
    public List<T> drainNow() {
        try {
            return drain(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * Blocks the caller (the reader) while too many responses wait to be written. Returns false
     * when it gave up after {@code timeoutNanos} or the buffer closed.
     */
    public boolean awaitNotThrottled(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (responses > maxResponses && !closed) {
                if (left <= 0) return false;
                left = drained.awaitNanos(left);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses all later puts and wakes the writer; items already queued can still be drained. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Items queued now (for tests and metrics). */
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

}
