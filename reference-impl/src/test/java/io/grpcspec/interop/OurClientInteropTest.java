package io.grpcspec.interop;


import io.grpcspec.client.Channel;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.Grpc;
import io.grpcspec.client.InteropClient;
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
 * Our client ({@link InteropClient} over {@link Grpc#dial}) runs the interop cases against
 * grpc-java's TestServiceServer in a child JVM: every case over plaintext, and
 * {@link InteropCases#TLS} over TLS with grpc-java's test CA and the authority its certificate names.
 * grpc-java 1.76's server does not check {@code expect_compressed}, so the compressed-request
 * cases skip their probe (see {@link InteropCases#GRPC_JAVA_SERVER_VARIANTS}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OurClientInteropTest {

    private InteropPeer.PeerServer plain;
    private InteropPeer.PeerServer tls;
    private InteropPeer.TlsFiles certs;

    @BeforeAll
    void startServers() throws Exception {
        plain = InteropPeer.startServer(false, null, null);
        certs = InteropPeer.grpcTestCerts(Files.createTempDirectory("grpcspec-certs"));
        tls = InteropPeer.startServer(true, null, null);
    }

    @AfterAll
    void stopServers() {
        if (plain != null) plain.close();
        if (tls != null) tls.close();
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
        OurClientCases.run(testCase, "localhost:" + plain.port(), false, DialOptions.insecure());
    }

    @ParameterizedTest(name = "{0} over TLS")
    @MethodSource("tlsCases")
    void overTls(String testCase) throws Exception {
        OurClientCases.run(testCase, "localhost:" + tls.port(), false, DialOptions.tlsTrusting(certs.caPem()),
                DialOptions.withAuthority(InteropPeer.GRPC_TEST_AUTHORITY));
    }



    @Test
    void tlsVerifiesTheServerNameAgainstTheAuthority() {
        // The test certificate names *.test.google.fr, not localhost: without the override the handshake fails.
        io.grpcspec.client.DialException e = org.junit.jupiter.api.Assertions.assertThrows(io.grpcspec.client.DialException.class,
                () -> Grpc.dial("localhost:" + tls.port(), DialOptions.tlsTrusting(certs.caPem()), DialOptions.withBlock(Duration.ofSeconds(5))));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("No subject alternative DNS name matching localhost"), e.getMessage());
    }

    @Test
    void unknownCaseIsRefused() throws Exception {
        try (Channel ch = Grpc.dial("localhost:" + plain.port(), DialOptions.insecure())) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new InteropClient(ch, false).run("no_such_case"));
        }
    }

}
