package io.grpcspec.transport;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in the order they were queued, never two at once (grpc's
 * synchronization context and serializing executor in one). The only choice is whose thread runs
 * them:
 *
 * <ul>
 *   <li>{@link #onCallingThread}: the thread that queues a task runs the queue, unless another
 *       thread, or an outer frame of its own, already does; that one then runs the task after its
 *       current one. State owned by the executor is never entered twice, and a callback that comes
 *       back in (a transport delivering an event during a call into it) waits for the step in
 *       progress. Used by the client's channel and calls and by the connection's deliveries.</li>
 *   <li>{@link #onPool}: a thread borrowed from a pool runs the queue while there is work and is
 *       given back when it is empty; the caller runs no task itself, unless the "pool" runs
 *       what it is given on the spot ({@code Runnable::run}: a server call's direct executor),
 *       and then only the first {@link #runPending} does, while later ones leave their tasks to
 *       it. Used for one server call's application work, so its handler, messages, half-close
 *       and cancellation reach the application one after another.</li>
 * </ul>
 *
 * <p>{@link #add} queues without running, for a producer that holds a lock (so the queue order
 * is the order it decided things in) and calls {@link #runPending} once it has released it (so
 * tasks may call back into it). {@link #execute} is both. A task that throws is reported to the
 * failure handler and the queue goes on.
 */
public final class SerialExecutor implements Executor {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** The thread running tasks now, or null. */
    private final AtomicReference<Thread> drainer = new AtomicReference<>();
    /** Pool mode: a drain has been handed to the pool and has not finished. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor pool;
    private final Consumer<Throwable> onFailure;
    /** Pool mode: run on the pool thread each time the queue has run dry after some work. */
    private final Runnable onIdle;

    private SerialExecutor(Executor pool, Consumer<Throwable> onFailure, Runnable onIdle) {
        this.pool = pool;
        this.onFailure = Objects.requireNonNull(onFailure);
        this.onIdle = Objects.requireNonNull(onIdle);
    }

    /** Tasks run on the threads that queue them (see the class comment). */
    public static SerialExecutor onCallingThread(Consumer<Throwable> onFailure) {
        return new SerialExecutor(null, onFailure, () -> { });
    }

    /** Tasks run on a thread of {@code pool}, borrowed while there is work (see the class comment). */
    public static SerialExecutor onPool(Executor pool, Consumer<Throwable> onFailure) {
        return onPool(pool, onFailure, () -> { });
    }

    /**
     * As {@link #onPool(Executor, Consumer)}, and {@code onIdle} runs on the pool thread each time
     * the queue has run dry after some work (a server call uses it to learn that its application
     * work is over, LIM-5).
     */
    public static SerialExecutor onPool(Executor pool, Consumer<Throwable> onFailure, Runnable onIdle) {
        return new SerialExecutor(Objects.requireNonNull(pool), onFailure, onIdle);
    }

    /** True when no task is queued or running (and, in pool mode, no drain is scheduled). */
    public boolean idle() {
        return tasks.isEmpty() && drainer.get() == null && !scheduled.get();
    }

    /**
     * Queues {@code task} and runs the queue.
     *
     * @throws RejectedExecutionException in pool mode, when the pool takes no drain; the queued
     *     tasks are dropped, since nothing would ever run them
     */
    @Override
    public void execute(Runnable task) {
        add(task);
        runPending();
    }

    /** Queues {@code task} without running anything. */
    public void add(Runnable task) {
        tasks.add(Objects.requireNonNull(task));
    }

    /**
     * Runs what is queued: on this thread unless some thread already does, or (pool mode) by
     * handing a drain to the pool unless one is under way.
     *
     * @throws RejectedExecutionException as {@link #execute}
     */
    public void runPending() {
        if (pool == null) {
            drain();
            return;
        }
        if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) return;
        try {
            pool.execute(this::drainOnPool);
        } catch (RuntimeException e) {
            scheduled.set(false);
            tasks.clear();
            throw e;
        }
    }

    /** True when the calling thread is running this executor's tasks. */
    public boolean inContext() {
        return drainer.get() == Thread.currentThread();
    }

    private void drainOnPool() {
        while (true) {
            try {
                drain();
            } finally {
                scheduled.set(false);
            }
            // A task queued after the last poll but before the flag dropped saw a drain under
            // way and left it to us: take the queue again unless its producer has scheduled one.
            if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) break;
        }
        try {
            onIdle.run();
        } catch (Throwable t) {
            onFailure.accept(t);
        }
    }

    private void drain() {
        while (!tasks.isEmpty()) {
            if (!drainer.compareAndSet(null, Thread.currentThread())) return;
            try {
                for (Runnable r; (r = tasks.poll()) != null; ) {
                    try {
                        r.run();
                    } catch (Throwable t) {
                        onFailure.accept(t);
                    }
                }
            } finally {
                drainer.set(null);
            }
        }
    }
}
