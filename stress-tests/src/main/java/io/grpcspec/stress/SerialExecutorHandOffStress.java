package io.grpcspec.stress;

import io.grpcspec.transport.SerialExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two threads hand a task each to a pool-mode {@link SerialExecutor} whose "pool" runs the drain
 * on the submitting thread, so one submitter may be finishing its drain just as the other queues:
 * the late task must still run (the drain takes the queue again after it stops), and the two
 * never run at once. A lost task here is a server call whose cancellation or message never
 * reaches its handler.
 */
@JCStressTest
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "both tasks ran, one at a time")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task was lost, ran twice, or the two overlapped")
@State
public class SerialExecutorHandOffStress {

    private final SerialExecutor executor = SerialExecutor.onPool(Runnable::run, t -> { });
    private final AtomicInteger ran = new AtomicInteger();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger maxInside = new AtomicInteger();

    private void task() {
        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        ran.incrementAndGet();
        inside.decrementAndGet();
    }

    @Actor
    public void first() {
        executor.execute(this::task);
    }

    @Actor
    public void second() {
        executor.execute(this::task);
    }

    @Arbiter
    public void check(II_Result r) {
        r.r1 = ran.get();
        r.r2 = maxInside.get();
    }
}
