package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.interop.InteropPeer.BatchResult;
import io.grpcspec.interop.InteropPeer.CaseResult;
import io.grpcspec.interop.InteropPeer.ClientResult;
import io.grpcspec.interop.InteropPeer.ClientTarget;
import io.grpcspec.interop.InteropPeer.Outcome;
import io.grpcspec.interop.InteropPeer.PeerServer;
import io.grpcspec.interop.InteropPeer.TlsFiles;
import io.grpcspec.testing.TestCerts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the interop harness with grpc-java on both sides: TestServiceServer in one JVM,
 * TestServiceClient in another. Issue #4 later swaps one side for our own server or client and
 * keeps everything else.
 *
 * <p>Cost: a JVM with grpc-java's class path takes ~2.5 s to start on two cores, so the cases of
 * one server run in ONE client JVM ({@link InteropPeer#runClientCases}); each case still gets its
 * own channel. Servers and batches for plaintext and the two TLS setups run side by side.
 */
class GrpcJavaSelfInteropTest {
    static final Duration CASE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration BATCH_TIMEOUT = Duration.ofSeconds(120);
    static final String HOST = "127.0.0.1";

    @TempDir
    static Path dir;

    static TestCerts ours;
    static PeerServer plainServer;
    static PeerServer grpcCertServer;
    static PeerServer ownCertServer;
    static BatchResult plain;
    static BatchResult tlsGrpcCerts;
    static BatchResult tlsOwnCert;
    static BatchResult wrongCa;
    static BatchResult probe;

    @BeforeAll
    static void runBatches() throws Exception {
        TlsFiles grpcCerts = InteropPeer.grpcTestCerts(dir.resolve("grpc-certs"));
        ours = TestCerts.create(dir);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<PeerServer> p = pool.submit(() -> InteropPeer.startServer(false, null, null));
            Future<PeerServer> g = pool.submit(() -> InteropPeer.startServer(true, grpcCerts.certPem(), grpcCerts.keyPem()));
            Future<PeerServer> o = pool.submit(() -> InteropPeer.startServer(true, ours.certPem(), ours.keyPem()));
            plainServer = p.get();
            grpcCertServer = g.get();
            ownCertServer = o.get();

            Future<BatchResult> a = pool.submit(batch(ClientTarget.plaintext(HOST, plainServer.port()),
                    InteropCases.ALL.stream().map(InteropCases::againstGrpcJavaServer).toList()));
            Future<BatchResult> b = pool.submit(batch(
                    ClientTarget.tls(HOST, grpcCertServer.port(), grpcCerts.caPem(), InteropPeer.GRPC_TEST_AUTHORITY), InteropCases.TLS));
            // our self-signed "localhost" certificate reaches the client only through the class-path
            // overlay: it passing, and the same server failing a client that trusts grpc's CA, shows
            // the overlay really decides what the client trusts
            Future<BatchResult> c = pool.submit(batch(
                    ClientTarget.tls(HOST, ownCertServer.port(), ours.certPem(), "localhost"), InteropCases.TLS));
            plain = a.get();
            tlsGrpcCerts = b.get();
            tlsOwnCert = c.get();
            Future<BatchResult> d = pool.submit(batch(
                    ClientTarget.tls(HOST, ownCertServer.port(), grpcCerts.caPem(), "localhost"), List.of("empty_unary")));
            Future<BatchResult> e = pool.submit(batch(ClientTarget.plaintext(HOST, plainServer.port()), List.of("client_compressed_unary")));
            wrongCa = d.get();
            probe = e.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<BatchResult> batch(ClientTarget target, List<String> cases) {
        return () -> InteropPeer.runClientCases(target, cases, CASE_TIMEOUT, BATCH_TIMEOUT);
    }

    @AfterAll
    static void stopServersAndPrintTimes() {
        for (PeerServer s : new PeerServer[] {plainServer, grpcCertServer, ownCertServer}) {
            if (s != null) s.close();
        }
        for (Map.Entry<String, BatchResult> e : Map.of("plaintext", plain, "tls(grpc certs)", tlsGrpcCerts, "tls(own cert)", tlsOwnCert).entrySet()) {
            if (e.getValue() == null) continue;
            System.out.println("interop " + e.getKey() + ": client JVM " + e.getValue().process().elapsed().toMillis() + " ms");
            e.getValue().cases().values().forEach(r -> System.out.println("  " + r.testCase() + " " + r.outcome() + " " + r.millis() + " ms"));
        }
    }

    static Stream<String> allCases() {
        return InteropCases.ALL.stream();
    }

    static Stream<String> tlsCases() {
        return InteropCases.TLS.stream();
    }

    // the two client_compressed_* cases run as their _noprobe variants here, see InteropCases
    @ParameterizedTest(name = "plaintext {0}")
    @MethodSource("allCases")
    void plaintextCase(String testCase) {
        assertPassed(plain, InteropCases.againstGrpcJavaServer(testCase));
    }

    @Test
    void grpcJavaServerDoesNotAnswerTheCompressionProbe() {
        // why InteropCases.GRPC_JAVA_SERVER_VARIANTS exists; if this starts passing, drop the variants
        CaseResult r = probe.get("client_compressed_unary");
        assertEquals(Outcome.FAIL, r.outcome(), probe.describe("client_compressed_unary"));
        assertTrue(r.output().contains("expected INVALID_ARGUMENT"), r.describe());
    }

    @ParameterizedTest(name = "tls, grpc-java test certificates, {0}")
    @MethodSource("tlsCases")
    void tlsCaseWithGrpcTestCertificates(String testCase) {
        assertPassed(tlsGrpcCerts, testCase);
    }

    @ParameterizedTest(name = "tls, our self-signed certificate, {0}")
    @MethodSource("tlsCases")
    void tlsCaseWithOurSelfSignedCertificate(String testCase) {
        assertPassed(tlsOwnCert, testCase);
    }

    @Test
    void batchesExitZeroAfterEveryCase() {
        for (BatchResult b : List.of(plain, tlsGrpcCerts, tlsOwnCert)) {
            assertEquals(0, b.process().exitCode(), b.process().describe());
            assertFalse(b.process().timedOut(), b.process().describe());
        }
    }

    @Test
    void clientTrustingAnotherCaFailsTheHandshake() {
        CaseResult r = wrongCa.get("empty_unary");
        assertEquals(Outcome.FAIL, r.outcome(), wrongCa.describe("empty_unary"));
        assertFalse(r.passed(), r.describe());
        assertTrue(r.output().contains("UNAVAILABLE"), r.describe());
        assertEquals(1, wrongCa.process().exitCode(), wrongCa.process().describe());
    }

    @Test
    void singleCaseInItsOwnJvmIsGrpcJavasPlainCommandLine() throws Exception {
        ClientResult r = InteropPeer.runClient(HOST, plainServer.port(), "large_unary", false, null, Duration.ofSeconds(60));
        assertTrue(r.passed(), r.describe());
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.command().contains(InteropPeer.CLIENT_MAIN), r.describe());
        assertTrue(r.command().containsAll(List.of("--server_host=" + HOST, "--server_port=" + plainServer.port(),
                "--test_case=large_unary", "--use_tls=false")), r.describe());
    }

    @Test
    void singleCaseOverTlsWithGrpcTestCa() throws Exception {
        // caPem null: grpc-java's bundled ca.pem, checked against foo.test.google.fr
        ClientResult r = InteropPeer.runClient(HOST, grpcCertServer.port(), "empty_unary", true, null, Duration.ofSeconds(60));
        assertTrue(r.passed(), r.describe());
        assertTrue(r.command().containsAll(List.of("--use_tls=true", "--use_test_ca=true",
                "--server_host_override=" + InteropPeer.GRPC_TEST_AUTHORITY)), r.describe());
    }

    @Test
    void tlsClientAgainstThePlaintextServerExitsNonZero() throws Exception {
        // the plaintext server's port, but over TLS: the handshake cannot succeed
        ClientResult r = InteropPeer.runClient(HOST, plainServer.port(), "empty_unary", true, null, Duration.ofSeconds(60));
        assertFalse(r.passed(), r.describe());
        assertTrue(r.exitCode() != 0 && !r.timedOut(), r.describe());
        assertFalse(r.output().contains(InteropPeer.CLIENT_SUCCESS_LINE), r.describe());
    }

    @Test
    void serversStayedUpForAllCases() {
        for (PeerServer s : new PeerServer[] {plainServer, grpcCertServer, ownCertServer}) {
            assertTrue(s.isAlive(), s + "\n" + s.output());
        }
    }

    private static void assertPassed(BatchResult batch, String testCase) {
        CaseResult r = batch.get(testCase);
        assertEquals(Outcome.PASS, r.outcome(), batch.describe(testCase));
        assertTrue(r.output().contains("Running test " + testCase), batch.describe(testCase));
        assertTrue(r.passed(), batch.describe(testCase));
    }
}
