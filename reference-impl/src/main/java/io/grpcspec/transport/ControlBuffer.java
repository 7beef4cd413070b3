package io.grpcspec.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The queue between every thread that wants something written and the connection's single
 * writer (grpc-go's "controlbuf" feeding its "loopy" writer). Any thread may {@link #put}; only
 * the writer takes, everything queued at once ({@link #drainOrStop}), so it can batch writes and
 * flush when the queue runs dry.
 *
 * <p>The writer runs only while there is something to write. The buffer knows whether one is
 * running: a {@code put} into a buffer without a running writer marks one running and calls
 * {@code startWriter} (under the buffer's lock, so a start always comes before a later close);
 * the writer takes until it finds the queue empty, and that same locked step marks it stopped.
 * So at most one writer runs at a time (no put starts another while one has not stopped), and no
 * item is stranded (a put either lands before the writer's last look, which then takes it, or
 * after it, and then starts the next writer).
 *
 * <p>Guarantees the stress tests check: an item that {@code put} accepted is taken exactly once,
 * in the order each thread put it; once {@link #close()} returns, {@code put} refuses everything,
 * so no item is accepted and then silently dropped; a put racing the writer's stop is taken by
 * that writer or by the one it starts, never by both and never by none.
 *
 * <p>Throttling: items that merely answer the peer (SETTINGS ACK, PING ACK, RST_STREAM) are
 * counted. While more than {@code maxResponses} of them wait, {@link #awaitNotThrottled} blocks
 * the reader, so a peer flooding PINGs cannot make us buffer without bound (grpc-go blocks its
 * reader the same way at 50 queued responses).
 */
public final class ControlBuffer<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final Predicate<? super T> isResponse;
    private final int maxResponses;
    private final Runnable startWriter;
    private int responses;
    private boolean closed;
    /** A writer was started and has not yet found the queue empty. */
    private boolean writing;

    /** A buffer whose items are taken by hand ({@link #drainNow}): no writer is ever started. */
    public ControlBuffer(Predicate<? super T> isResponse, int maxResponses) {
        this(isResponse, maxResponses, () -> {});
    }

    /**
     * @param startWriter starts a writer that calls {@link #drainOrStop} until it returns an
     *     empty list; called under the buffer's lock, so it must only start it (a new thread, a
     *     task), never run it
     */
    public ControlBuffer(Predicate<? super T> isResponse, int maxResponses, Runnable startWriter) {
        this.isResponse = isResponse;
        this.maxResponses = maxResponses;
        this.startWriter = startWriter;
    }

    /**
     * Queues {@code item} for the writer, starting one if none is running; false (item not queued)
     * once the buffer is closed.
     */
    public boolean put(T item) {
        lock.lock();
        try {
            if (closed) return false;
            items.addLast(item);
            if (isResponse.test(item)) responses++;
            if (!writing) {
                writing = true;
                startWriter.run();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The writer's take: every queued item. When nothing is queued it returns an empty list and,
     * in the same locked step, marks the writer stopped: the caller must then return without
     * touching what it writes to, since the next {@code put} starts another writer.
     */
    public List<T> drainOrStop() {
        lock.lock();
        try {
            if (items.isEmpty()) {
                writing = false;
                return List.of();
            }
            return takeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Takes every queued item (tests, and buffers drained by hand); does not change whether a writer runs. */
    public List<T> drainNow() {
        lock.lock();
        try {
            return takeAll();
        } finally {
            lock.unlock();
        }
    }

    private List<T> takeAll() {
        List<T> out = new ArrayList<>(items);
        items.clear();
        if (responses > 0) {
            responses = 0;
            drained.signalAll();
        }
        return out;
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

    /** Refuses all later puts and wakes a throttled reader; items already queued can still be taken. */
    public void close() {
        lock.lock();
        try {
            closed = true;
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

    /** Whether a writer is running (started and not yet stopped), for tests. */
    public boolean writing() {
        lock.lock();
        try {
            return writing;
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
