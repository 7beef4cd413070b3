package io.grpcspec.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time in the order they were added, on whichever thread adds them, never
 * overlapping. The connection queues deliveries while it holds its lock (so their order is the
 * machine's order) and runs them after releasing it (so listeners may call back into the
 * connection). A task added while another thread is running tasks is run by that thread.
 */
final class SerialRunner {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Consumer<RuntimeException> onFailure;

    SerialRunner(Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
    }

    void add(Runnable task) {
        tasks.add(task);
    }

    /** Runs queued tasks unless another thread (or an outer frame of this one) already does. */
    void runPending() {
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
