package io.grpcspec.property.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A property: a named claim checked on many generated cases, run from a plain JUnit
 * {@code @Test}:
 * <pre>{@code
 * @Test
 * void windowNeverNegative() {
 *     Property.forAll("window never negative", frames)
 *             .tries(500)
 *             .render(trace -> ...one frame per line...)
 *             .check((trace, ctx) -> { ... ctx.count(rule.id()); assertTrue(...); });
 * }
 * }</pre>
 * A case fails when the body throws anything (an {@link AssertionError}, an exception); the
 * failing case is then shrunk (see {@link Shrinker}) and {@link #check} throws an
 * {@link AssertionError} whose message names the property, the seeds, the Maven command that
 * reruns exactly this case, the shrink statistics, the shrunk example and its trace. After every
 * run one summary line with case counts, labels and counters goes to standard output.
 *
 * <p>Seeds: see {@link Settings}. Case {@code i+1}'s seed is derived from case {@code i}'s, and a
 * run started at seed {@code s} begins with the case seeded {@code s}; so the failing case's seed
 * printed in a report, given back as {@code -Dgrpcspec.seed}, reproduces that case immediately.
 *
 * <p>Instances are mutable builders, meant to be configured and run once inside one test.
 */
public final class Property<T> {

    /** A property body; fails by throwing. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T value) throws Exception;
    }

    /** A property body that also draws more values, labels the case or writes a trace. */
    @FunctionalInterface
    public interface CheckWithContext<T> {
        void check(T value, Context ctx) throws Exception;
    }

    private final String name;
    private final Gen<T> gen;
    private int tries = 100;
    private Long pinnedSeed;
    private Settings settings;
    private Function<? super T, String> renderer = Render::value;
    private int maxShrinkReplays = 10_000;
    private Duration shrinkTime = Duration.ofSeconds(30);
    private boolean sameErrorType;
    private double maxDiscardRatio = 5;
    private int maxChoices = 100_000;
    private boolean printSummary = true;

    private Property(String name, Gen<T> gen) {
        this.name = Objects.requireNonNull(name);
        this.gen = Objects.requireNonNull(gen);
    }

    /** A property over values of {@code gen}. */
    public static <T> Property<T> forAll(String name, Gen<T> gen) {
        return new Property<>(name, gen);
    }

    /**
     * A property whose body draws everything itself from the {@link Context} it receives, for
     * stateful tests that interleave drawing, acting and checking:
     * <pre>{@code
     * Property.stateful("counter").check(ctx -> {
     *     Many steps = ctx.many(0, 100);
     *     while (steps.more()) { Cmd c = ctx.draw(cmds); ctx.note(c); ...; assertTrue(...); }
     * });
     * }</pre>
     * The report shows the notes of the shrunk case as its trace.
     */
    public static Property<Context> stateful(String name) {
        return new Property<>(name, src -> (Context) src);
    }

    /** Number of valid cases to run (default 100), scaled by {@code -Dgrpcspec.tries}. */
    public Property<T> tries(int tries) {
        if (tries < 1) throw new IllegalArgumentException("tries must be >= 1");
        this.tries = tries;
        return this;
    }

    /**
     * Pins the run's seed in code, overriding {@code -Dgrpcspec.seed}. Meant for the engine's own
     * tests and for a regression kept on purpose; ordinary properties should leave seeds to
     * {@link Settings} so CI and reruns work as documented.
     */
    public Property<T> seed(long seed) {
        this.pinnedSeed = seed;
        return this;
    }

    /** Uses {@code settings} instead of reading the system properties. */
    public Property<T> settings(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
        return this;
    }

    /** How to show a generated value in a failure report (default: {@code toString}, long collections one element per line). */
    public Property<T> render(Function<? super T, String> renderer) {
        this.renderer = Objects.requireNonNull(renderer);
        return this;
    }

    /** Bounds shrinking (defaults: 10,000 replays, 30 s); the report says when a bound cut it short. */
    public Property<T> shrinkBudget(int maxReplays, Duration maxTime) {
        if (maxReplays < 0) throw new IllegalArgumentException("negative replay budget");
        this.maxShrinkReplays = maxReplays;
        this.shrinkTime = Objects.requireNonNull(maxTime);
        return this;
    }

    /**
     * When {@code true}, shrinking keeps only cases that throw the same exception class as the
     * first failure, so it cannot slip from one bug to another. Default {@code false}: any failure counts.
     */
    public Property<T> sameErrorType(boolean same) {
        this.sameErrorType = same;
        return this;
    }

    /** Gives up (status GAVE_UP) after {@code ratio × tries} discarded cases (default 5, at least 10 discards). */
    public Property<T> maxDiscardRatio(double ratio) {
        if (!(ratio >= 0)) throw new IllegalArgumentException("ratio must be >= 0");
        this.maxDiscardRatio = ratio;
        return this;
    }

    /** A case drawing more choices than this is discarded (default 100,000): guards runaway generators. */
    public Property<T> maxChoices(int maxChoices) {
        if (maxChoices < 1) throw new IllegalArgumentException("maxChoices must be >= 1");
        this.maxChoices = maxChoices;
        return this;
    }

    /** Whether to print the one-line summary to standard output (default {@code true}). */
    public Property<T> printSummary(boolean print) {
        this.printSummary = print;
        return this;
    }

    /** Runs the property; throws an {@link AssertionError} with the full report unless it passed. */
    public void check(Check<? super T> body) {
        run(body).throwIfFailed();
    }

    /** Runs the property; throws an {@link AssertionError} with the full report unless it passed. */
    public void check(CheckWithContext<? super T> body) {
        run(body).throwIfFailed();
    }

    /** Runs the property with a boolean body: {@code false} fails the case. */
    public void holds(Predicate<? super T> condition) {
        run(value -> {
            if (!condition.test(value)) throw new AssertionError("property returned false");
        }).throwIfFailed();
    }

    /** Runs the property and returns the result without throwing. */
    public Result<T> run(Check<? super T> body) {
        Objects.requireNonNull(body);
        return run((value, ctx) -> body.check(value));
    }

    /** Runs the property and returns the result without throwing. */
    public Result<T> run(CheckWithContext<? super T> body) {
        Objects.requireNonNull(body);
        Optional<RerunHint.Caller> caller = RerunHint.locate();
        Settings s = settings != null ? settings : Settings.fromSystemProperties();
        boolean pinned = pinnedSeed != null;
        long runSeed = pinned ? pinnedSeed : s.runSeed(name);
        int requested = s.scale(tries);
        long discardBudget = Math.max(10, (long) Math.ceil(requested * maxDiscardRatio));
        long started = System.nanoTime();

        Map<String, Integer> labels = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        int valid = 0;
        int discarded = 0;
        Result.Status status = Result.Status.PASSED;
        Failure<T> failure = null;
        String rerun = RerunHint.command(caller, runSeed, pinned);
        long caseSeed = runSeed;
        while (valid < requested) {
            if (discarded >= discardBudget) {
                status = Result.Status.GAVE_UP;
                break;
            }
            Execution<T> ex = execute(new long[0], new Rng(caseSeed), false, body);
            if (ex.invalid()) {
                discarded++;
            } else {
                valid++;
                ex.tc().labels.forEach(l -> labels.merge(l, 1, Integer::sum));
                ex.tc().counts.forEach((k, n) -> counts.merge(k, n, Long::sum));
                if (ex.failed()) {
                    failure = shrink(ex, caseSeed, valid - 1, body);
                    status = Result.Status.FAILED;
                    rerun = RerunHint.command(caller, pinned ? runSeed : caseSeed, pinned);
                    break;
                }
            }
            caseSeed = Rng.nextCaseSeed(caseSeed);
        }
        Result<T> result = new Result<>(name, status, runSeed, pinned, requested, valid, discarded,
                sorted(labels), sorted(counts), failure, rerun, Duration.ofNanos(System.nanoTime() - started));
        if (printSummary) System.out.println(result.summary());
        return result;
    }

    private static <V> Map<String, V> sorted(Map<String, V> m) {
        return new java.util.TreeMap<>(m);
    }

    // ---- executing and shrinking -----------------------------------------------------------

    /** One execution of generator and body; {@code rendered} only when asked. */
    private record Execution<T>(TestCase tc, T value, String rendered, Throwable error) {
        boolean invalid() {
            return tc.invalid();
        }

        boolean failed() {
            return !tc.invalid() && error != null;
        }
    }

    private Execution<T> execute(long[] prefix, Rng rng, boolean render, CheckWithContext<? super T> body) {
        return execute(prefix, rng, render, false, body);
    }

    /** @param keepNotes only the replay whose notes become the report's trace keeps them (see TestCase) */
    private Execution<T> execute(long[] prefix, Rng rng, boolean render, boolean keepNotes, CheckWithContext<? super T> body) {
        TestCase tc = new TestCase(prefix, rng, maxChoices, keepNotes);
        T value = null;
        String rendered = null;
        Throwable error = null;
        try {
            value = tc.draw(gen);
            if (render) rendered = renderSafely(value);
            body.check(value, tc);
        } catch (Discard d) {
            // tc already knows it is invalid
        } catch (VirtualMachineError e) {
            // Out of memory and the like are not property failures; a stack overflow is.
            if (!(e instanceof StackOverflowError)) throw e;
            error = e;
        } catch (Throwable t) {
            error = t;
        }
        return new Execution<>(tc, value, rendered, error);
    }

    private String renderSafely(T value) {
        try {
            return renderer.apply(value);
        } catch (RuntimeException e) {
            return "<renderer threw " + e + "> " + value;
        }
    }

    private Failure<T> shrink(Execution<T> first, long caseSeed, int caseIndex, CheckWithContext<? super T> body) {
        Class<?> firstErrorType = first.error().getClass();
        Shrinker.Replayer replayer = candidate -> {
            Execution<T> ex = execute(candidate, null, false, body);
            if (!ex.failed()) return null;
            if (sameErrorType && ex.error().getClass() != firstErrorType) return null;
            return new Shrinker.Attempt(ex.tc().choices(), List.copyOf(ex.tc().spans()), ex.error());
        };
        Choices original = first.tc().choices();
        Shrinker shrinker = new Shrinker(replayer,
                new Shrinker.Attempt(original, List.copyOf(first.tc().spans()), first.error()),
                maxShrinkReplays, shrinkTime.toNanos());
        shrinker.shrink();
        boolean exhausted = shrinker.budgetExhausted();
        Choices shrunk = shrinker.best().choices();

        // Replay once more to render the example and collect its trace: cheaper than rendering
        // every case, and a check that the failure is reproducible from its choices alone.
        Execution<T> last = execute(shrunk.toArray(), null, true, true, body);
        boolean flaky = !last.failed();
        Throwable error = flaky ? shrinker.best().error() : last.error();
        Execution<T> originalAgain = execute(original.toArray(), null, true, body);
        return new Failure<>(caseIndex, caseSeed, last.value(), nullToEmpty(last.rendered()),
                last.tc().notes, error, original, nullToEmpty(originalAgain.rendered()), shrunk,
                shrinker.steps(), shrinker.replays(), exhausted, flaky);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
