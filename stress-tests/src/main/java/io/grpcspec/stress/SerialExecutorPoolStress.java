package io.grpcspec.stress;

import io.grpcspec.stress.harness.SerialScenario;
import io.grpcspec.transport.SerialExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A server call's application work runs on {@link SerialExecutor#onPool}: whoever queues a task
 * hands a drain to the pool unless one is scheduled, and the drain looks at the queue again after
 * dropping its "scheduled" flag. Guards the handler contract (one task at a time, in order, none
 * lost) and LIM-5's bookkeeping (the idle callback runs once the work is over, and the executor
 * then says it is idle). The pool here runs the drain on the thread that hands it over, so two
 * actors race exactly where a pool thread's drain races a producer: a task queued between the
 * drain's last poll and the flag's release must be taken by the drain's re-check, since its
 * producer found the flag still set. The race is real (CAS flags and a queue, no lock);
 * "ok-handed-over" shows it. {@code SerialExecutorHandOffStress} checks the bare hand-off with one
 * task a side; this one adds a thread's order, the idle callback and the outcome that shows the
 * race.
 */
@JCStressTest
@Outcome(id = "ok", expect = Expect.ACCEPTABLE, desc = "each thread's drain ran its own tasks, in order; idle after")
@Outcome(id = "ok-handed-over", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "one drain ran a task the other thread queued while it was scheduled: the re-check held")
@Outcome(id = "lost", expect = Expect.FORBIDDEN, desc = "a task was left queued after both threads returned (lost wake-up)")
@Outcome(id = "overlapped", expect = Expect.FORBIDDEN, desc = "two tasks ran at once")
@Outcome(id = "not-idle", expect = Expect.FORBIDDEN, desc = "all work done, yet the executor says it is busy, or onIdle never ran")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task ran twice or a thread's tasks ran out of order")
@State
public class SerialExecutorPoolStress {
    private final AtomicInteger idleCalls = new AtomicInteger();
    private final SerialExecutor executor = SerialExecutor.onPool(Runnable::run,
            e -> { throw new IllegalStateException(e); }, idleCalls::incrementAndGet);
    private final SerialScenario.Runner view = new SerialScenario.Runner() {
        @Override
        public void add(Runnable task) {
            executor.add(task);
        }

        @Override
        public void runPending() {
            executor.runPending();
        }
    };
    private final SerialScenario scenario = new SerialScenario();

    @Actor
    public void threadA() {
        scenario.threadA(view);
    }

    @Actor
    public void threadB() {
        scenario.threadB(view);
    }

    @Arbiter
    public void check(L_Result r) {
        String verdict = scenario.verdict();
        boolean idle = executor.idle() && idleCalls.get() >= 1;
        r.r1 = verdict.startsWith("ok") && !idle ? "not-idle" : verdict;
    }
}
