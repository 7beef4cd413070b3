package io.grpcspec.server;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs one call's application work in order and never concurrently, borrowing a thread of the
 * shared handler pool only while there is work: a call's handler, its request messages, its
 * half-close and its cancellation reach the application one after another.
 */
final class SerialExecutor implements Executor {
    private final Executor pool;
    private final Consumer<Throwable> onFailure;
    private final Runnable onIdle;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    /** @param onIdle run (on the pool thread) each time the queue has run dry after some work */
    SerialExecutor(Executor pool, Consumer<Throwable> onFailure, Runnable onIdle) {
        this.pool = pool;
        this.onFailure = onFailure;
        this.onIdle = onIdle;
    }

    /** True when no task is queued or running. */
    synchronized boolean idle() {
        return !running && queue.isEmpty();
    }

    /** @throws java.util.concurrent.RejectedExecutionException when the pool has no thread to spare */
    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (running) return;
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RuntimeException e) {
            synchronized (this) {
                running = false;
                queue.clear();
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = queue.poll();
                if (r == null) running = false;
            }
            if (r == null) {
                onIdle.run();
                return;
            }
            try {
                r.run();
            } catch (Throwable t) {
                onFailure.accept(t);
            }
        }
    }
}
