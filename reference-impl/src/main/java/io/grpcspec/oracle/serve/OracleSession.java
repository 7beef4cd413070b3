package io.grpcspec.oracle.serve;

import io.grpcspec.server.ServerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of {@code serve} with the oracle and/or a negative scenario: it sets the server up
 * ({@link #apply}), and at the end ({@link #finish}) prints the summary, writes the JSON and JUnit
 * reports and says the exit status. {@code finish} runs once, whoever calls it first: the end of
 * {@code --duration}, or the shutdown hook of a signal.
 */
public final class OracleSession {
    private final boolean judge;
    private final NegativeScenario scenario;
    private final boolean strict;
    private final Path report;
    private final Path junit;
    private final Verdicts verdicts;
    private final ClientOracle oracle;
    /** Guarded by this: the exit status once finished, else null. */
    private Integer status;

    /**
     * A session printing each verdict to {@code lines} as it happens.
     *
     * @param judge         judge every client ({@code --oracle})
     * @param scenario      the negative scenario to serve, or null
     * @param patienceNanos how long a client may take to answer (the oracle's patience)
     * @param strict        strict answers to faults the RFC leaves open
     * @param report        where to write the JSON report, or null
     * @param junit         where to write the JUnit XML report, or null
     */
    public OracleSession(boolean judge, NegativeScenario scenario, long patienceNanos, boolean strict, Path report, Path junit,
                         Consumer<String> lines) {
        this.judge = judge;
        this.scenario = scenario;
        this.strict = strict;
        this.report = report;
        this.junit = junit;
        this.verdicts = new Verdicts(lines);
        this.oracle = judge ? new ClientOracle(verdicts, patienceNanos) : null;
    }

    public Verdicts verdicts() {
        return verdicts;
    }

    /** Sets the server up: the oracle watches it, the scenario drives its connections, the answers are strict or robust. */
    public ServerBuilder apply(ServerBuilder b) {
        if (oracle != null) b.observer(oracle);
        if (scenario != null) scenario.serveOn(b, verdicts);
        return b.strictAnswers(strict);
    }

    /** What runs, for the reports: "oracle, scenario ping, robust answers". */
    public String mode() {
        List<String> parts = new ArrayList<>();
        if (judge) parts.add("oracle");
        if (scenario != null) parts.add("scenario " + scenario.grpcName());
        parts.add(strict ? "strict answers" : "robust answers");
        return String.join(", ", parts);
    }

    /**
     * Stops judging, prints the summary to {@code out}, writes the reports; returns the exit
     * status: 1 when a MUST rule or a scenario assertion failed (or a report could not be
     * written), else 0. Later calls return the same status and do nothing.
     */
    public synchronized int finish(Consumer<String> out) {
        if (status != null) return status;
        if (oracle != null) oracle.close();
        OracleReport r = new OracleReport(verdicts, mode(), Instant.now());
        out.accept(r.summary());
        int code = verdicts.failed() ? 1 : 0;
        try {
            if (report != null) {
                OracleReport.write(report, r.json());
                out.accept("grpcspec oracle: JSON report written to " + report);
            }
            if (junit != null) {
                OracleReport.write(junit, r.junit());
                out.accept("grpcspec oracle: JUnit report written to " + junit);
            }
        } catch (IOException | RuntimeException e) {
            out.accept("grpcspec oracle: cannot write the report: " + e);
            code = 1;
        }
        status = code;
        return code;
    }
}
