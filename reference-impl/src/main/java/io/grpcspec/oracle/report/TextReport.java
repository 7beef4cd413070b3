package io.grpcspec.oracle.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verdicts as a terminal reads them, in the manner of HTTP/2 conformance tools: grouped by area
 * under a title, one line per check with {@code ✓} (passed), {@code ✗} (failed) or {@code -}
 * (skipped) and its rule ID; under a failure what was expected, what was observed and the frame
 * trace; and last, alone on its line, {@code N passed, M failed, K skipped}.
 */
public final class TextReport {
    private TextReport() {}

    static final String PASS = "✓";
    static final String FAIL = "✗";
    static final String SKIP = "-";

    /**
     * @param heading    the first line (what was checked)
     * @param areaTitles area prefix to title, in the order the groups are printed; areas of the
     *                   verdicts that are not listed follow, titled by their prefix
     * @param verbose    every check shows all its rules and its frame trace, not only failures
     */
    public static String render(String heading, Map<String, String> areaTitles, List<Verdict> verdicts, boolean verbose) {
        Map<String, List<Verdict>> groups = new LinkedHashMap<>();
        for (String area : areaTitles.keySet()) groups.put(area, new ArrayList<>());
        for (Verdict v : verdicts) groups.computeIfAbsent(v.area(), k -> new ArrayList<>()).add(v);
        StringBuilder out = new StringBuilder(heading).append("\n");
        for (Map.Entry<String, List<Verdict>> g : groups.entrySet()) {
            if (g.getValue().isEmpty()) continue;
            out.append('\n').append(g.getKey()).append("  ").append(areaTitles.getOrDefault(g.getKey(), g.getKey())).append('\n');
            for (Verdict v : g.getValue()) line(out, v, verbose);
        }
        out.append('\n').append(Verdict.Tally.of(verdicts)).append('\n');
        return out.toString();
    }

    private static void line(StringBuilder out, Verdict v, boolean verbose) {
        String mark = v.passed() ? PASS : v.failed() ? FAIL : SKIP;
        out.append("  ").append(mark).append(' ').append(pad(v.rule(), 7)).append(' ').append(v.title());
        if (v.skipped()) out.append(" (skipped: ").append(v.observed()).append(')');
        out.append('\n');
        if (verbose) out.append("        ").append(v.id()).append("  rules ").append(String.join(", ", v.rules())).append('\n');
        if (v.failed()) {
            out.append("        expected: ").append(v.expected()).append('\n');
            out.append("        observed: ").append(v.observed()).append('\n');
        } else if (verbose && v.passed() && !v.observed().isEmpty()) {
            out.append("        observed: ").append(v.observed()).append('\n');
        }
        if (v.failed() || verbose && !v.frames().isEmpty()) {
            out.append("        frames:\n");
            for (String f : v.frames()) out.append("          ").append(f).append('\n');
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
