package io.grpcspec.oracle.report;

import io.grpcspec.oracle.report.JUnitXml.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * The oracle's answer for one check of a peer: which rules it concerned, whether the peer met
 * them, and the evidence. Reports of every kind (text, JSON, JUnit XML) are built from verdicts.
 *
 * @param id       a stable name for the check, e.g. {@code SET-6/max-frame-size-too-small}
 * @param area     the rule area the check is grouped under (the area of its first rule)
 * @param title    what the check is about, one line
 * @param rules    the rule IDs the check concerns, the main one first
 * @param outcome  passed, failed, or skipped (not exercised)
 * @param rule     the rule the verdict is about: for a failure the rule that was broken
 * @param expected what the rules require, in words ("" when skipped)
 * @param observed what the peer did (for a skip: why it was skipped)
 * @param frames   the frame trace, one line per frame or note ({@link FrameLog})
 * @param seconds  how long the check took
 */
public record Verdict(String id, String area, String title, List<String> rules, Outcome outcome, String rule,
                      String expected, String observed, List<String> frames, double seconds) {

    public Verdict {
        Objects.requireNonNull(id);
        Objects.requireNonNull(area);
        Objects.requireNonNull(title);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(rule);
        rules = List.copyOf(rules);
        expected = expected == null ? "" : expected;
        observed = observed == null ? "" : observed;
        frames = List.copyOf(frames);
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    public boolean skipped() {
        return outcome == Outcome.SKIPPED;
    }

    /** Counts of each outcome over {@code verdicts}. */
    public record Tally(long passed, long failed, long skipped) {
        public static Tally of(List<Verdict> verdicts) {
            return new Tally(verdicts.stream().filter(Verdict::passed).count(), verdicts.stream().filter(Verdict::failed).count(),
                    verdicts.stream().filter(Verdict::skipped).count());
        }

        /** The summary line tools parse: {@code N passed, M failed, K skipped}. */
        @Override
        public String toString() {
            return passed + " passed, " + failed + " failed, " + skipped + " skipped";
        }
    }
}
