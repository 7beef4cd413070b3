package io.grpcspec.bench.jmh;

import io.grpcspec.property.engine.Context;
import io.grpcspec.property.engine.Many;
import io.grpcspec.property.engine.Property;
import io.grpcspec.property.engine.Result;
import io.grpcspec.property.engine.Settings;
import io.grpcspec.property.model.Bounds;
import io.grpcspec.property.model.ConnectionModel;
import io.grpcspec.property.model.TransitionSystem;
import io.grpcspec.property.model.World;
import java.util.List;
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
 * {@code ConformingPeersPropertyTest} (a random walk of up to {@code maxSteps} moves through the
 * composed client/server model, drawn from the engine's choices, invariants checked after every
 * move, then everything in flight delivered and the invariants checked again). One invocation is
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

    /** The bound of the property tests' walks: deeper than the model checker's, not wider. */
    static final Bounds WALK = new Bounds("walk", 3, 2, 2, 1, List.of(0, 1, 2, 5), 3, 3, 2, 1, 6, 0, false);

    @Param({"120"})
    public int maxSteps;

    @Benchmark
    @OperationsPerInvocation(TRIES)
    public Result<Context> conformingPeers() {
        ConnectionModel model = new ConnectionModel(WALK);
        Result<Context> r = Property.stateful("benchmark conversation").tries(TRIES).seed(42)
                .settings(Settings.DEFAULTS).printSummary(false)
                .run(ctx -> {
                    World w = walk(model, ctx, maxSteps);
                    w = model.settle(w);
                    String bad = model.invariant(w);
                    if (bad != null) throw new AssertionError(bad);
                });
        if (!r.passed() || r.cases() != TRIES) throw new IllegalStateException(r.report());
        return r;
    }

    /** A random walk from the start, each move one enabled transition chosen by the engine. */
    static World walk(ConnectionModel model, Context ctx, int maxSteps) throws TransitionSystem.Broken {
        World w = model.start();
        Many steps = ctx.many(0, maxSteps, maxSteps / 2.0);
        while (steps.more()) {
            List<TransitionSystem.Edge<World>> edges = model.successors(w);
            if (edges.isEmpty()) break;
            w = edges.get(ctx.choose(edges.size())).target();
            String bad = model.invariant(w);
            if (bad != null) throw new AssertionError(bad);
        }
        return w;
    }
}
