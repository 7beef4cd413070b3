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
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool, Consumer<Throwable> onFailure) {
        this.pool = pool;
        this.onFailure = onFailure;
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
                if (r == null) {
                    running = false;
                    return;
                }
            }
            try {
                r.run();
            } catch (Throwable t) {
                onFailure.accept(t);
            }
        }
    }
}
