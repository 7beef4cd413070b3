package io.grpcspec.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comparison table: reads the results {@code compare.sh} collected ({@code server, run,
 * metric, value} per line, tab-separated) and prints, per metric, each server's median over the
 * runs and the ratios of each of our servers (the first {@code --ours N} named, 1 unless said;
 * e.g. our server with its default executor and with the direct one) to each of the others, as a
 * Markdown table.
 * Connection counts ({@code _opened}, {@code _answering}) show the worst run instead of the
 * median. A metric a server has no figure for shows {@code n/a}.
 */
public final class Report {

    /** How one metric is shown: its row label, and whether the worst run (the minimum) is shown instead of the median. */
    record Row(String metric, String label, boolean worstRun) {}

    /** The metrics in the order they are shown; {@code idle_N_*} rows are added per N found. */
    static final List<Row> FIXED = List.of(
            new Row("unary_h2load_cpu_us_per_call", "server CPU per unary call, h2load (µs)", false),
            new Row("unary_h2load_calls_per_s", "unary calls/s, h2load", false),
            new Row("unary_h2load_p50_us", "unary latency p50, h2load (µs)", false),
            new Row("unary_h2load_p99_us", "unary latency p99, h2load (µs)", false),
            new Row("unary_grpc_cpu_us_per_call", "server CPU per unary call, grpc-java client (µs)", false),
            new Row("unary_grpc_calls_per_s", "unary calls/s, grpc-java client", false),
            new Row("unary_grpc_p50_us", "unary latency p50, grpc-java client (µs)", false),
            new Row("unary_grpc_p99_us", "unary latency p99, grpc-java client (µs)", false),
            new Row("stream_mb_per_s", "streaming MB/s (StreamingOutputCall)", false),
            new Row("stream_cpu_ms_per_mb", "server CPU per MB streamed (ms)", false),
            new Row("connect_first_call_ms", "connect → first call (ms)", false),
            new Row("start_first_call_ms", "process start → first call (ms)", false),
            new Row("start_first_call_noaid_ms", "process start → first call, no start-up aid (ms)", false));

    private static final Pattern IDLE = Pattern.compile("idle_(\\d+)_(heap_kib_per_conn|rss_kib_per_conn|opened|answering)");

    /** One figure of one run. */
    record Sample(String server, String run, String metric, double value) {}

    private Report() {}

    /**
     * {@code Report [--ours N] RESULTS.tsv SERVER...}: the first N servers (1 unless said) are
     * ours, and each of them is compared with each of the others.
     */
    public static void main(String[] args) throws IOException {
        List<String> a = new ArrayList<>(List.of(args));
        int ours = 1;
        if (a.size() >= 2 && a.get(0).equals("--ours")) {
            ours = Integer.parseInt(a.get(1));
            a = a.subList(2, a.size());
        }
        if (a.size() < 2 || ours < 1 || ours > a.size() - 1) {
            System.err.println("usage: Report [--ours N] RESULTS.tsv OURS... [OTHER...]  (N of the servers, first, are ours)");
            System.exit(2);
        }
        List<Sample> samples = read(Path.of(a.get(0)));
        print(samples, a.subList(1, a.size()), ours, System.out);
    }

    static List<Sample> read(Path file) throws IOException {
        List<Sample> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            if (f.length != 4) throw new IOException(file + ":" + n + ": expected server, run, metric, value: " + line);
            out.add(new Sample(f[0], f[1], f[2], Double.parseDouble(f[3])));
        }
        return out;
    }

    static void print(List<Sample> samples, List<String> servers, PrintStream out) {
        print(samples, servers, 1, out);
    }

    /** The table; the first {@code ours} servers are each compared with each of the rest. */
    static void print(List<Sample> samples, List<String> servers, int ours, PrintStream out) {
        Set<String> runs = new TreeSet<>();
        for (Sample s : samples) runs.add(s.run());
        out.println("runs: " + runs.size() + " (medians; connection counts: worst run)");
        out.println();
        StringBuilder head = new StringBuilder("| metric |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String s : servers) {
            head.append(' ').append(s).append(" |");
            rule.append("---|");
        }
        for (String mine : servers.subList(0, ours)) {
            for (String other : servers.subList(ours, servers.size())) {
                head.append(' ').append(mine).append(" / ").append(other).append(" |");
                rule.append("---|");
            }
        }
        out.println(head);
        out.println(rule);
        for (Row row : rows(samples)) {
            List<Double> values = new ArrayList<>();
            for (String s : servers) values.add(aggregate(samples, s, row));
            if (values.stream().allMatch(v -> v.isNaN())) continue;
            StringBuilder line = new StringBuilder("| ").append(row.label()).append(" |");
            for (double v : values) line.append(' ').append(format(v)).append(" |");
            for (int m = 0; m < ours; m++) {
                for (int i = ours; i < values.size(); i++) {
                    double r = Stats.ratio(values.get(m), values.get(i));
                    line.append(' ').append(Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f×", r)).append(" |");
                }
            }
            out.println(line);
        }
        Set<String> other = new LinkedHashSet<>();
        for (Sample s : samples) if (s.metric().endsWith("_errors") || s.metric().endsWith("_failed")) other.add(s.server() + " " + s.metric());
        if (!other.isEmpty()) {
            out.println();
            out.println("failed calls were recorded: " + String.join(", ", other) + " (see the results file)");
        }
    }

    /** The fixed rows, then per idle connection count its heap, RSS and connection rows. */
    static List<Row> rows(List<Sample> samples) {
        List<Row> rows = new ArrayList<>(FIXED);
        Set<Integer> counts = new TreeSet<>();
        for (Sample s : samples) {
            Matcher m = IDLE.matcher(s.metric());
            if (m.matches()) counts.add(Integer.parseInt(m.group(1)));
        }
        for (int n : counts) {
            String c = String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
            rows.add(new Row("idle_" + n + "_heap_kib_per_conn", "live heap per idle connection, " + c + " connections (KiB)", false));
            rows.add(new Row("idle_" + n + "_rss_kib_per_conn", "RSS per idle connection, " + c + " connections (KiB)", false));
            rows.add(new Row("idle_" + n + "_opened", "connections opened, of " + c, true));
            rows.add(new Row("idle_" + n + "_answering", "connections still answering at the end, of " + c, true));
        }
        return rows;
    }

    static double aggregate(List<Sample> samples, String server, Row row) {
        Map<String, List<Double>> byRun = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.server().equals(server) && s.metric().equals(row.metric())) byRun.computeIfAbsent(s.run(), r -> new ArrayList<>()).add(s.value());
        }
        // A run may hold several figures of one metric (two server starts): each is one sample.
        List<Double> values = new ArrayList<>();
        byRun.values().forEach(values::addAll);
        if (values.isEmpty()) return Double.NaN;
        return row.worstRun() ? values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN) : Stats.median(values);
    }

    /** Three significant figures at most, thin-space thousands: 6 288, 86.6, 2.45, 0.0731. */
    static String format(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        String s;
        if (a >= 1000) s = String.format(Locale.ROOT, "%,d", Math.round(v)).replace(',', ' ');
        else if (a >= 100) s = String.format(Locale.ROOT, "%.0f", v);
        else if (a >= 10) s = String.format(Locale.ROOT, "%.1f", v);
        else if (a >= 1) s = String.format(Locale.ROOT, "%.2f", v);
        else s = String.format(Locale.ROOT, "%.3g", v);
        return s;
    }
}
