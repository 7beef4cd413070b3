package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpcspec.testing.TestCerts;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grpc-java Greeter peer talks to itself over a real loopback socket, plaintext and TLS. */
class GrpcJavaGreeterTest {

    @TempDir
    static Path dir;
    static TestCerts certs;
    static Server plain;
    static Server tls;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.create(dir);
        plain = GrpcJavaGreeter.startServer(0);
        tls = GrpcJavaGreeter.startServer(0, certs.certPem(), certs.keyPem());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Server s : new Server[] {plain, tls}) {
            if (s != null) {
                s.shutdownNow();
                assertTrue(s.awaitTermination(5, TimeUnit.SECONDS), "grpc-java Greeter server did not stop");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"world", "", "grüße ✓", "a name with spaces and: colons"})
    void plaintextSayHelloEchoesTheName(String name) throws Exception {
        assertEquals("Hello " + name, GrpcJavaGreeter.sayHello("127.0.0.1", plain.getPort(), name));
    }

    @Test
    void largeNameSurvivesFlowControl() throws Exception {
        // 200 KiB is more than the 64 KiB initial window: the reply needs WINDOW_UPDATEs both ways
        String name = "x".repeat(200 * 1024);
        assertEquals("Hello " + name, GrpcJavaGreeter.sayHello("127.0.0.1", plain.getPort(), name));
    }

    @Test
    void tlsSayHelloWithOurSelfSignedCertificate() throws Exception {
        assertEquals("Hello tls", GrpcJavaGreeter.sayHello("127.0.0.1", tls.getPort(), "tls", certs.certPem(), "localhost"));
    }

    @Test
    void tlsClientRejectsACertificateForAnotherName() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> GrpcJavaGreeter.sayHello("127.0.0.1", tls.getPort(), "x", certs.certPem(), "not-localhost.example"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void plaintextClientGetsNoAnswerFromTheTlsPort() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> GrpcJavaGreeter.sayHello("127.0.0.1", tls.getPort(), "x"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void methodDescriptorNamesTheProtoService() {
        assertEquals("helloworld.Greeter/SayHello", GrpcJavaGreeter.SAY_HELLO.getFullMethodName());
        assertEquals("Hello Ann", GrpcJavaGreeter.greeting("Ann"));
    }
}
