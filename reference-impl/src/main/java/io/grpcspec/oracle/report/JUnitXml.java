package io.grpcspec.oracle.report;

import java.util.List;
import java.util.Objects;

/**
 * Writes verdicts as a JUnit XML report (the de-facto format of the Ant/Surefire
 * {@code testsuites} schema that CI systems read): one {@code testsuite} per group (an area, a
 * peer), one {@code testcase} per verdict, {@code failure} with the evidence for a failed one,
 * {@code skipped} for one that was not exercised, {@code system-out} for what a case printed
 * (the oracle's warnings).
 */
public final class JUnitXml {
    private JUnitXml() {}

    public enum Outcome { PASSED, FAILED, SKIPPED }

    /**
     * One verdict.
     *
     * @param name      the test case name (a scenario or a rule ID)
     * @param className the group it belongs to, dotted (e.g. {@code grpcspec.check.FC})
     * @param outcome   passed, failed or skipped
     * @param message   one line: why it failed or was skipped ("" when passed)
     * @param details   the evidence (expected vs observed, frame trace); may span lines
     * @param seconds   how long it took
     * @param output    what the case printed, written as its {@code system-out} ("" for none): a
     *                  passed case can carry warnings there, which CI shows without failing
     */
    public record Case(String name, String className, Outcome outcome, String message, String details, double seconds, String output) {
        public Case {
            Objects.requireNonNull(name);
            Objects.requireNonNull(className);
            Objects.requireNonNull(outcome);
            message = message == null ? "" : message;
            details = details == null ? "" : details;
            output = output == null ? "" : output;
        }

        /** A case that printed nothing. */
        public Case(String name, String className, Outcome outcome, String message, String details, double seconds) {
            this(name, className, outcome, message, details, seconds, "");
        }
    }

    /** A named group of cases. */
    public record Suite(String name, List<Case> cases) {
        public Suite {
            cases = List.copyOf(cases);
        }

        long count(Outcome o) {
            return cases.stream().filter(c -> c.outcome() == o).count();
        }

        double seconds() {
            return cases.stream().mapToDouble(Case::seconds).sum();
        }
    }

    /** The report document for {@code suites}, under a {@code testsuites} root named {@code name}. */
    public static String render(String name, List<Suite> suites) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long tests = 0, failures = 0, skipped = 0;
        double time = 0;
        for (Suite s : suites) {
            tests += s.cases().size();
            failures += s.count(Outcome.FAILED);
            skipped += s.count(Outcome.SKIPPED);
            time += s.seconds();
        }
        x.append("<testsuites name=\"").append(attr(name)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(seconds(time)).append("\">\n");
        for (Suite s : suites) {
            x.append("  <testsuite name=\"").append(attr(s.name())).append("\" tests=\"").append(s.cases().size())
                    .append("\" failures=\"").append(s.count(Outcome.FAILED)).append("\" errors=\"0\" skipped=\"")
                    .append(s.count(Outcome.SKIPPED)).append("\" time=\"").append(seconds(s.seconds())).append("\">\n");
            for (Case c : s.cases()) {
                x.append("    <testcase name=\"").append(attr(c.name())).append("\" classname=\"").append(attr(c.className()))
                        .append("\" time=\"").append(seconds(c.seconds())).append('"');
                String out = c.output().isEmpty() ? "" : "      <system-out>" + text(c.output()) + "</system-out>\n";
                switch (c.outcome()) {
                    case PASSED -> x.append(out.isEmpty() ? "/>\n" : ">\n" + out + "    </testcase>\n");
                    case SKIPPED -> x.append(">\n      <skipped message=\"").append(attr(c.message())).append("\"/>\n")
                            .append(out).append("    </testcase>\n");
                    case FAILED -> x.append(">\n      <failure message=\"").append(attr(c.message())).append("\">")
                            .append(text(c.details())).append("</failure>\n").append(out).append("    </testcase>\n");
                }
            }
            x.append("  </testsuite>\n");
        }
        return x.append("</testsuites>\n").toString();
    }

    /**
     * The report for {@code verdicts}: one suite per area (in first-seen order), one case per
     * verdict named by its ID and title, classname {@code prefix + "." + area}, the failure's
     * message the broken rule with what was expected and observed, its text the frame trace.
     */
    public static String render(String name, String prefix, List<Verdict> verdicts) {
        java.util.Map<String, List<Case>> byArea = new java.util.LinkedHashMap<>();
        for (Verdict v : verdicts) {
            String message = switch (v.outcome()) {
                case PASSED -> "";
                case SKIPPED -> v.observed();
                case FAILED -> v.rule() + ": expected " + v.expected() + "; observed " + v.observed();
            };
            String details = v.failed() ? String.join("\n", v.frames()) : "";
            byArea.computeIfAbsent(v.area(), k -> new java.util.ArrayList<>())
                    .add(new Case(v.id() + " " + v.title(), prefix + "." + v.area(), v.outcome(), message, details, v.seconds()));
        }
        List<Suite> suites = new java.util.ArrayList<>();
        byArea.forEach((area, cases) -> suites.add(new Suite(prefix + "." + area, cases)));
        return render(name, suites);
    }

    private static String seconds(double s) {
        return String.format(java.util.Locale.ROOT, "%.3f", s);
    }

    /** XML 1.0 allows only some control characters; others (from a peer's debug data) become U+FFFD. */
    private static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }
}
