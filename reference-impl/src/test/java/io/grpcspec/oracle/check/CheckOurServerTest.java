package io.grpcspec.oracle.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.oracle.report.TextReport;
import io.grpcspec.oracle.report.Verdict;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.testing.TestCerts;
import io.grpcspec.transport.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} against our own server, built as {@code grpcspec serve} builds it (defaults,
 * Greeter and the interop TestService): every scenario passes, over plaintext and over TLS, and
 * none is skipped.
 */
class CheckOurServerTest {
    @TempDir
    static Path dir;
    static Server plain;
    static Server tls;
    static TestCerts certs;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.create(dir);
        plain = builder().build().start();
        tls = builder().tls(Tls.serverContext(certs.certPem(), certs.keyPem())).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        plain.shutdown(2, TimeUnit.SECONDS);
        tls.shutdown(2, TimeUnit.SECONDS);
    }

    private static ServerBuilder builder() {
        return ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition());
    }

    @Test
    void everyScenarioPassesOverPlaintext() throws Exception {
        assertAllPass(CheckOptions.plaintext("127.0.0.1", plain.port()));
    }

    @Test
    void everyScenarioPassesOverTls() throws Exception {
        assertAllPass(CheckOptions.plaintext("127.0.0.1", tls.port()).withTls(certs.certPem(), false, "localhost"));
    }

    private static void assertAllPass(CheckOptions o) throws Exception {
        // Generous deadlines (the machine may be busy): a pass is decided by what arrives, never by waiting.
        Checker.Result r = new Checker(o.withTimeout(Duration.ofSeconds(30)).withParallelism(4)).run(Catalogue.all());
        List<Verdict> v = r.verdicts();
        String report = TextReport.render("our server", Catalogue.areaTitles(), v, false);
        assertTrue(r.facts().testService(), report);
        assertEquals(Catalogue.all().size(), v.size(), report);
        assertEquals(new Verdict.Tally(v.size(), 0, 0), r.tally(), report);
    }
}
