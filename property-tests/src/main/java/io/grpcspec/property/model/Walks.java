package io.grpcspec.property.model;

import io.grpcspec.property.engine.Context;
import io.grpcspec.property.engine.Many;
import java.util.List;

/**
 * Generated conversations: random walks through the composed model, each step one of the
 * enabled transitions (a delivery or an application action), drawn from the property engine's
 * choices so a failing walk shrinks to a short one. The walk notes every step for the trace.
 * The property tests walk with it, and so does the conversation benchmark, so the benchmark
 * measures the very conversation the tests run.
 */
public final class Walks {
    private Walks() {}

    /** Larger than the model checker's bounds: walks go deep, not wide. */
    public static final Bounds WALK = new Bounds("walk", 3, 2, 2, 1, List.of(0, 1, 2, 5), 3, 3, 2, 1, 6, 0, false);

    /** The same without graceful shutdown, so that more walks end with an open connection to compare. */
    public static final Bounds WALK_OPEN = WALK.withShutdowns(0).withName("walk-open");

    /** Walks up to {@code maxSteps} steps from the start; fails (throws) on any check the model makes. */
    public static World walk(ConnectionModel model, Context ctx, int maxSteps) throws TransitionSystem.Broken {
        World w = model.start();
        Many steps = ctx.many(0, maxSteps, maxSteps / 2.0);
        while (steps.more()) {
            List<TransitionSystem.Edge<World>> edges = model.successors(w);
            if (edges.isEmpty()) break;
            TransitionSystem.Edge<World> e = edges.get(ctx.choose(edges.size()));
            ctx.note(e.label());
            w = e.target();
            String bad = model.invariant(w);
            if (bad != null) throw new AssertionError(bad);
        }
        return w;
    }
}
