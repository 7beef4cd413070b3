package io.grpcspec.property.model;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one exhaustive exploration.
 *
 * @param bound       name of the bound explored
 * @param states      distinct states reached
 * @param transitions transitions taken (edges, including those back into known states)
 * @param depth       largest breadth-first depth reached (length of the longest shortest path)
 * @param seconds     wall time
 * @param complete    false when a violation or the state limit stopped the search early
 * @param violations  counterexamples found (the search stops after the first by default)
 */
public record ExplorationResult(String bound, long states, long transitions, int depth, double seconds,
                                boolean complete, List<Counterexample> violations) {

    public ExplorationResult {
        violations = List.copyOf(violations);
    }

    public long statesPerSecond() {
        return seconds <= 0 ? states : Math.round(states / seconds);
    }

    /** The one summary line every run prints. */
    public String summary() {
        return String.format(Locale.ROOT,
                "model-check: bound=%s states=%d transitions=%d depth=%d seconds=%.2f states_per_s=%d violations=%d",
                bound, states, transitions, depth, seconds, statesPerSecond(), violations.size());
    }
}
