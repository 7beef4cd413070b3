package io.grpcspec.bench.jmh;

import io.grpcspec.property.model.Bounds;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.ExplorationResult;
import io.grpcspec.property.model.Explorer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Model-checker states per second: one invocation explores a named bound exhaustively from a
 * fresh model (as {@code ModelCheck} does); the {@code states} counter is distinct states/s with
 * a warmed-up JIT. The figure CI prints ({@code model-check: ... states_per_s=}) is a cold JVM
 * instead, so the two differ; this one tracks the explorer's and the driver's steady cost.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
@State(Scope.Benchmark)
public class ModelCheckBenchmark {

    /** Distinct states explored, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Explored {
        public long states;
        public long transitions;

        @Setup(Level.Iteration)
        public void reset() {
            states = 0;
            transitions = 0;
        }
    }

    @Param({"ci-flow", "ci-control", "ci-timers"})
    public String bound;

    @Benchmark
    public ExplorationResult explore(Explored counters) {
        ConnectionModel model = new ConnectionModel(Bounds.named(bound));
        ExplorationResult r = new Explorer<>(model, bound).run();
        if (!r.complete() || !r.violations().isEmpty()) throw new IllegalStateException(r.summary());
        counters.states += r.states();
        counters.transitions += r.transitions();
        return r;
    }
}
