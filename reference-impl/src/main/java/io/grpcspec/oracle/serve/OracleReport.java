package io.grpcspec.oracle.serve;

import io.grpcspec.oracle.report.JUnitXml;
import io.grpcspec.oracle.report.JsonWriter;
import io.grpcspec.oracle.serve.Verdicts.Assertion;
import io.grpcspec.oracle.serve.Verdicts.Finding;
import io.grpcspec.oracle.serve.Verdicts.RuleResult;
import io.grpcspec.oracle.serve.Verdicts.Severity;
import io.grpcspec.oracle.serve.Verdicts.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server oracle's verdicts at shutdown, three ways: a summary by rule for the terminal, a
 * JSON document ({@code --report}), and JUnit XML ({@code --junit}) with one testcase per judged
 * rule (passed: exercised and never broken; failed: a MUST broken, with the evidence; skipped:
 * not exercised; a SHOULD or MAY broken passes with its warnings as the case's output) and one per
 * scenario assertion.
 *
 * @param mode what ran: "oracle", "scenario goaway", "oracle, scenario ping", with the answers given
 */
public record OracleReport(Verdicts verdicts, String mode, Instant ended) {

    /** Findings shown per rule in the summary. */
    static final int SUMMARY_FINDINGS = 3;

    // ------------------------------------------------------------------ text

    /** The summary printed at shutdown. */
    public String summary() {
        List<RuleResult> rules = verdicts.results();
        Map<Status, Long> count = counts(rules);
        StringBuilder sb = new StringBuilder();
        sb.append("grpcspec oracle: summary (").append(mode).append("): ").append(verdicts.connections()).append(" connection")
                .append(verdicts.connections() == 1 ? "" : "s");
        if (!rules.isEmpty()) {
            sb.append(", ").append(rules.size()).append(" rules judged: ").append(count.get(Status.PASSED)).append(" passed, ")
                    .append(count.get(Status.FAILED)).append(" failed, ").append(count.get(Status.WARNED)).append(" warned, ")
                    .append(count.get(Status.SKIPPED)).append(" not exercised");
        }
        sb.append('\n');
        for (RuleResult r : rules) {
            if (r.status() != Status.FAILED && r.status() != Status.WARNED) continue;
            sb.append(String.format(Locale.ROOT, "  %-6s %-7s %-6s %d failure(s), %d warning(s), exercised %d times: %s%n",
                    r.status() == Status.FAILED ? "FAIL" : "WARN", r.rule().id(), r.rule().level(), r.failures(), r.warnings(),
                    r.exercised(), r.rule().statement()));
            for (Finding f : r.findings().subList(0, Math.min(SUMMARY_FINDINGS, r.findings().size()))) {
                sb.append("         [").append(f.connection()).append(f.streamId() > 0 ? " stream " + f.streamId() : "").append("] ")
                        .append(f.detail()).append(" -> ").append(f.answer()).append('\n');
            }
        }
        List<String> passed = rules.stream().filter(r -> r.status() == Status.PASSED)
                .map(r -> r.rule().id() + "×" + r.exercised()).toList();
        if (!passed.isEmpty()) sb.append("  passed: ").append(String.join(" ", passed)).append('\n');
        List<String> skipped = rules.stream().filter(r -> r.status() == Status.SKIPPED).map(r -> r.rule().id()).toList();
        if (!skipped.isEmpty()) sb.append("  not exercised: ").append(String.join(" ", skipped)).append('\n');
        for (Assertion a : verdicts.assertions()) {
            sb.append("  scenario ").append(a.scenario()).append(": ").append(a.status().name().toLowerCase(Locale.ROOT)).append("  ")
                    .append(a.name()).append(a.detail().isEmpty() ? "" : " (" + a.detail() + ")").append('\n');
        }
        sb.append("grpcspec oracle: ").append(verdicts.failed() ? "FAILED (a MUST rule or a scenario assertion failed)" : "no MUST-level failure");
        return sb.toString();
    }

    private static Map<Status, Long> counts(List<RuleResult> rules) {
        Map<Status, Long> m = new LinkedHashMap<>();
        for (Status s : Status.values()) m.put(s, 0L);
        for (RuleResult r : rules) m.merge(r.status(), 1L, Long::sum);
        return m;
    }

    // ------------------------------------------------------------------ JSON

    public String json() {
        List<RuleResult> rules = verdicts.results();
        Map<Status, Long> count = counts(rules);
        JsonWriter w = new JsonWriter().beginObject();
        w.field("tool", "grpcspec serve").field("mode", mode).field("started", verdicts.started().toString())
                .field("ended", ended.toString()).field("connections", verdicts.connections());
        w.name("summary").beginObject().field("rules", rules.size());
        for (Status s : Status.values()) w.field(s.name().toLowerCase(Locale.ROOT), count.get(s));
        // 1 when a MUST rule or a scenario assertion failed: the exit status of serve.
        w.field("exitStatus", verdicts.failed() ? 1 : 0).endObject();
        w.name("rules").beginArray();
        for (RuleResult r : rules) {
            w.beginObject().field("id", r.rule().id()).field("level", r.rule().level().name()).field("status", r.status().name().toLowerCase(Locale.ROOT))
                    .field("exercised", r.exercised()).field("failures", r.failures()).field("warnings", r.warnings())
                    .field("rule", r.rule().statement()).field("source", r.rule().source());
            w.name("findings").beginArray();
            for (Finding f : r.findings()) {
                w.beginObject().field("severity", f.severity().name().toLowerCase(Locale.ROOT)).field("connection", f.connection())
                        .field("stream", f.streamId()).field("detail", f.detail()).field("answer", f.answer()).field("frame", f.frame());
                w.name("before").beginArray();
                for (String b : f.before()) w.value(b);
                w.endArray().field("at", f.at().toString()).endObject();
            }
            w.endArray().endObject();
        }
        w.endArray();
        w.name("scenario").beginArray();
        for (Assertion a : verdicts.assertions()) {
            w.beginObject().field("scenario", a.scenario()).field("assertion", a.name())
                    .field("status", a.status().name().toLowerCase(Locale.ROOT)).field("detail", a.detail()).endObject();
        }
        w.endArray();
        return w.endObject().toJson();
    }

    // ------------------------------------------------------------------ JUnit XML

    public String junit() {
        Map<String, List<JUnitXml.Case>> byArea = new LinkedHashMap<>();
        for (RuleResult r : verdicts.results()) {
            String area = r.rule().area();
            byArea.computeIfAbsent(area, k -> new ArrayList<>()).add(ruleCase(r));
        }
        List<JUnitXml.Suite> suites = new ArrayList<>();
        byArea.forEach((area, cases) -> suites.add(new JUnitXml.Suite("grpcspec.oracle." + area, cases)));
        Map<String, List<JUnitXml.Case>> byScenario = new LinkedHashMap<>();
        for (Assertion a : verdicts.assertions()) {
            String cls = "grpcspec.scenario." + a.scenario();
            JUnitXml.Outcome o = switch (a.status()) {
                case PASSED, WARNED -> JUnitXml.Outcome.PASSED;
                case FAILED -> JUnitXml.Outcome.FAILED;
                case SKIPPED -> JUnitXml.Outcome.SKIPPED;
            };
            byScenario.computeIfAbsent(cls, k -> new ArrayList<>()).add(new JUnitXml.Case(a.name(), cls, o, a.detail(), a.detail(), 0));
        }
        byScenario.forEach((cls, cases) -> suites.add(new JUnitXml.Suite(cls, cases)));
        return JUnitXml.render("grpcspec oracle (" + mode + ")", suites);
    }

    private static JUnitXml.Case ruleCase(RuleResult r) {
        String cls = "grpcspec.oracle." + r.rule().area();
        String name = r.rule().id();
        return switch (r.status()) {
            case PASSED -> new JUnitXml.Case(name, cls, JUnitXml.Outcome.PASSED, "", "", 0, "exercised " + r.exercised() + " times");
            case SKIPPED -> new JUnitXml.Case(name, cls, JUnitXml.Outcome.SKIPPED, "not exercised", "", 0);
            case WARNED -> new JUnitXml.Case(name, cls, JUnitXml.Outcome.PASSED, "", "", 0, evidence(r, Severity.WARNING));
            case FAILED -> new JUnitXml.Case(name, cls, JUnitXml.Outcome.FAILED,
                    r.rule().level() + " " + r.rule().id() + " broken " + r.failures() + " time(s): " + r.findings().get(0).detail(),
                    evidence(r, Severity.FAILURE), 0, evidence(r, Severity.WARNING));
        };
    }

    private static String evidence(RuleResult r, Severity severity) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : r.findings()) {
            if (f.severity() != severity) continue;
            sb.append(severity == Severity.WARNING ? "warning: " : "").append(f.rule().id()).append(" [").append(f.connection())
                    .append(f.streamId() > 0 ? " stream " + f.streamId() : "").append("] ").append(f.detail()).append('\n')
                    .append("  answer: ").append(f.answer()).append('\n');
            if (!f.frame().isEmpty()) sb.append("  frame:  ").append(f.frame()).append('\n');
            if (!f.before().isEmpty()) sb.append("  before:\n");
            for (String b : f.before()) sb.append("    ").append(b).append('\n');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ files

    /** Writes {@code text} to {@code file} whole or not at all (a temporary file moved into place). */
    public static void write(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
