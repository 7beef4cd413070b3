package io.grpcspec.stress.teeth;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code transport.SerialExecutor.onCallingThread} with a classic bug, kept only to show that
 * {@code SerialExecutorStress}'s outcome space catches it: it tries the "draining" flag once and
 * never looks at the queue again after releasing it, so a task added between the drainer's last
 * poll and the release is stranded (a lost wake-up). Never use it.
 */
final class UnsafeSerialExecutor {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    void add(Runnable task) {
        tasks.add(task);
    }

    void runPending() {
        if (!draining.compareAndSet(false, true)) return;
        try {
            for (Runnable r; (r = tasks.poll()) != null; ) r.run();
        } finally {
            draining.set(false);
        }
    }
}
