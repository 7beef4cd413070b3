package io.grpcspec.oracle.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.oracle.report.JUnitXml.Outcome;
import io.grpcspec.oracle.report.TextReport;
import io.grpcspec.oracle.report.Verdict;
import io.grpcspec.testing.Root;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@code check} against grpc-java's server (the test peer): the outcome of every scenario is
 * pinned here. What grpc-java fails is explained, rule and evidence, in spec/oracle.md; a change
 * of grpc-java's behaviour, or of a scenario, shows up as a diff of this map.
 */
class CheckGrpcJavaTest {

    /** The scenarios grpc-java 1.76's Netty server fails; every other one passes, none is skipped. */
    static final Map<String, Outcome> FAILS = Map.of(
            "STR-10/lower-stream-id", Outcome.FAILED,
            "GA-10/last-processed-stream", Outcome.FAILED,
            "RPC-7/missing-path", Outcome.FAILED,
            "RPC-7/empty-path", Outcome.FAILED,
            "RPC-8/pseudo-in-trailers", Outcome.FAILED,
            "RPC-26/reset-after-early-trailers", Outcome.FAILED);

    /** grpc-java logs every transport failure our scenarios provoke; they are expected here. */
    private static final Logger GRPC = Logger.getLogger("io.grpc");

    @Test
    void everyOutcomeIsThePinnedOne() throws Exception {
        Level was = GRPC.getLevel();
        GRPC.setLevel(Level.OFF);
        try (GrpcJavaCheckServer server = new GrpcJavaCheckServer()) {
            // Generous deadlines (the machine may be busy): every outcome, failures included, is decided by what arrives.
            CheckOptions o = CheckOptions.plaintext("127.0.0.1", server.port()).withTimeout(Duration.ofSeconds(30)).withParallelism(4);
            Checker.Result r = new Checker(o).run(Catalogue.all());
            Map<String, Outcome> expected = new TreeMap<>();
            Map<String, Outcome> got = new TreeMap<>();
            for (Scenario s : Catalogue.all()) expected.put(s.id(), FAILS.getOrDefault(s.id(), Outcome.PASSED));
            for (Verdict v : r.verdicts()) got.put(v.id(), v.outcome());
            String report = TextReport.render("grpc-java", Catalogue.areaTitles(), r.verdicts(), false);
            assertEquals(diff(expected), diff(got), report);
        } finally {
            GRPC.setLevel(was);
        }
    }

    @Test
    void everyFailureIsExplainedInTheSpec() throws Exception {
        String oracle = java.nio.file.Files.readString(Root.project().resolve("spec/oracle.md"));
        for (String id : FAILS.keySet()) {
            assertTrue(oracle.contains("#### `" + id + "`"), "spec/oracle.md explains no grpc-java failure of " + id);
        }
    }

    /** Only the outcomes other than PASSED, so a mismatch reads short. */
    private static Map<String, Outcome> diff(Map<String, Outcome> all) {
        Map<String, Outcome> m = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (v != Outcome.PASSED) m.put(k, v);
        });
        return m;
    }
}
