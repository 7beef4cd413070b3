package io.grpcspec.property.model;

import java.io.PrintStream;

/**
 * Entry point of the bounded model checker: explores the composed client/server system under a
 * named {@link Bounds} and prints the summary line (and the shortest counterexample if any).
 *
 * <pre>
 * java -cp ... io.grpcspec.property.model.ModelCheck [bound]      (default: ci; or -Dgrpcspec.modelcheck.bound)
 * </pre>
 * Exit status: 0 when no violation was found, 1 otherwise, 2 on bad arguments.
 */
public final class ModelCheck {
    /** System property naming the bound for the JUnit run and for {@link #main}. */
    public static final String BOUND_PROPERTY = "grpcspec.modelcheck.bound";

    private ModelCheck() {}

    /** Explores {@code model} and prints progress, the summary line and any counterexample to {@code out}. */
    public static ExplorationResult run(ConnectionModel model, PrintStream out) {
        ExplorationResult r = new Explorer<>(model, model.bounds().name()).progress(out, 10).run();
        out.println(r.summary());
        for (Counterexample c : r.violations()) out.print(c.render());
        return r;
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : System.getProperty(BOUND_PROPERTY, "ci");
        Bounds b;
        try {
            b = Bounds.named(name);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("model-check bounds: " + b);
        ExplorationResult r = run(new ConnectionModel(b), System.out);
        System.exit(r.violations().isEmpty() ? 0 : 1);
    }
}
