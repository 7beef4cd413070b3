package io.grpcspec.property.engine;

import java.util.List;

/**
 * A falsified property: the first failing case found and the shrunk case reported.
 *
 * @param caseIndex      0-based index of the failing case among the valid cases of the run
 * @param caseSeed       seed of the failing case; {@code -Dgrpcspec.seed=caseSeed} replays it first
 * @param value          the generated value of the shrunk case: the object the body received
 *                       (if the body mutated it, so is this)
 * @param example        {@code value} rendered by the property's renderer before the body ran
 * @param trace          the {@link Context#note} lines of the shrunk case, in order
 * @param error          what the shrunk case threw
 * @param original       choices of the first failing case, before shrinking
 * @param originalExample the first failing case's value, rendered
 * @param shrunk         choices of the shrunk case
 * @param shrinkSteps    edits kept while shrinking (each made the case strictly smaller)
 * @param shrinkReplays  replays tried while shrinking
 * @param shrinkBudgetExhausted shrinking stopped on its replay or time budget, not at a fixed point
 * @param flaky          replaying the shrunk choices did not fail again: the property depends on
 *                       something other than its drawn choices (shared state, time, threads)
 */
public record Failure<T>(
        int caseIndex,
        long caseSeed,
        T value,
        String example,
        List<String> trace,
        Throwable error,
        Choices original,
        String originalExample,
        Choices shrunk,
        int shrinkSteps,
        int shrinkReplays,
        boolean shrinkBudgetExhausted,
        boolean flaky) {

    public Failure {
        trace = List.copyOf(trace);
    }
}
