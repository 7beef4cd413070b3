package io.grpcspec.stress;

import io.grpcspec.transport.SerialExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A listener that calls back into its connection from inside a delivery makes the connection
 * add a delivery and run pending ones while the {@link SerialExecutor} (on the calling thread, as the connection's deliveries) is already running on that
 * thread, and another thread may add one at the same time. Guards the listener contract "one
 * call at a time, in order": the nested run returns at once and the outer frame runs the new
 * task after the current one (never nested), the other thread's task runs exactly once, FIFO.
 */
@JCStressTest
@Outcome(id = "a, a-nested, b", expect = Expect.ACCEPTABLE, desc = "b added after the nested task")
@Outcome(id = "a, b, a-nested", expect = Expect.ACCEPTABLE, desc = "b added before the nested task")
@Outcome(id = "b, a, a-nested", expect = Expect.ACCEPTABLE, desc = "b ran first")
@Outcome(id = "nested", expect = Expect.FORBIDDEN, desc = "a task ran inside another one")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task was lost, ran twice, or out of order")
@State
public class SerialExecutorReentryStress {
    private final SerialExecutor runner = SerialExecutor.onCallingThread(e -> { throw new IllegalStateException(e); });
    private final ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean nested;

    private void record(String name, Runnable inner) {
        if (inside.incrementAndGet() != 1) nested = true;
        ran.add(name);
        inner.run();
        inside.decrementAndGet();
    }

    @Actor
    public void listenerCallingBack() {
        runner.add(() -> record("a", () -> {
            // the listener calls the connection, which queues a delivery and runs pending ones
            runner.add(() -> record("a-nested", () -> {}));
            runner.runPending();
        }));
        runner.runPending();
    }

    @Actor
    public void otherThread() {
        runner.add(() -> record("b", () -> {}));
        runner.runPending();
    }

    @Arbiter
    public void check(L_Result r) {
        List<String> order = new ArrayList<>(ran);
        r.r1 = nested ? "nested" : String.join(", ", order);
    }
}
