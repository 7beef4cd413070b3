package io.grpcspec.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.stress.harness.ReportCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check that runs after jcstress in {@code mvn verify} fails on every way a test can go missing. */
class ReportCheckTest {
    private static final List<String> TESTS = List.of("io.grpcspec.stress.A", "io.grpcspec.stress.B");

    @TempDir
    Path dir;

    private void index(int passed, int total) throws IOException {
        Files.writeString(dir.resolve("index.html"),
                "<tr><td nowrap><b>Overall pass rate:</b> " + passed + "/" + total + "&nbsp;</td></tr>");
    }

    private void page(String test, long... samples) throws IOException {
        StringBuilder s = new StringBuilder("<td align='center' bgColor='green '>OK</td>\n");
        for (long n : samples) s.append("<td align='right' width='50.0%' bgColor=#00ff00>").append(n).append("</td>\n");
        Files.writeString(dir.resolve(test + ".html"), s);
    }

    @Test
    void aReportWhereEveryTestTookSamplesPasses() throws IOException {
        index(2, 2);
        page(TESTS.get(0), 583993, 110298);
        page(TESTS.get(1), 0, 12);
        assertEquals(List.of(), ReportCheck.check(dir, TESTS));
    }

    @Test
    void aTestLeftOutOfTheRunFails() throws IOException {
        index(1, 1);
        page(TESTS.get(0), 10);
        List<String> problems = ReportCheck.check(dir, TESTS);
        assertEquals(List.of("the report counts 1 tests, the jar lists 2", "io.grpcspec.stress.B: not run (no result page)"), problems);
    }

    @Test
    void aTestWithoutSamplesFails() throws IOException {
        index(2, 2);
        page(TESTS.get(0), 10);
        page(TESTS.get(1));
        assertEquals(List.of("io.grpcspec.stress.B: no samples"), ReportCheck.check(dir, TESTS));
    }

    @Test
    void noReportOrNoSelectedTestFails() throws IOException {
        assertTrue(ReportCheck.check(dir, TESTS).get(0).startsWith("no report"));
        index(0, 0);
        assertEquals(List.of("the filter selects no test from the jar's TestList"), ReportCheck.check(dir, List.of()));
    }

    @Test
    void theJarsTestListIsRead() throws IOException {
        Set<String> listed = ReportCheck.listed(getClass().getClassLoader());
        assertTrue(listed.contains("io.grpcspec.stress.SerialExecutorStress"), listed.toString());
        assertTrue(listed.contains("io.grpcspec.stress.teeth.UnsafeSerialExecutorStress"), listed.toString());
    }
}
