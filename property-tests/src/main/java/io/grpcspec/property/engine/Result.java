package io.grpcspec.property.engine;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of running one property.
 *
 * @param name      the property's name
 * @param status    passed, failed (see {@link #failure}) or gave up (too many discarded cases)
 * @param seed      the seed the run started at
 * @param seedPinned the seed was fixed in code with {@link Property#seed(long)}
 * @param requested number of valid cases asked for (after {@code -Dgrpcspec.tries} scaling)
 * @param cases     valid cases run, including a failing one
 * @param discarded cases discarded by filters, assumptions or the choice limit
 * @param labels    label → number of valid cases that carried it ({@link Context#label})
 * @param counts    counter → sum over valid cases ({@link Context#count})
 * @param failure   the failure, when {@code status == FAILED}; otherwise {@code null}
 * @param rerun     the command that reruns the failing case (or the test), for the report
 * @param elapsed   wall time of the run, shrinking included
 */
public record Result<T>(
        String name,
        Status status,
        long seed,
        boolean seedPinned,
        int requested,
        int cases,
        int discarded,
        Map<String, Integer> labels,
        Map<String, Long> counts,
        Failure<T> failure,
        String rerun,
        Duration elapsed) {

    public enum Status { PASSED, FAILED, GAVE_UP }

    public Result {
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    /**
     * One line for the log, e.g. {@code property window: 500 cases, 0 discarded, seed=42,
     * labels: empty=12 (2%), counts: FC-4=37, FC-5=3}.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder("property ").append(name).append(": ")
                .append(cases).append(" cases, ").append(discarded).append(" discarded, seed=").append(seed);
        switch (status) {
            case FAILED -> sb.append(", FAILED at case ").append(failure.caseIndex() + 1)
                    .append(" (case seed=").append(failure.caseSeed()).append(", shrunk in ")
                    .append(failure.shrinkSteps()).append(" steps)");
            case GAVE_UP -> sb.append(", GAVE UP after ").append(discarded).append(" discarded cases");
            case PASSED -> { }
        }
        sb.append(", ").append(elapsed.toMillis()).append(" ms");
        if (!labels.isEmpty()) {
            sb.append(", labels: ").append(labels.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue() + " (" + percent(e.getValue()) + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (!counts.isEmpty()) {
            sb.append(", counts: ").append(counts.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    private String percent(int n) {
        double p = cases == 0 ? 0 : 100.0 * n / cases;
        return p >= 10 || p == 0 ? Math.round(p) + "%" : String.format(java.util.Locale.ROOT, "%.1f%%", p);
    }

    /** The multi-line report an {@link AssertionError} carries when the run did not pass. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        if (status == Status.PASSED) return summary();
        if (status == Status.GAVE_UP) {
            sb.append("Property '").append(name).append("' gave up: ").append(discarded)
                    .append(" cases discarded and only ").append(cases).append(" of ").append(requested)
                    .append(" valid (seed=").append(seed).append(").\n")
                    .append("Its filters or assumptions reject nearly everything: generate valid values"
                            + " directly instead of filtering.\n")
                    .append("Rerun: ").append(rerun);
            return sb.toString();
        }
        Failure<T> f = failure;
        sb.append("Property '").append(name).append("' failed on case ").append(f.caseIndex() + 1)
                .append(" of ").append(requested).append(" (case seed=").append(f.caseSeed())
                .append(", run seed=").append(seed).append(").\n");
        sb.append("Shrunk in ").append(f.shrinkSteps()).append(" steps (").append(f.shrinkReplays())
                .append(" replays) from ").append(f.original().size()).append(" to ")
                .append(f.shrunk().size()).append(" choices")
                .append(f.shrinkBudgetExhausted() ? "; shrink budget exhausted, the example may not be minimal" : "")
                .append(".\n");
        if (f.flaky()) {
            sb.append("WARNING: replaying the shrunk case did not fail again; the property depends on"
                    + " something besides its drawn choices (shared state, time, threads).\n");
        }
        sb.append("Rerun: ").append(rerun).append('\n');
        sb.append("Error: ").append(f.error()).append('\n');
        if (!f.example().isEmpty()) {
            sb.append("Shrunk example:\n").append(Render.indent(f.example())).append('\n');
        }
        if (!f.trace().isEmpty()) {
            sb.append("Trace (").append(f.trace().size()).append(" steps):\n")
                    .append(Render.indent(String.join("\n", f.trace()))).append('\n');
        }
        return sb.toString();
    }

    /** Throws an {@link AssertionError} with {@link #report()} (cause: the shrunk case's error) unless passed. */
    public Result<T> throwIfFailed() {
        if (status == Status.FAILED) throw new AssertionError(report(), failure.error());
        if (status == Status.GAVE_UP) throw new AssertionError(report());
        return this;
    }
}
