package io.grpcspec.stress.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run after jcstress: fails unless every test the jar lists (and the run's filter selects) ran
 * and took samples. jcstress exits 0 when its filter matches nothing, and it leaves out of its
 * run, without failing, a test whose actors outnumber the CPUs it may use; either would turn the
 * build green with tests that never ran. Reads the jar's {@code META-INF/TestList} and the HTML
 * report jcstress wrote.
 *
 * <p>Usage: {@code java -cp jcstress.jar io.grpcspec.stress.harness.ReportCheck REPORT_DIR TEST_REGEX};
 * exit 1 with one line per test that did not run, else one summary line.
 */
public final class ReportCheck {
    private static final Pattern LISTED = Pattern.compile("(?m)^JCTEST(\\d+)S");
    private static final Pattern SAMPLES = Pattern.compile("<td align='right'[^>]*>(\\d+)</td>");
    private static final Pattern PASS_RATE = Pattern.compile("Overall pass rate:</b>\\s*(\\d+)/(\\d+)");

    private ReportCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ReportCheck REPORT_DIR TEST_REGEX");
            System.exit(2);
        }
        Pattern filter = Pattern.compile(args[1]);
        List<String> expected = listed(ReportCheck.class.getClassLoader()).stream().filter(t -> filter.matcher(t).find()).toList();
        List<String> problems = check(Path.of(args[0]), expected);
        if (!problems.isEmpty()) {
            System.err.println("jcstress: " + problems.size() + " of " + expected.size() + " tests did not run properly:");
            problems.forEach(p -> System.err.println("  " + p));
            System.exit(1);
        }
        System.out.println("jcstress: all " + expected.size() + " tests matching " + args[1] + " ran and took samples");
    }

    /** The tests named in every {@code META-INF/TestList} the loader sees. */
    public static Set<String> listed(ClassLoader loader) throws IOException {
        Set<String> names = new TreeSet<>();
        Enumeration<URL> lists = loader.getResources("META-INF/TestList");
        while (lists.hasMoreElements()) {
            try (InputStream in = lists.nextElement().openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = LISTED.matcher(text);
                while (m.find()) names.add(text.substring(m.end(), m.end() + Integer.parseInt(m.group(1))));
            }
        }
        return names;
    }

    /**
     * What is wrong with the report in {@code dir} for the {@code expected} tests: no report, no
     * tests expected, a test without its page or without samples, or a pass-rate line that counts
     * other tests than expected. Empty when all ran.
     */
    public static List<String> check(Path dir, Collection<String> expected) throws IOException {
        List<String> problems = new ArrayList<>();
        Path index = dir.resolve("index.html");
        if (!Files.isRegularFile(index)) return List.of("no report: " + index + " is missing");
        if (expected.isEmpty()) return List.of("the filter selects no test from the jar's TestList");
        Matcher rate = PASS_RATE.matcher(Files.readString(index));
        if (!rate.find()) {
            problems.add("index.html has no pass-rate line");
        } else if (Integer.parseInt(rate.group(2)) != expected.size()) {
            problems.add("the report counts " + rate.group(2) + " tests, the jar lists " + expected.size());
        }
        for (String test : expected) {
            Path page = dir.resolve(test + ".html");
            if (!Files.isRegularFile(page)) {
                problems.add(test + ": not run (no result page)");
                continue;
            }
            long samples = 0;
            Matcher m = SAMPLES.matcher(Files.readString(page));
            while (m.find()) samples += Long.parseLong(m.group(1));
            if (samples == 0) problems.add(test + ": no samples");
        }
        return problems;
    }
}
