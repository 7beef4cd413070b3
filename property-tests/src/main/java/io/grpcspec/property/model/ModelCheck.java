package io.grpcspec.property.model;

import java.io.PrintStream;

/**
 * Entry point of the bounded model checker: explores the composed client/server system under a
 * named {@link Bounds} and prints the summary line (and the shortest counterexample if any).
 *
 * <pre>
 * java -cp ... io.grpcspec.property.model.ModelCheck [bound...]   (default: the CI bounds, or -Dgrpcspec.modelcheck.bound)
 * </pre>
 * A connection bound ({@link Bounds}) explores the {@link ConnectionModel}; a call bound
 * ({@code call.CallBounds}, e.g. {@code ci-grpc}) explores the {@code call.CallModel}; a channel
 * bound ({@code channel.ChannelBounds}, e.g. {@code ci-pick-first}) the {@code channel.ChannelModel}.
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

    /**
     * Explores each named bound in turn (default: the CI bounds, or the one named by
     * {@code -Dgrpcspec.modelcheck.bound}). Naming a bound twice measures it with a warmed-up JIT.
     */
    public static void main(String[] args) {
        java.util.List<String> names = args.length > 0 ? java.util.List.of(args)
                : System.getProperty(BOUND_PROPERTY) != null ? java.util.List.of(System.getProperty(BOUND_PROPERTY)) : Bounds.CI;
        int violations = 0;
        for (String name : names) {
            if (io.grpcspec.property.model.call.CallBounds.NAMED.containsKey(name)) {
                var cb = io.grpcspec.property.model.call.CallBounds.named(name);
                System.out.println("model-check bounds: " + cb);
                ExplorationResult r = new Explorer<>(new io.grpcspec.property.model.call.CallModel(cb), name).progress(System.out, 10).run();
                System.out.println(r.summary());
                for (Counterexample c : r.violations()) System.out.print(c.render());
                violations += r.violations().size();
                continue;
            }
            if (io.grpcspec.property.model.channel.ChannelBounds.NAMED.containsKey(name)) {
                var chb = io.grpcspec.property.model.channel.ChannelBounds.named(name);
                System.out.println("model-check bounds: " + chb);
                ExplorationResult r = new Explorer<>(new io.grpcspec.property.model.channel.ChannelModel(chb), name).progress(System.out, 10).run();
                System.out.println(r.summary());
                for (Counterexample c : r.violations()) System.out.print(c.render());
                violations += r.violations().size();
                continue;
            }
            Bounds b;
            try {
                b = Bounds.named(name);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(2);
                return;
            }
            System.out.println("model-check bounds: " + b);
            violations += run(new ConnectionModel(b), System.out).violations().size();
        }
        System.exit(violations == 0 ? 0 : 1);
    }
}
