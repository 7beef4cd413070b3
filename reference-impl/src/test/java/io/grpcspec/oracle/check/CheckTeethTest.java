package io.grpcspec.oracle.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.oracle.report.Verdict;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.spec.driver.EndpointMachine;
import io.grpcspec.wire.SettingId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every scenario has teeth: against a deliberately broken variant of our own server (a faulty
 * machine, or a faulty configuration) it fails, naming one of its own rules. Each fault lists
 * the scenarios it must break; together they cover the whole catalogue.
 */
class CheckTeethTest {

    /** A broken server: how it is built, and the scenarios it must fail. */
    record Fault(String name, UnaryOperator<ServerBuilder> build, List<String> breaks) {
        static Fault machine(String name, EndpointMachine m, String... breaks) {
            return new Fault(name, b -> b.machine(m), List.of(breaks));
        }
    }

    static final List<Fault> FAULTS = List.of(
            Fault.machine("wrong error codes", FaultyMachines.wrongErrorCodes(),
                    "CONN-4/first-frame-not-settings", "SET-2/enable-push-2", "SET-5/initial-window-too-large",
                    "SET-6/max-frame-size-too-small", "SET-6/max-frame-size-too-large", "KA-11/too-many-pings",
                    "KA-9/too-many-pings-in-call", "FR-5/settings-ack-with-payload", "FR-4/settings-length", "FR-13/settings-on-stream",
                    "FR-3/ping-length", "FR-13/ping-on-stream", "FR-13/ping-ack-on-stream", "FR-2/data-too-large", "FR-2/headers-too-large", "FR-11/data-padding",
                    "FR-11/headers-padding", "FR-12/data-on-stream-0", "FR-12/headers-on-stream-0", "FR-12/continuation-on-stream-0",
                    "FR-6/rst-stream-length", "FR-12/rst-stream-on-stream-0", "FR-7/window-update-length", "FR-8/priority-length",
                    "FR-12/priority-on-stream-0", "FR-14/priority-self-dependency", "FR-9/goaway-length", "FR-13/goaway-on-stream",
                    "FR-10/headers-priority-too-short", "FC-1/zero-increment-connection", "FC-1/zero-increment-stream",
                    "FC-2/overflow-connection", "FC-2/overflow-stream", "STR-1/data-on-idle", "STR-1/window-update-on-idle",
                    "STR-1/rst-stream-on-idle", "STR-2/data-half-closed-remote", "STR-2/headers-half-closed-remote",
                    "STR-9/even-stream-id",
                    "STR-10/lower-stream-id", "STR-13/over-max-concurrent-streams", "STR-15/push-promise-from-client",
                    "HB-1/unknown-type-inside-block", "HB-3/continuation-half-closed-remote", "HB-1/data-inside-block",
                    "HB-2/continuation-other-stream", "HB-3/continuation-alone", "HB-3/continuation-after-end-headers",
                    "HB-5/trailers-without-end-stream", "GA-5/last-stream-id-increases", "RPC-9/uppercase-name",
                    "RPC-6/pseudo-after-regular", "RPC-7/unknown-pseudo", "RPC-7/status-in-request", "RPC-7/missing-path",
                    "RPC-7/empty-path", "RPC-7/duplicate-method", "RPC-5/connection-specific", "RPC-4/te-not-trailers",
                    "RPC-8/pseudo-in-trailers", "RPC-43/content-length-mismatch", "RPC-44/read-to-end"),
            // STR-3's error is a MAY: the default server ignores the frame, so only a strict one can give the wrong code.
            new Fault("wrong error codes, strict answers", b -> b.machine(FaultyMachines.wrongErrorCodes()).strictAnswers(true),
                    List.of("STR-3/data-after-reset", "STR-3/headers-after-reset", "STR-3/data-after-close", "STR-3/headers-after-close")),
            Fault.machine("GOAWAY INTERNAL_ERROR on a bad preface", FaultyMachines.goAwayOnBadPreface(), "CONN-3/bad-preface"),
            Fault.machine("PING before SETTINGS", FaultyMachines.pingBeforeSettings(), "CONN-2/settings-first"),
            Fault.machine("no SETTINGS ACK", FaultyMachines.noSettingsAck(), "SET-9/ack", "SET-9/ack-with-values", "SET-7/unknown-setting"),
            Fault.machine("no PING ACK", FaultyMachines.noPingAck(), "KA-1/ping-echo", "FR-17/ping-unknown-flags", "FR-16/unknown-type",
                    "STR-5/window-update-after-close", "STR-5/rst-stream-after-close", "STR-5/priority-after-close",
                    "STR-8/silent-after-reset", "KA-12/strikes-cleared"),
            Fault.machine("PING ACK answered", FaultyMachines.answersPingAcks(), "KA-2/ack-not-answered"),
            Fault.machine("INITIAL_WINDOW_SIZE ignored", FaultyMachines.ignoresSetting(SettingId.INITIAL_WINDOW_SIZE),
                    "SET-8/last-value-wins", "FC-3/tiny-window", "FC-5/window-grows", "FC-5/negative-window"),
            Fault.machine("HEADER_TABLE_SIZE ignored", FaultyMachines.ignoresSetting(SettingId.HEADER_TABLE_SIZE),
                    "HP-11/header-table-size-zero"),
            Fault.machine("strict about what must be ignored", FaultyMachines.strict(), "SET-7/unknown-setting", "FR-16/unknown-type",
                    "STR-5/window-update-after-close", "STR-5/rst-stream-after-close", "STR-5/priority-after-close", "HB-6/split-request"),
            Fault.machine("4xx sent as 200", FaultyMachines.status200(), "RPC-2/content-type-not-grpc", "RPC-1/method-not-post",
                    "RPC-44/get-answered", "HP-14/header-list-over-limit"),
            Fault.machine("every status INTERNAL", FaultyMachines.allInternal(), "RPC-3/missing-te", "RPC-23/unary-ok",
                    "FR-15/reserved-bit", "GA-9/calls-finish-after-client-goaway", "RPC-20/status-code", "HB-6/split-request"),
            Fault.machine("every call OK (grpc-status 0, :status 200, no RST_STREAM)", FaultyMachines.allOk(), "RPC-10/malformed-timeout", "RPC-12/malformed-path",
                    "RPC-13/unknown-encoding", "RPC-14/compressed-without-encoding", "RPC-15/compressed-flag-2", "RPC-16/over-4-mib",
                    "RPC-17/end-inside-message", "RPC-36/two-requests-unary", "RPC-36/no-request-unary", "RPC-37/unknown-method",
                    "RPC-25/deadline", "RPC-26/reset-after-early-trailers"),
            Fault.machine("grpc-message not percent-encoded", FaultyMachines.rawGrpcMessage(), "RPC-21/status-message-encoding"),
            Fault.machine("DATA after the peer's RST_STREAM", FaultyMachines.writesAfterReset(), "STR-8/silent-after-reset"),
            Fault.machine("strikes not cleared by HEADERS", FaultyMachines.noStrikeReset(), "KA-12/strikes-cleared"),
            Fault.machine("GOAWAY names stream 2^31-1", FaultyMachines.goAwayLastStreamMax(), "GA-10/last-processed-stream"),
            new Fault("PINGs not policed", b -> b.keepaliveEnforcementPolicy(Duration.ZERO, true),
                    List.of("KA-11/too-many-pings", "KA-9/too-many-pings-in-call")));

