package io.grpcspec.cli;

import io.grpcspec.oracle.check.Catalogue;
import io.grpcspec.oracle.check.CheckOptions;
import io.grpcspec.oracle.check.Checker;
import io.grpcspec.oracle.check.PingPolicy;
import io.grpcspec.oracle.check.Scenario;
import io.grpcspec.oracle.check.ServerFacts;
import io.grpcspec.oracle.report.JUnitXml;
import io.grpcspec.oracle.report.JsonReport;
import io.grpcspec.oracle.report.TextReport;
import io.grpcspec.oracle.report.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grpcspec check TARGET}: runs the scenario catalogue against a gRPC server and reports,
 * rule by rule, where it deviates. Prints a grouped report and, last, {@code N passed, M failed,
 * K skipped}; exits 1 when anything failed (or the target cannot be checked at all), 2 for a
 * command line that cannot work.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a gRPC server against the spec: HTTP/2 and gRPC scenarios, each on its own connection, "
                + "grouped by rule area (\u2713 passed, \u2717 failed, - skipped); the last line is \"N passed, M failed, K skipped\".",
                "The gRPC scenarios call grpc.testing.TestService (the interop service); without it they are skipped."})
final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET", description = "host:port of the server (e.g. 127.0.0.1:50051, [::1]:443).")
    String target;

    @Option(names = "--plaintext", description = "h2c with prior knowledge (the default).")
    boolean plaintext;

    @Option(names = "--tls", description = "TLS with ALPN h2.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "PEM", description = "With --tls: trust these CA certificates (default: the JDK's).")
    Path ca;

    @Option(names = "--insecure", description = "With --tls: accept any certificate and any name.")
    boolean insecure;

    @Option(names = "--authority", paramLabel = "NAME", description = "The :authority, and with --tls the SNI and the name the certificate must match.")
    String authority;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s",
            description = "Each scenario's deadline, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "5m",
            description = "The server's PING policing (gRFC A8): MIN_TIME[,permit-without-calls], or none "
                    + "(default: ${DEFAULT-VALUE}, the gRPC default).")
    String policy;

    @Option(names = "--only", paramLabel = "AREA|RULE", split = ",",
            description = "Only scenarios of these areas (FC), rules (FC-1) or scenario IDs; repeatable or comma-separated.")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the verdicts as JSON to FILE.")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the verdicts as JUnit XML to FILE.")
    Path junit;

    @Option(names = "--verbose", description = "Show every scenario's rules and frame trace, not only the failures'.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        List<Scenario> chosen = Catalogue.all().stream().filter(s -> s.selectedBy(options.only())).toList();
        if (chosen.isEmpty()) {
            err.println("error: --only " + String.join(",", options.only()) + " selects no scenario (areas: "
                    + String.join(", ", Catalogue.AREA_ORDER) + ")");
            err.flush();
            return ExitCodes.USAGE;
        }
        Checker.Result result;
        try {
            result = new Checker(options).run(chosen);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        out.print(TextReport.render(heading(options, result.facts(), chosen.size()), Catalogue.areaTitles(), result.verdicts(), verbose));
        out.flush();
        try {
            if (json != null) Files.writeString(json, JsonReport.render(about(options, result), result.verdicts()), StandardCharsets.UTF_8);
            if (junit != null) {
                Files.writeString(junit, JUnitXml.render("grpcspec check " + options.target(), "grpcspec.check", result.verdicts()),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("error: cannot write the report: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        return result.tally().failed() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private CheckOptions options() {
        if (tls && plaintext) throw new IllegalArgumentException("--tls and --plaintext exclude each other");
        if ((ca != null || insecure) && !tls) throw new IllegalArgumentException("--ca and --insecure need --tls");
        if (ca != null && insecure) throw new IllegalArgumentException("--ca and --insecure exclude each other");
        Duration t = TargetOptions.parseDuration(timeout);
        if (t == null || t.isZero()) throw new IllegalArgumentException("bad --timeout \"" + timeout + "\" (e.g. 500ms, 2s)");
        HostPort hp = HostPort.parse(target);
        CheckOptions o = new CheckOptions(hp.host(), hp.port(), false, null, false, authority, t, policy(policy), only, 1);
        return tls ? o.withTls(ca, insecure, authority) : o;
    }

    /** {@code none}, or {@code MIN_TIME[,permit-without-calls]}. */
    static PingPolicy policy(String text) {
        String p = text.strip();
        if (p.equals("none")) return PingPolicy.NONE;
        String[] parts = p.split(",", -1);
        Duration min = TargetOptions.parseDuration(parts[0]);
        boolean permit = false;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].strip().equals("permit-without-calls")) permit = true;
            else min = null;
        }
        if (min == null) throw new IllegalArgumentException("bad --policy \"" + text + "\" (e.g. 5m, 10s,permit-without-calls, none)");
        return new PingPolicy(min, permit);
    }

    private static String heading(CheckOptions o, ServerFacts facts, int scenarios) {
        return "grpcspec check " + o.target() + " (" + (o.tls() ? "TLS" : "plaintext") + ", " + scenarios + " scenarios, timeout "
                + o.timeout().toMillis() + " ms, PING policy " + o.policy() + ")\n"
                + "server: MAX_CONCURRENT_STREAMS " + limit(facts.maxConcurrentStreams()) + ", MAX_HEADER_LIST_SIZE "
                + limit(facts.maxHeaderListSize()) + ", MAX_FRAME_SIZE " + facts.maxFrameSize() + "; grpc.testing.TestService "
                + (facts.testService() ? "served" : "not served");
    }

    private static String limit(long v) {
        return v == io.grpcspec.spec.connection.Settings.UNLIMITED ? "none" : Long.toString(v);
    }

    private static Map<String, String> about(CheckOptions o, Checker.Result r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("target", o.target());
        m.put("transport", o.tls() ? "tls" : "plaintext");
        m.put("authority", o.authorityOrTarget());
        m.put("timeout_ms", Long.toString(o.timeout().toMillis()));
        m.put("ping_policy", o.policy().toString());
        m.put("test_service", Boolean.toString(r.facts().testService()));
        m.put("summary", r.tally().toString());
        return m;
    }

    /** A {@code host:port} target; IPv6 literals in brackets. */
    record HostPort(String host, int port) {
        static HostPort parse(String t) {
            String host;
            String port;
            if (t.startsWith("[")) {
                int end = t.indexOf("]:");
                if (end < 0) throw new IllegalArgumentException("bad target \"" + t + "\" (e.g. [::1]:50051)");
                host = t.substring(1, end);
                port = t.substring(end + 2);
            } else {
                int colon = t.lastIndexOf(':');
                if (colon <= 0 || t.indexOf(':') != colon) throw new IllegalArgumentException("bad target \"" + t + "\" (host:port, e.g. 127.0.0.1:50051)");
                host = t.substring(0, colon);
                port = t.substring(colon + 1);
            }
            try {
                int p = Integer.parseInt(port);
                if (p < 1 || p > 65535) throw new NumberFormatException();
                return new HostPort(host, p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in target \"" + t + "\"");
            }
        }
    }
}
