package io.grpcspec.stress.teeth;

import io.grpcspec.stress.harness.SerialScenario;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Teeth of {@code SerialExecutorStress}: the same scenario and outcome space on
 * {@link UnsafeSerialExecutor}. {@code TeethTest} expects jcstress to report "lost".
 */
@JCStressTest
@Outcome(id = "ok", expect = Expect.ACCEPTABLE, desc = "each thread ran its own tasks, in order")
@Outcome(id = "ok-handed-over", expect = Expect.ACCEPTABLE_INTERESTING, desc = "a task ran on the thread that did not add it")
@Outcome(id = "lost", expect = Expect.FORBIDDEN, desc = "a task was left queued after both threads returned (lost wake-up)")
@Outcome(id = "overlapped", expect = Expect.FORBIDDEN, desc = "two tasks ran at once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task ran twice or a thread's tasks ran out of order")
@State
public class UnsafeSerialExecutorStress {
    private final UnsafeSerialExecutor executor = new UnsafeSerialExecutor();
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
