package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.client.Channel;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.GreeterClient;
import io.grpcspec.client.Grpc;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
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
        OurClientCases.run(testCase, "127.0.0.1:" + plain.port(), true, DialOptions.insecure());
    }

    @ParameterizedTest(name = "{0} over TLS")
    @MethodSource("tlsCases")
    void overTls(String testCase) throws Exception {
        OurClientCases.run(testCase, "127.0.0.1:" + tls.port(), true, DialOptions.tlsTrusting(certs.caPem()),
                DialOptions.withAuthority(InteropPeer.GRPC_TEST_AUTHORITY));
    }

    @Test
    void greeter() throws Exception {
        try (Channel ch = Grpc.dial("127.0.0.1:" + plain.port(), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            assertEquals("Hello ours", new GreeterClient(ch).sayHello("ours"));
        }
    }

    @Test
    void callsWaitForAStreamSlotUnderTheServersConcurrencyLimit() throws Exception {
        // SETTINGS_MAX_CONCURRENT_STREAMS=1: a second call must wait until the first stream closes
        // (RFC 9113 §5.1.2), not exceed the limit or fail.
        Server one = builder().maxConcurrentStreams(1).build().start();
        try (Channel ch = Grpc.dial("127.0.0.1:" + one.port(), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            io.grpcspec.client.TestServiceClient c = new io.grpcspec.client.TestServiceClient(ch)
                    .withOptions(io.grpcspec.client.CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(20)));
            io.grpcspec.client.CallStream<io.grpcspec.proto.testing.StreamingOutputCallRequest,
                    io.grpcspec.proto.testing.StreamingOutputCallResponse> first = c.fullDuplexCall();
            first.send(io.grpcspec.proto.testing.StreamingOutputCallRequest.newBuilder()
                    .addResponseParameters(io.grpcspec.proto.testing.ResponseParameters.newBuilder().setSize(1)).build());
            org.junit.jupiter.api.Assertions.assertNotNull(first.next(Duration.ofSeconds(10)));
            java.util.concurrent.CompletableFuture<io.grpcspec.proto.testing.Empty> second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return c.emptyCall(io.grpcspec.proto.testing.Empty.getDefaultInstance());
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Thread.sleep(300);
            org.junit.jupiter.api.Assertions.assertFalse(second.isDone(), "the second call waits for the first stream");
            first.halfClose();
            org.junit.jupiter.api.Assertions.assertNull(first.next(Duration.ofSeconds(10)));
            assertEquals(io.grpcspec.proto.testing.Empty.getDefaultInstance(), second.get(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            one.shutdownNow();
        }
    }

}
