package io.grpcspec.bench.jmh;

import io.grpcspec.property.engine.Context;
import io.grpcspec.property.engine.Property;
import io.grpcspec.property.engine.Result;
import io.grpcspec.property.engine.Settings;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.Walks;
import io.grpcspec.property.model.World;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Property-engine conversations per second: a stateful property in the shape of
 * {@code ConformingPeersPropertyTest}, walking with the test's own {@link Walks#walk} (a random
 * walk of up to {@code maxSteps} moves through the composed client/server model under
 * {@link Walks#WALK}, drawn from the engine's choices, every move noted for the trace, the
 * model's checks on every enabled transition and its invariants after every move), then
 * everything in flight delivered and the invariants checked again. One invocation is
 * one property run of {@value #TRIES} conversations on a fresh model, as one test method runs
 * them (the model memoises driver steps, so a long-lived model would measure its caches); the
 * seed is fixed, so every invocation does the same work. ops/s is conversations/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ConversationBenchmark {

    static final int TRIES = 100;

    @Param({"120"})
    public int maxSteps;

    @Benchmark
    @OperationsPerInvocation(TRIES)
    public Result<Context> conformingPeers() {
        ConnectionModel model = new ConnectionModel(Walks.WALK);
        Result<Context> r = Property.stateful("benchmark conversation").tries(TRIES).seed(42)
                .settings(Settings.DEFAULTS).printSummary(false)
                .run(ctx -> {
                    World w = Walks.walk(model, ctx, maxSteps);
                    w = model.settle(w);
                    String bad = model.invariant(w);
                    if (bad != null) throw new AssertionError(bad);
                });
        if (!r.passed() || r.cases() != TRIES) throw new IllegalStateException(r.report());
        return r;
    }
}
