package io.grpcspec.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static String table(List<Report.Sample> samples, String... servers) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Report.print(samples, List.of(servers), new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String row(String table, String label) {
        return table.lines().filter(l -> l.startsWith("| " + label + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + label + "' in\n" + table));
    }

    @Test
    void showsEachServersMedianAndOurRatioToEachOther() {
        List<Report.Sample> s = List.of(
                new Report.Sample("ours", "1", "unary_grpc_cpu_us_per_call", 100),
                new Report.Sample("ours", "2", "unary_grpc_cpu_us_per_call", 300),
                new Report.Sample("ours", "3", "unary_grpc_cpu_us_per_call", 120),
                new Report.Sample("fast", "1", "unary_grpc_cpu_us_per_call", 10),
                new Report.Sample("fast", "2", "unary_grpc_cpu_us_per_call", 12),
                new Report.Sample("fast", "3", "unary_grpc_cpu_us_per_call", 90),
                new Report.Sample("slow", "1", "unary_grpc_cpu_us_per_call", 240));
        String t = table(s, "ours", "fast", "slow");
        assertTrue(t.contains("| metric | ours | fast | slow | ours / fast | ours / slow |"), t);
        assertEquals("| server CPU per unary call, grpc-java client (µs) | 120 | 12.0 | 240 | 10.00× | 0.50× |",
                row(t, "server CPU per unary call, grpc-java client (µs)"));
        assertTrue(t.startsWith("runs: 3"), t);
    }

    @Test
    void eachOfOurServersIsComparedWithEachOfTheirs() {
        List<Report.Sample> s = List.of(
                new Report.Sample("ours", "1", "unary_grpc_cpu_us_per_call", 100),
                new Report.Sample("ours-direct", "1", "unary_grpc_cpu_us_per_call", 20),
                new Report.Sample("direct", "1", "unary_grpc_cpu_us_per_call", 10),
                new Report.Sample("pool", "1", "unary_grpc_cpu_us_per_call", 50));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Report.print(s, List.of("ours", "ours-direct", "direct", "pool"), 2, new PrintStream(b, true, StandardCharsets.UTF_8));
        String t = b.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("| metric | ours | ours-direct | direct | pool | ours / direct | ours / pool | ours-direct / direct"
                + " | ours-direct / pool |"), t);
        assertEquals("| server CPU per unary call, grpc-java client (µs) | 100 | 20.0 | 10.0 | 50.0 | 10.00× | 2.00× | 2.00× | 0.40× |",
                row(t, "server CPU per unary call, grpc-java client (µs)"));
    }

    @Test
    void aMissingFigureIsNotAvailableAndARowNobodyHasIsLeftOut() {
        List<Report.Sample> s = List.of(new Report.Sample("ours", "1", "stream_mb_per_s", 379),
                new Report.Sample("ours", "1", "start_first_call_ms", 846),
                new Report.Sample("other", "1", "start_first_call_ms", 1153));
        String t = table(s, "ours", "other");
        assertEquals("| streaming MB/s (StreamingOutputCall) | 379 | n/a | n/a |", row(t, "streaming MB/s (StreamingOutputCall)"));
        assertEquals("| process start → first call (ms) | 846 | 1 153 | 0.73× |", row(t, "process start → first call (ms)"));
        assertFalse(t.contains("h2load"), t);
    }

    @Test
    void theStartWithoutTheStartUpAidHasItsOwnRowAfterTheStart() {
        List<Report.Sample> s = List.of(new Report.Sample("ours", "1", "start_first_call_ms", 300),
                new Report.Sample("ours", "1", "start_first_call_noaid_ms", 600),
                new Report.Sample("other", "1", "start_first_call_ms", 750),
                new Report.Sample("other", "1", "start_first_call_noaid_ms", 750));
        String t = table(s, "ours", "other");
        assertEquals("| process start → first call (ms) | 300 | 750 | 0.40× |", row(t, "process start → first call (ms)"));
        assertEquals("| process start → first call, no start-up aid (ms) | 600 | 750 | 0.80× |",
                row(t, "process start → first call, no start-up aid (ms)"));
        assertTrue(t.indexOf("first call (ms)") < t.indexOf("no start-up aid"), t);
    }

    @Test
    void idleRowsPerConnectionCountWithTheWorstRunForConnectionCounts() {
        List<Report.Sample> s = List.of(
                new Report.Sample("ours", "1", "idle_10000_heap_kib_per_conn", 112),
                new Report.Sample("ours", "1", "idle_10000_opened", 10000),
                new Report.Sample("ours", "2", "idle_10000_opened", 1024),
                new Report.Sample("ours", "3", "idle_10000_opened", 10000),
                new Report.Sample("ours", "1", "idle_1000_rss_kib_per_conn", 432));
        String t = table(s, "ours");
        assertEquals("| connections opened, of 10 000 | 1 024 |", row(t, "connections opened, of 10 000"));
        assertEquals("| live heap per idle connection, 10 000 connections (KiB) | 112 |",
                row(t, "live heap per idle connection, 10 000 connections (KiB)"));
        assertTrue(t.indexOf("1 000 connections") < t.indexOf("10 000 connections"), "smaller counts first:\n" + t);
    }

    @Test
    void failedCallsAreCalledOut() {
        String t = table(List.of(new Report.Sample("ours", "1", "unary_h2load_failed", 3)), "ours");
        assertTrue(t.contains("failed calls were recorded: ours unary_h2load_failed"), t);
    }

    @Test
    void readsTheResultsFileAndRejectsAMalformedLine(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("ok.tsv");
        Files.writeString(ok, "# comment\nours\t1\tstream_mb_per_s\t379.5\n\n");
        assertEquals(List.of(new Report.Sample("ours", "1", "stream_mb_per_s", 379.5)), Report.read(ok));
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "ours\t1\tstream_mb_per_s\n");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Report.read(bad));
        assertTrue(e.getMessage().contains("bad.tsv:1"), e.getMessage());
    }

    @Test
    void formatsToThreeSignificantFiguresAtMost() {
        assertEquals("6 288", Report.format(6288.4));
        assertEquals("159", Report.format(159.49));
        assertEquals("86.6", Report.format(86.62));
        assertEquals("2.45", Report.format(2.449));
        assertEquals("0.0731", Report.format(0.07314));
        assertEquals("n/a", Report.format(Double.NaN));
    }
}