    @Test
    void theFaultsBetweenThemBreakEveryScenario() {
        Set<String> covered = new TreeSet<>();
        for (Fault f : FAULTS) covered.addAll(f.breaks());
        Set<String> all = new TreeSet<>(Catalogue.all().stream().map(Scenario::id).toList());
        Set<String> unknown = new TreeSet<>(covered);
        unknown.removeAll(all);
        assertEquals(Set.of(), unknown, "faults name scenarios that do not exist");
        all.removeAll(covered);
        assertEquals(Set.of(), all, "scenarios no broken server fails");
    }

    @Test
    void eachBrokenServerFailsItsScenariosWithOneOfTheirRules() throws Exception {
        // A broken server's probe would mislead (no TestService when every call fails): use its healthy twin's facts.
        ServerFacts facts;
        Server healthy = server(UnaryOperator.identity());
        try {
            facts = new Checker(CheckOptions.plaintext("127.0.0.1", healthy.port()).withTimeout(Duration.ofSeconds(30))).probe();
        } finally {
            healthy.shutdownNow();
        }
        assertTrue(facts.testService(), facts::toString);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<Fault, Future<List<String>>> results = new LinkedHashMap<>();
            for (Fault f : FAULTS) results.put(f, pool.submit(() -> problems(f, facts)));
            List<String> problems = new ArrayList<>();
            for (Map.Entry<Fault, Future<List<String>>> e : results.entrySet()) problems.addAll(e.getValue().get(3, TimeUnit.MINUTES));
            assertEquals(List.of(), problems, "scenarios a broken server did not fail as it must");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Our server with the interop TestService, built with {@code fault}. */
    private static Server server(UnaryOperator<ServerBuilder> fault) throws Exception {
        return fault.apply(ServerBuilder.forPort(0).addService(GreeterService.definition())
                .addService(InteropTestService.definition())).build().start();
    }

    /** What went wrong for {@code f}: a listed scenario that passed, was skipped, or failed naming a foreign rule. */
    private static List<String> problems(Fault f, ServerFacts facts) throws Exception {
        Server server = server(f.build());
        try {
            // The deadline only ends scenarios whose broken server stays silent (no ACK ever comes);
            // it is long enough that a busy machine does not fail an earlier step in their place.
            CheckOptions o = CheckOptions.plaintext("127.0.0.1", server.port()).withTimeout(Duration.ofSeconds(5))
                    .withOnly(f.breaks()).withParallelism(8);
            List<String> out = new ArrayList<>();
            List<Verdict> verdicts = new Checker(o).run(Catalogue.all(), facts).verdicts();
            assertEquals(f.breaks().size(), verdicts.size(), f.name() + ": " + verdicts);
            for (Verdict v : verdicts) {
                if (!v.failed()) {
                    out.add(f.name() + ": " + v.id() + " " + v.outcome() + " " + v.observed());
                } else if (!v.rules().contains(v.rule())) {
                    out.add(f.name() + ": " + v.id() + " failed with " + v.rule() + ", not one of " + v.rules() + ": " + v.observed());
                }
            }
            assertTrue(verdicts.stream().allMatch(v -> f.breaks().contains(v.id())), f.name());
            return out;
        } finally {
            server.shutdownNow();
        }
    }
}
