package io.grpcspec.stress;

import io.grpcspec.stress.harness.SerialScenario;
import io.grpcspec.transport.SerialExecutor;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The connection's listener deliveries go through {@link SerialExecutor#onCallingThread}, which
 * is lock-free: two threads that step the connection both add deliveries and both try to run
 * them. Guards the {@code ConnectionListener} contract (one call at a time, in the machine's
 * order, none lost): no lost wake-up, never two tasks at once, FIFO per adding thread. The race
 * is real here (a queue and a CAS on the draining thread, no lock); "ok-handed-over" shows it
 * happening. Its teeth: {@code UnsafeSerialExecutorStress} (test sources) drops the re-check
 * after the drainer is released and loses tasks in this very outcome space.
 */
@JCStressTest
@Outcome(id = "ok", expect = Expect.ACCEPTABLE, desc = "each thread ran its own tasks, in order")
@Outcome(id = "ok-handed-over", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "one thread ran a task the other added while it was running: the hand-over raced and held")
@Outcome(id = "lost", expect = Expect.FORBIDDEN, desc = "a task was left queued after both threads returned (lost wake-up)")
@Outcome(id = "overlapped", expect = Expect.FORBIDDEN, desc = "two tasks ran at once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task ran twice or a thread's tasks ran out of order")
@State
public class SerialExecutorStress {
    private final SerialExecutor executor = SerialExecutor.onCallingThread(e -> { throw new IllegalStateException(e); });
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
        r.r1 = scenario.verdict();
    }
}
