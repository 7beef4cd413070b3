package io.grpcspec.stress.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two threads hand tasks to a serial runner, as the connection's lock holders hand it listener
 * deliveries: thread A adds a1, a2 and runs pending tasks; thread B adds b1 and runs pending
 * tasks. Once both have returned, {@link #verdict()} says whether the runner kept its contract:
 * every task ran exactly once (a task still queued is a lost wake-up), never two at once, each
 * thread's tasks in the order it added them. Shared by the real runner's test and the teeth test
 * of an unsafe runner, so both are judged by the same outcome space.
 */
public final class SerialScenario {

    /** The runner under test, as two operations. */
    public interface Runner {
        void add(Runnable task);

        void runPending();
    }

    private record Ran(String name, Thread adder, Thread runner) {}

    private final ConcurrentLinkedQueue<Ran> ran = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;

    private Runnable task(String name) {
        Thread adder = Thread.currentThread();
        return () -> {
            if (inside.incrementAndGet() != 1) overlapped = true;
            ran.add(new Ran(name, adder, Thread.currentThread()));
            inside.decrementAndGet();
        };
    }

    public void threadA(Runner r) {
        r.add(task("a1"));
        r.add(task("a2"));
        r.runPending();
    }

    public void threadB(Runner r) {
        r.add(task("b1"));
        r.runPending();
    }

    /**
     * {@code ok} or {@code ok-handed-over} (a task ran on the thread that did not add it: the
     * runner was busy and took it over), else {@code lost}, {@code duplicated}, {@code overlapped}
     * or {@code reordered}.
     */
    public String verdict() {
        List<Ran> order = new ArrayList<>(ran);
        List<String> names = new ArrayList<>();
        for (Ran r : order) names.add(r.name());
        if (overlapped) return "overlapped";
        if (names.size() < 3 || !names.containsAll(List.of("a1", "a2", "b1"))) return names.size() > 3 ? "duplicated" : "lost";
        if (names.size() > 3) return "duplicated";
        if (names.indexOf("a1") > names.indexOf("a2")) return "reordered";
        for (Ran r : order) if (r.adder() != r.runner()) return "ok-handed-over";
        return "ok";
    }
}
