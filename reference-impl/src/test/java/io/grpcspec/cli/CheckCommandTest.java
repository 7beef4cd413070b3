package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.hpack.story.Json;
import io.grpcspec.oracle.check.PingPolicy;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.driver.EndpointMachine;
import io.grpcspec.spec.endpoint.Endpoints;
import io.grpcspec.testing.CliRun;
import io.grpcspec.wire.PingFrame;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code grpcspec check} as a user runs it: the report, the summary line, exit codes, --json, --junit, --only, robustness. */
class CheckCommandTest {
    static final String SUMMARY = "\\d+ passed, \\d+ failed, \\d+ skipped";

    @TempDir
    static Path dir;
    static Server server;
    /** A server whose machine never answers PINGs. */
    static Server deaf;

    @BeforeAll
    static void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition()).build().start();
        EndpointMachine noPingAck = (s, e) -> switch (Endpoints.step(s, e)) {
            case Step.Next<io.grpcspec.spec.endpoint.Endpoint> n -> Step.next(n.state(), n.actions().stream()
                    .filter(a -> !(a instanceof Actions.WriteFrame(PingFrame p) && p.ack())).toList());
            case Step.Violated<io.grpcspec.spec.endpoint.Endpoint> v -> v;
        };
        deaf = ServerBuilder.forPort(0).addService(InteropTestService.definition()).machine(noPingAck).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
        deaf.shutdownNow();
    }

    static String target(Server s) {
        return "127.0.0.1:" + s.port();
    }

    static String last(CliRun r) {
        return r.lines().get(r.lines().size() - 1);
    }

    @Test
    void aConformingServerPassesWithTheSummaryLineLastAndExitZero() throws Exception {
        Path json = dir.resolve("check.json");
        Path junit = dir.resolve("check.xml");
        CliRun r = CliRun.of("check", target(server), "--only", "FC,SET-7", "--timeout", "30s", "--json", json.toString(), "--junit", junit.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(last(r).matches(SUMMARY), last(r));
        assertEquals("8 passed, 0 failed, 0 skipped", last(r));
        assertTrue(r.out().contains("\nFC  Flow control\n"), r.out());
        assertTrue(r.out().contains("  ✓ FC-1    WINDOW_UPDATE of 0 on the connection"), r.out());
        assertTrue(r.out().contains("  ✓ SET-7 "), r.out());
        assertTrue(!r.out().contains("frames:"), "no traces for passes without --verbose");

        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals(8L, ((Number) doc.get("passed")).longValue());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> verdicts = (List<Map<String, Object>>) doc.get("verdicts");
        assertEquals(8, verdicts.size());
        Map<String, Object> fc1 = verdicts.stream().filter(v -> "FC-1/zero-increment-connection".equals(v.get("id"))).findFirst().orElseThrow();
        assertEquals("passed", fc1.get("outcome"));
        assertEquals(List.of("FC-1"), fc1.get("rules"));
        assertTrue(((List<?>) fc1.get("frames")).size() > 2, fc1.toString());

        Document x = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(junit)));
        assertEquals("8", x.getDocumentElement().getAttribute("tests"));
        assertEquals("0", x.getDocumentElement().getAttribute("failures"));
        assertEquals(2, x.getElementsByTagName("testsuite").getLength(), "one suite per area");
    }

    @Test
    void aFailureShowsExpectedObservedAndFramesAndExitsOne() throws Exception {
        Path junit = dir.resolve("fail.xml");
        CliRun r = CliRun.of("check", target(deaf), "--only", "KA-1", "--timeout", "500ms", "--junit", junit.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals("0 passed, 1 failed, 0 skipped", last(r));
        assertTrue(r.out().contains("  ✗ KA-1    a PING is answered by a PING ACK with the same payload"), r.out());
        assertTrue(r.out().contains("expected: PING with ACK echoing 0x"), r.out());
        assertTrue(r.out().contains("observed: nothing decisive within 500 ms"), r.out());
        assertTrue(r.out().contains(">> PING ack=false"), r.out());
        Document x = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(junit)));
        assertEquals("1", x.getDocumentElement().getAttribute("failures"));
        assertTrue(x.getElementsByTagName("failure").item(0).getTextContent().contains(">> PING"), "the trace in the failure");
    }

    @Test
    void verboseShowsEveryScenariosRulesAndFrames() {
        CliRun r = CliRun.of("check", target(server), "--only", "CONN-2", "--verbose", "--timeout", "30s");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("CONN-2/settings-first  rules CONN-2, CONN-4"), r.out());
        assertTrue(r.out().contains("<< SETTINGS ack=false"), r.out());
    }

    @Test
    void scenariosThePolicyRulesOutAreSkipped() {
        CliRun r = CliRun.of("check", target(server), "--only", "KA-11", "--policy", "none");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("0 passed, 0 failed, 2 skipped", last(r));
        assertTrue(r.out().contains("  - KA-11   PINGs one after another without calls end the connection: GOAWAY ENHANCE_YOUR_CALM too_many_pings"
                + " (skipped: --policy says the server does not police PINGs)"), r.out());
    }

    @Test
    void badCommandLinesExitTwo() {
        assertEquals(2, CliRun.of("check", "nohost").exit());
        assertEquals(2, CliRun.of("check", "127.0.0.1:0").exit());
        assertEquals(2, CliRun.of("check", target(server), "--timeout", "soon").exit());
        assertEquals(2, CliRun.of("check", target(server), "--ca", "x.pem").exit());
        assertEquals(2, CliRun.of("check", target(server), "--tls", "--plaintext").exit());
        assertEquals(2, CliRun.of("check", target(server), "--policy", "often").exit());
        CliRun none = CliRun.of("check", target(server), "--only", "NOPE");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("selects no scenario"), none.err());
    }

    @Test
    void anUnreachableTargetIsOneLineAndExitOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("check", "127.0.0.1:" + port, "--timeout", "500ms");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: cannot connect to 127.0.0.1:" + port), r.err());
    }

    @Test
    void aServerThatHangsOrClosesIsReportedNotWaitedFor() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket hang = new ServerSocket(0); ServerSocket close = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> accept(hang, held, false));
            Thread.ofVirtual().start(() -> accept(close, held, true));
            long start = System.nanoTime();
            CliRun silent = CliRun.of("check", "127.0.0.1:" + hang.getLocalPort(), "--only", "FC-1", "--timeout", "300ms");
            CliRun closed = CliRun.of("check", "127.0.0.1:" + close.getLocalPort(), "--only", "FC-1", "--timeout", "300ms");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "bounded by the deadlines");
            assertEquals(1, silent.exit(), silent.out() + silent.err());
            // The probe learnt nothing, so the scenario that needs a TestService call is skipped.
            assertEquals("0 passed, 1 failed, 1 skipped", last(silent));
            assertTrue(silent.out().contains("observed: nothing decisive within 300 ms"), silent.out());
            assertEquals(1, closed.exit(), closed.out() + closed.err());
            assertEquals("0 passed, 1 failed, 1 skipped", last(closed));
            assertTrue(closed.out().contains("connection broke") || closed.out().contains("connection ended")
                    || closed.out().contains("connection closed"), closed.out());
        } finally {
            for (Socket s : held) s.close();
        }
    }

    /** Accepts connections forever; each is closed at once or held open without a word. */
    private static void accept(ServerSocket ss, List<Socket> held, boolean closeAtOnce) {
        try {
            while (true) {
                Socket s = ss.accept();
                if (closeAtOnce) s.close();
                else synchronized (held) {
                    held.add(s);
                }
            }
        } catch (Exception done) {
            // the listening socket was closed
        }
    }

    @Test
    void policiesParse() {
        assertEquals(PingPolicy.NONE, CheckCommand.policy("none"));
        assertEquals(new PingPolicy(Duration.ofMinutes(5), false), CheckCommand.policy("5m"));
        assertEquals(new PingPolicy(Duration.ofSeconds(10), true), CheckCommand.policy("10s,permit-without-calls"));
        assertEquals("10s,permit-without-calls", CheckCommand.policy("10s,permit-without-calls").toString());
        assertThrows(IllegalArgumentException.class, () -> CheckCommand.policy("5m,sometimes"));
    }

}
