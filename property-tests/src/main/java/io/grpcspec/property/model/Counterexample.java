package io.grpcspec.property.model;

import java.util.List;

/**
 * A shortest path (breadth-first order guarantees it) from an initial state to a state that
 * breaks a check.
 *
 * @param kind    "violation" (a transition broke a rule), "invariant" or "deadlock"
 * @param problem what is wrong
 * @param steps   the transition labels from the initial state, the last one the breaking
 *                transition for kind "violation"
 * @param finalState description of the last state reached
 */
public record Counterexample(String kind, String problem, List<String> steps, String finalState) {

    public Counterexample {
        steps = List.copyOf(steps);
    }

    /** The trace, one step per line, numbered, as printed in reports. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(kind).append(": ").append(problem).append('\n');
        sb.append("shortest trace (").append(steps.size()).append(" steps):\n");
        for (int i = 0; i < steps.size(); i++) sb.append(String.format("  %3d  %s%n", i + 1, steps.get(i)));
        sb.append("  state: ").append(finalState).append('\n');
        return sb.toString();
    }
}
