package io.grpcspec.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time in the order they were added, on whichever thread adds them, never
 * overlapping. The connection queues deliveries while it holds its lock (so their order is the
 * machine's order) and runs them after releasing it (so listeners may call back into the
 * connection). A task added while another thread is running tasks is run by that thread.
 *
 * <p>Lock-free: a queue and a "running" flag. No wake-up is lost: a thread that finds the flag
 * taken leaves its task to the runner, and the runner looks at the queue again after it drops
 * the flag. The jcstress suite checks this (FIFO, never two tasks at once, nothing left behind).
 */
public final class SerialRunner {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Consumer<RuntimeException> onFailure;

    /** @param onFailure told of a task that threw; the runner goes on with the next task */
    public SerialRunner(Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
    }

    /** Queues {@code task}; it runs at the next {@link #runPending} of any thread. */
    public void add(Runnable task) {
        tasks.add(task);
    }

    /**
     * Runs queued tasks unless another thread (or an outer frame of this one) already does; in
     * that case it returns at once, and that runner will run them.
     */
    public void runPending() {
        while (!tasks.isEmpty()) {
            if (!running.compareAndSet(false, true)) return;
            try {
                for (Runnable r; (r = tasks.poll()) != null; ) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        onFailure.accept(e);
                    }
                }
            } finally {
                running.set(false);
            }
        }
    }
}
