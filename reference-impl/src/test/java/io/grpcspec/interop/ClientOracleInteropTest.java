package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.client.DialOptions;
import io.grpcspec.interop.InteropPeer.BatchResult;
import io.grpcspec.interop.InteropPeer.ClientTarget;
import io.grpcspec.oracle.serve.OracleSession;
import io.grpcspec.oracle.serve.Verdicts;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.spec.observer.ClientObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code serve --oracle} judging two real clients through the 19 interop cases: grpc-java 1.76's
 * TestServiceClient (separate JVM) and our own client, each against its own oracle-watched server.
 * Every case passes, the oracle finds no MUST-level fault in either client, and its reports list
 * the rules the clients exercised. The reports are kept in {@code target/oracle-reports/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientOracleInteropTest {

    static final Path REPORTS = Path.of("target", "oracle-reports");

    private record Watched(String client, OracleSession session, Server server, ConcurrentLinkedQueue<String> lines) {
        String log() {
            return String.join("\n", lines);
        }
    }

    private Watched grpcJava;
    private Watched ours;
    private BatchResult batch;

    @BeforeAll
    void runBothClients() throws Exception {
        Files.createDirectories(REPORTS);
        grpcJava = watch("grpc-java");
        ours = watch("grpcspec");
        batch = InteropPeer.runClientCases(ClientTarget.plaintext("127.0.0.1", grpcJava.server().port()), InteropCases.ALL,
                Duration.ofSeconds(30), Duration.ofSeconds(180));
        for (String c : InteropCases.ALL) {
            OurClientCases.run(c, "127.0.0.1:" + ours.server().port(), true, DialOptions.insecure());
        }
        for (Watched w : List.of(grpcJava, ours)) {
            w.server().shutdown(5, TimeUnit.SECONDS);
            System.out.println(w.lines().stream().filter(l -> l.startsWith("grpcspec oracle:")).reduce("", (a, b) -> a + b + "\n"));
            w.session().finish(line -> System.out.println(line));
        }
    }

    private static Watched watch(String client) throws Exception {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        OracleSession session = new OracleSession(true, null, ClientObserver.DEFAULT_PATIENCE_NANOS, false,
                REPORTS.resolve(client + ".json"), REPORTS.resolve(client + ".xml"), lines::add);
        // very_large_request sends 10 MiB, as against grpc-java's interop server.
        Server server = session.apply(ServerBuilder.forPort(0).host("127.0.0.1").maxReceiveMessageSize(16 << 20)
                .addService(GreeterService.definition()).addService(InteropTestService.definition())).build().start();
        return new Watched(client, session, server, lines);
    }

    @AfterAll
    void stop() {
        for (Watched w : new Watched[] {grpcJava, ours}) if (w != null) w.server().shutdownNow();
    }

    @Test
    void grpcJavasInteropClientPassesEveryCaseWithNoMustLevelFault() throws Exception {
        for (String c : InteropCases.ALL) assertTrue(batch.get(c).passed(), () -> batch.describe(c));
        assertJudged(grpcJava);
    }

    @Test
    void ourClientPassesEveryCaseWithNoMustLevelFault() throws Exception {
        assertJudged(ours);
    }

    /** No MUST-level failure, and the report lists what the client exercised: well beyond the handshake. */
    private static void assertJudged(Watched w) throws java.io.IOException {
        Verdicts v = w.session().verdicts();
        assertFalse(v.failed(), w::log);
        List<String> passed = v.results().stream().filter(r -> r.status() == Verdicts.Status.PASSED).map(r -> r.rule().id()).toList();
        for (String id : List.of("CONN-1", "SET-9", "KA-1", "FC-7", "FC-8", "HB-1", "HP-1", "STR-10", "RPC-3", "RPC-45", "RPC-46", "GA-5")) {
            assertTrue(passed.contains(id), () -> id + " not exercised; passed: " + passed + "\n" + w.log());
        }
        assertTrue(Files.readString(REPORTS.resolve(w.client() + ".json")).contains("\"id\": \"KA-1\""));
        assertTrue(Files.readString(REPORTS.resolve(w.client() + ".xml")).contains("name=\"KA-1\""));
    }
}
