package io.grpcspec.stress.teeth;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code transport.SerialRunner} with a classic bug, kept only to show that
 * {@code SerialRunnerStress}'s outcome space catches it: it tries the "running" flag once and
 * never looks at the queue again after releasing it, so a task added between the runner's last
 * poll and the release is stranded (a lost wake-up). Never use it.
 */
final class UnsafeSerialRunner {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    void add(Runnable task) {
        tasks.add(task);
    }

    void runPending() {
        if (!running.compareAndSet(false, true)) return;
        try {
            for (Runnable r; (r = tasks.poll()) != null; ) r.run();
        } finally {
            running.set(false);
        }
    }
}
