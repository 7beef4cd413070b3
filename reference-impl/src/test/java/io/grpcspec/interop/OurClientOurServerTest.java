package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.client.Channel;
import io.grpcspec.client.DialOption;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.GreeterClient;
import io.grpcspec.client.Grpc;
import io.grpcspec.client.InteropClient;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Tls;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ends spec-driven: our client runs every interop case against our own server (plaintext,
 * and the TLS cases over TLS), with the compressed-request probes on, since our server checks
 * {@code expect_compressed}; plus Greeter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OurClientOurServerTest {

    private Server plain;
    private Server tls;
    private InteropPeer.TlsFiles certs;

    @BeforeAll
    void start() throws Exception {
        certs = InteropPeer.grpcTestCerts(Files.createTempDirectory("grpcspec-certs"));
        plain = builder().build().start();
        tls = builder().tls(Tls.serverContext(certs.certPem(), certs.keyPem())).build().start();
    }

    private static ServerBuilder builder() {
        // very_large_request sends 10 MiB; the 4 MiB default would refuse it.
        return ServerBuilder.forPort(0).host("127.0.0.1").maxReceiveMessageSize(16 << 20)
                .addService(GreeterService.definition()).addService(InteropTestService.definition());
    }

    @AfterAll
    void stop() {
        if (plain != null) plain.shutdownNow();
        if (tls != null) tls.shutdownNow();
    }

    static List<String> plaintextCases() {
        return InteropCases.ALL;
    }

    static List<String> tlsCases() {
        return InteropCases.TLS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plaintextCases")
    void plaintext(String testCase) throws Exception {
        run(testCase, "127.0.0.1:" + plain.port(), DialOptions.insecure());
    }

    @ParameterizedTest(name = "{0} over TLS")
    @MethodSource("tlsCases")
    void overTls(String testCase) throws Exception {
        run(testCase, "127.0.0.1:" + tls.port(), DialOptions.tlsTrusting(certs.caPem()),
                DialOptions.withAuthority(InteropPeer.GRPC_TEST_AUTHORITY));
    }

    @Test
    void greeter() throws Exception {
        try (Channel ch = Grpc.dial("127.0.0.1:" + plain.port(), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            assertEquals("Hello ours", new GreeterClient(ch).sayHello("ours"));
        }
    }

    private void run(String testCase, String target, DialOption... extra) throws Exception {
        FrameTrace.Recorder trace = new FrameTrace.Recorder();
        DialOption[] all = new DialOption[extra.length + 2];
        System.arraycopy(extra, 0, all, 0, extra.length);
        all[extra.length] = DialOptions.withTrace(trace);
        all[extra.length + 1] = DialOptions.withBlock(Duration.ofSeconds(15));
        try (Channel ch = Grpc.dial(target, all)) {
            new InteropClient(ch, true).run(testCase);
        } catch (InteropClient.CaseFailed | io.grpcspec.client.DialException e) {
            fail(testCase + ": " + e.getMessage() + "\n--- trace (last 60 lines) ---\n" + OurClientInteropTest.tail(trace.lines(), 60), e);
        }
    }
}
