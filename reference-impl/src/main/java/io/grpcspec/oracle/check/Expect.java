package io.grpcspec.oracle.check;

import io.grpcspec.spec.Rule;

/**
 * What a scenario waits for after it has sent something: a judge of the server's observed
 * behaviour, one observation at a time, until it is satisfied, or broken, or the deadline comes.
 *
 * @param <T> what a satisfied expectation yields (e.g. a collected {@link Response})
 */
public interface Expect<T> {

    /** What the rule requires, in words, for the report's "expected" line. */
    String expected();

    /** The rule the expectation checks; null for the scenario's main rule. */
    Rule rule();

    /** Judges one observation; null while undecided. */
    Judgement<T> on(Seen seen);

    /** The deadline passed before anything decided; by default that fails. */
    default Judgement<T> atDeadline() {
        return null;
    }

    /** The decision on an expectation. */
    sealed interface Judgement<T> {}

    /** Satisfied, with what was collected. */
    record Pass<T>(T value) implements Judgement<T> {}

    /** Broken: {@code observed} says how; {@code rule} overrides the expectation's rule when not null. */
    record Fail<T>(Rule rule, String observed) implements Judgement<T> {}

    /** An expectation of {@code rule} that {@code judge} decides one observation at a time (null: undecided), failing at the deadline. */
    static <T> Expect<T> of(Rule rule, String expected, java.util.function.Function<Seen, Judgement<T>> judge) {
        return new Expect<>() {
            @Override
            public String expected() {
                return expected;
            }

            @Override
            public Rule rule() {
                return rule;
            }

            @Override
            public Judgement<T> on(Seen seen) {
                return judge.apply(seen);
            }
        };
    }

    static <T> Judgement<T> pass(T value) {
        return new Pass<>(value);
    }

    static <T> Judgement<T> fail(String observed) {
        return new Fail<>(null, observed);
    }
}
