package io.grpcspec.property.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** Case counts, discards, statistics and the summary line. */
class RunTest {

    @Test
    void passingPropertyRunsTheRequestedNumberOfCasesAndCountsLabels() {
        int[] bodyCalls = {0};
        Map<String, Integer> expectedLabels = new HashMap<>();
        long[] expectedCount = {0};
        Result<List<Integer>> r = Property.forAll("labels", Gen.ints(0, 100).list(0, 10))
                .settings(Settings.DEFAULTS).tries(250).printSummary(false)
                .run((xs, ctx) -> {
                    bodyCalls[0]++;
                    ctx.classify(xs.isEmpty(), "empty");
                    ctx.label(xs.size() > 5 ? "long" : "short");
                    ctx.label("short"); // a label counts once per case however often it is given
                    if (xs.isEmpty()) expectedLabels.merge("empty", 1, Integer::sum);
                    if (xs.size() > 5) expectedLabels.merge("long", 1, Integer::sum);
                    expectedLabels.merge("short", 1, Integer::sum);
                    for (int x : xs) {
                        if (x % 2 == 0) {
                            ctx.count("FC-4");
                            expectedCount[0]++;
                        }
                    }
                });
        assertEquals(Result.Status.PASSED, r.status());
        assertEquals(250, r.cases());
        assertEquals(250, r.requested());
        assertEquals(250, bodyCalls[0]);
        assertEquals(0, r.discarded());
        assertNull(r.failure());
        assertEquals(expectedLabels, r.labels());
        assertEquals(Map.of("FC-4", expectedCount[0]), r.counts());
        assertTrue(r.labels().get("empty") > 0 && r.labels().get("long") > 0, "both kinds generated: " + r.labels());
    }

    /** A note whose rendering is counted, to see which executions format their notes. */
    private record CountedNote(int value, int[] rendered) {
        @Override
        public String toString() {
            rendered[0]++;
            return "step " + value;
        }
    }

    @Test
    void passingCasesNeverRenderTheirNotesAndTheShrunkFailureShowsItsOwn() {
        int[] rendered = {0};
        Result<Context> passed = Property.stateful("notes of passing cases").settings(Settings.DEFAULTS).tries(50)
                .printSummary(false)
                .run(ctx -> {
                    Many steps = ctx.many(0, 20);
                    while (steps.more()) ctx.note(new CountedNote(ctx.draw(0, 9), rendered));
                });
        assertEquals(Result.Status.PASSED, passed.status());
        assertEquals(0, rendered[0], "a passing case's notes are dropped unread");

        Result<Context> failed = Property.stateful("notes of the failing case").settings(Settings.DEFAULTS).tries(200)
                .printSummary(false)
                .run(ctx -> {
                    Many steps = ctx.many(0, 20);
                    int sum = 0;
                    while (steps.more()) {
                        int x = ctx.draw(0, 9);
                        ctx.note(new CountedNote(x, rendered));
                        sum += x;
                    }
                    if (sum >= 10) throw new AssertionError("sum " + sum);
                });
        assertEquals(Result.Status.FAILED, failed.status());
        // The trace is the shrunk case's own notes, rendered once each, and nothing else was rendered.
        List<String> trace = failed.failure().trace();
        assertTrue(!trace.isEmpty() && trace.stream().allMatch(l -> l.startsWith("step ")), "trace: " + trace);
        int sum = trace.stream().mapToInt(l -> Integer.parseInt(l.substring(5))).sum();
        assertTrue(sum >= 10, "the trace is the failing case's: " + trace);
        assertEquals(trace.size(), rendered[0], "only the reported replay renders its notes");
    }

