package io.grpcspec.client;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in the order they were submitted, on whichever thread submits
 * them (grpc's "synchronization context"). A task submitted from inside a running task, or
 * while another thread drains, is run after the current one: state guarded by a context is
 * never entered twice, and callbacks that come back into the owner (a transport delivering an
 * event while we are still inside a call to it) cannot interleave with the step in progress.
 */
final class SyncContext {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Thread> drainer = new AtomicReference<>();
    private final Consumer<RuntimeException> onFailure;

    SyncContext(Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
    }

    /** Queues {@code task} and drains the queue unless some thread (maybe this one) already does. */
    void execute(Runnable task) {
        tasks.add(task);
        drain();
    }

    /** True when the calling thread is running this context's tasks. */
    boolean inContext() {
        return drainer.get() == Thread.currentThread();
    }

    private void drain() {
        while (!tasks.isEmpty()) {
            if (!drainer.compareAndSet(null, Thread.currentThread())) return;
            try {
                for (Runnable r; (r = tasks.poll()) != null; ) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        onFailure.accept(e);
                    }
                }
            } finally {
                drainer.set(null);
            }
        }
    }
}
