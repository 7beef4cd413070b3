package io.grpcspec.oracle.serve;

import io.grpcspec.oracle.RuleCatalogue;
import io.grpcspec.spec.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything the server oracle concluded, as it comes in, from any thread: per judged rule how
 * often it applied and every time a client broke it, with the evidence; and the server-side
 * assertions of a negative interop scenario. Each verdict is also one line on the sink (stderr
 * for {@code serve}) the moment it is recorded. {@link OracleReport} renders the whole.
 *
 * <p>A broken MUST rule is a failure; a broken SHOULD or MAY rule is a warning. A rule's status:
 * {@code failed} when a failure was recorded, {@code warned} when only warnings were, {@code passed}
 * when it applied and was kept, {@code skipped} when nothing it governs happened.
 */
public final class Verdicts {

    /** Findings kept per rule (all are counted, and each was printed when it happened). */
    static final int KEPT_PER_RULE = 20;

    public enum Severity { FAILURE, WARNING }

    public enum Status { PASSED, WARNED, FAILED, SKIPPED }

    /**
     * One time a client broke a rule.
     *
     * @param connection the connection's name (peer address and sequence number)
     * @param streamId   the stream concerned, or 0
     * @param detail     what happened
     * @param answer     what the server did about it
     * @param frame      the offending frame as received (or the event that showed it), "" when none
     * @param before     the frames before it on the connection, both ways, oldest first
     * @param at         when it was recorded
     */
    public record Finding(Rule rule, Severity severity, String connection, int streamId, String detail, String answer,
                          String frame, List<String> before, Instant at) {
        public Finding {
            Objects.requireNonNull(rule);
            before = List.copyOf(before);
        }
    }

    /** A server-side assertion of a negative interop scenario. */
    public record Assertion(String scenario, String name, Status status, String detail) {}

    /** The result for one judged rule; {@code exercised}: how often it applied, broken or kept. */
    public record RuleResult(Rule rule, Status status, long exercised, long failures, long warnings, List<Finding> findings) {}

    private static final class Tally {
        long exercised;
        long failures;
        long warnings;
        final List<Finding> kept = new ArrayList<>();
    }

    private final Consumer<String> lines;
    private final Instant started = Instant.now();
    private final LinkedHashSet<Rule> judged = new LinkedHashSet<>();
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Map<String, Assertion> assertions = new LinkedHashMap<>();
    private long connections;

    /** @param lines where each verdict is printed as it happens (one line each) */
    public Verdicts(Consumer<String> lines) {
        this.lines = Objects.requireNonNull(lines);
    }

    /** Declares rules as judged: each gets a testcase, skipped until something exercises it. */
    public synchronized void judge(List<Rule> rules) {
        judged.addAll(rules);
    }

    synchronized void connectionSeen() {
        connections++;
    }

    /** The rule applied and the client kept it. */
    public synchronized void exercised(Rule rule) {
        tally(rule).exercised++;
    }

    /** A client broke {@code f.rule()}; printed now. */
    public void broken(Finding f) {
        synchronized (this) {
            Tally t = tally(f.rule());
            if (f.severity() == Severity.FAILURE) t.failures++;
            else t.warnings++;
            if (t.kept.size() < KEPT_PER_RULE) t.kept.add(f);
        }
        lines.accept(line(f));
    }

    /**
     * A scenario assertion's outcome; a later outcome for the same assertion replaces it (a
     * failure is never replaced). Printed when it passes or fails.
     */
    public void assertion(Assertion a) {
        synchronized (this) {
            Assertion was = assertions.get(key(a));
            if (was != null && was.status() == Status.FAILED) return;
            if (was != null && was.equals(a)) return;
            assertions.put(key(a), a);
        }
        if (a.status() != Status.SKIPPED) {
            lines.accept("grpcspec oracle: " + (a.status() == Status.FAILED ? "FAIL" : "pass") + " scenario " + a.scenario()
                    + ": " + a.name() + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")"));
        }
    }

    private static String key(Assertion a) {
        return a.scenario() + "\u0000" + a.name();
    }

    private Tally tally(Rule rule) {
        return tallies.computeIfAbsent(rule.id(), k -> new Tally());
    }

    /** The severity of breaking {@code rule}: MUST is a failure, anything else a warning. */
    public static Severity severityOf(Rule rule) {
        return rule.level() == Rule.Level.MUST ? Severity.FAILURE : Severity.WARNING;
    }

    /** The line printed for a finding. */
    static String line(Finding f) {
        return "grpcspec oracle: " + (f.severity() == Severity.FAILURE ? "FAIL " : "WARN ") + f.rule().id() + " " + f.rule().level()
                + " [" + f.connection() + (f.streamId() > 0 ? " stream " + f.streamId() : "") + "] " + f.detail()
                + " -> " + f.answer() + (f.frame().isEmpty() ? "" : "; frame: " + f.frame());
    }

    // ------------------------------------------------------------------ results

    /** Judged rules and every rule a finding names, in catalogue order. */
    public synchronized List<RuleResult> results() {
        LinkedHashSet<Rule> rules = new LinkedHashSet<>(judged);
        for (String id : tallies.keySet()) rules.add(RuleCatalogue.byId(id));
        List<Rule> ordered = new ArrayList<>(rules);
        List<Rule> catalogue = RuleCatalogue.all();
        ordered.sort(Comparator.comparingInt(catalogue::indexOf));
        List<RuleResult> out = new ArrayList<>();
        for (Rule r : ordered) {
            Tally t = tallies.get(r.id());
            if (t == null) {
                out.add(new RuleResult(r, Status.SKIPPED, 0, 0, 0, List.of()));
                continue;
            }
            Status s = t.failures > 0 ? Status.FAILED : t.warnings > 0 ? Status.WARNED : t.exercised > 0 ? Status.PASSED : Status.SKIPPED;
            // A frame that broke a rule usually also counted as applying it; an observer's
            // verdict may be the only sign the rule applied.
            long applied = Math.max(t.exercised, t.failures + t.warnings);
            out.add(new RuleResult(r, s, applied, t.failures, t.warnings, List.copyOf(t.kept)));
        }
        return out;
    }

    public synchronized List<Assertion> assertions() {
        return List.copyOf(assertions.values());
    }

    /** True when a MUST rule failed or a scenario assertion did: the process must exit non-zero. */
    public synchronized boolean failed() {
        return tallies.values().stream().anyMatch(t -> t.failures > 0)
                || assertions.values().stream().anyMatch(a -> a.status() == Status.FAILED);
    }

    public synchronized long connections() {
        return connections;
    }

    public Instant started() {
        return started;
    }
}