    @Test
    void summaryLineIsPrintedToStandardOutput() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Property.forAll("summary", Gen.ints(0, 9)).settings(Settings.DEFAULTS).seed(11).tries(40)
                    .check((x, ctx) -> ctx.count(x < 5 ? "FC-4" : "FC-5"));
        } finally {
            System.setOut(saved);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("property summary: 40 cases, 0 discarded, seed=11, "), out);
        assertTrue(out.matches("(?s).*, counts: FC-4=\\d+, FC-5=\\d+\\R"), out);
        assertEquals(1, out.lines().count(), out);
    }

    @Test
    void summaryShowsLabelPercentages() {
        Result<Integer> r = Property.forAll("percent", Gen.ints(0, 3)).settings(Settings.DEFAULTS).tries(200)
                .printSummary(false).run((x, ctx) -> ctx.label("always"));
        assertTrue(r.summary().contains("labels: always=200 (100%)"), r.summary());
    }

    @Test
    void triesFactorScalesTheNumberOfCases() {
        int[] calls = {0};
        Result<Integer> r = Property.forAll("scaled", Gen.ints(0, 3)).tries(200).printSummary(false)
                .settings(new Settings(OptionalLong.empty(), false, 0.25))
                .run(x -> calls[0]++);
        assertEquals(50, r.cases());
        assertEquals(50, calls[0]);
    }

    @Test
    void discardsBeyondTheBudgetGiveUpInsteadOfLooping() {
        Result<Integer> r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Property
                .forAll("impossible filter", Gen.ints(0, 1000).filter(x -> x > 1000))
                .settings(Settings.DEFAULTS).tries(100).printSummary(false)
                .run(x -> {
                    throw new AssertionError("never reached: every case is discarded");
                }));
        assertEquals(Result.Status.GAVE_UP, r.status());
        assertEquals(0, r.cases());
        assertEquals(500, r.discarded(), "default budget: 5 discards per requested case");
        assertTrue(r.summary().contains("GAVE UP after 500 discarded cases"), r.summary());
        AssertionError e = assertThrows(AssertionError.class, r::throwIfFailed);
        assertTrue(e.getMessage().contains("gave up: 500 cases discarded and only 0 of 100 valid"), e.getMessage());
    }

    @Test
    void assumptionsDiscardAndTheRunStillReachesItsTries() {
        int[] bodyRuns = {0};
        Result<Integer> r = Property.forAll("assume even", Gen.ints(0, 1000)).settings(Settings.DEFAULTS)
                .tries(100).printSummary(false)
                .run((x, ctx) -> {
                    ctx.assume(x % 2 == 0);
                    bodyRuns[0]++;
                    assertEquals(0, x % 2);
                });
        assertEquals(Result.Status.PASSED, r.status());
        assertEquals(100, r.cases());
        assertEquals(100, bodyRuns[0]);
        assertTrue(r.discarded() > 10, "odd values were drawn and discarded: " + r.discarded());
    }

    @Test
    void swallowedDiscardsStillDiscardTheCase() {
        Result<Integer> r = Property.forAll("swallow", Gen.ints(0, 10)).settings(Settings.DEFAULTS).tries(20)
                .maxDiscardRatio(1).printSummary(false)
                .run((x, ctx) -> {
                    try {
                        ctx.assume(false);
                    } catch (RuntimeException ignored) {
                        // a careless catch-all in test code must not turn a discard into a pass
                    }
                });
        assertEquals(Result.Status.GAVE_UP, r.status());
        assertEquals(0, r.cases());
    }

    @Test
    void runawayGeneratorsHitTheChoiceLimitAndAreDiscarded() {
        Gen<Integer> runaway = src -> {
            int n = 0;
            while (true) n += src.draw(1, 2); // never stops on its own
        };
        Result<Integer> r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Property
                .forAll("runaway", runaway).settings(Settings.DEFAULTS).tries(5).maxChoices(1000)
                .printSummary(false).run(x -> { }));
        assertEquals(Result.Status.GAVE_UP, r.status());
        assertEquals(0, r.cases());
    }

    @Test
    void statisticsComeFromGeneratedCasesNotFromShrinkReplays() {
        Result<Integer> r = Property.forAll("stats while failing", Gen.ints(0, 1_000_000)).settings(Settings.DEFAULTS)
                .printSummary(false).run((x, ctx) -> {
                    ctx.label("seen");
                    ctx.count("draws");
                    assertTrue(x < 1000);
                });
        assertEquals(Result.Status.FAILED, r.status());
        assertTrue(r.failure().shrinkReplays() > 0);
        assertEquals(r.cases(), r.labels().get("seen"));
        assertEquals((long) r.cases(), r.counts().get("draws"));
    }

    @Test
    void rulesAreCountedByTheirId() {
        io.grpcspec.spec.Rule rule = io.grpcspec.spec.Rule.must("FC-4", "RFC 9113 §6.9.1", "test rule");
        Result<Integer> r = Property.forAll("rules", Gen.ints(1, 3)).settings(Settings.DEFAULTS).tries(10)
                .printSummary(false).run((x, ctx) -> {
                    for (int i = 0; i < x; i++) ctx.count(rule);
                });
        assertTrue(r.counts().get("FC-4") >= 10 && r.counts().get("FC-4") <= 30, r.counts().toString());
        assertTrue(r.summary().contains("counts: FC-4="), r.summary());
    }
}
