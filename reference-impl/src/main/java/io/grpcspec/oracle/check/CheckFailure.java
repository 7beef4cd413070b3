package io.grpcspec.oracle.check;

import io.grpcspec.spec.Rule;

/**
 * Ends a scenario with a failed verdict: the server did not do what {@code rule} requires.
 * {@code rule} null means the scenario's main rule.
 */
public final class CheckFailure extends RuntimeException {
    final transient Rule rule;
    final String expected;
    final String observed;

    public CheckFailure(Rule rule, String expected, String observed) {
        super("expected " + expected + ", observed " + observed, null, false, false);
        this.rule = rule;
        this.expected = expected;
        this.observed = observed;
    }
}
