package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpcspec.interop.GrpcJavaGreeter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code grpcspec call} against grpc-java's Greeter over loopback. */
class CallCommandTest {

    private static Server greeter;

    @BeforeAll
    static void start() throws Exception {
        greeter = GrpcJavaGreeter.startServer(0);
    }

    @AfterAll
    static void stop() throws Exception {
        greeter.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void sayHelloPrintsTheReplyAsJson() {
        Run r = run("call", "localhost:" + greeter.getPort(), "helloworld.Greeter/SayHello", "{\"name\": \"cli\"}");
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\n  \"message\": \"Hello cli\"\n}", r.out().strip());
    }

    @Test
    void traceShowsFramesBothWays() {
        Run r = run("call", "--trace", "-H", "x-user: me", "--deadline", "5s", "localhost:" + greeter.getPort(),
                "helloworld.Greeter/SayHello", "{\"name\": \"t\"}");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith(">> HEADERS")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("<< SETTINGS")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("<< DATA")), r.err());
    }

    @Test
    void unknownMethodIsAUsageErrorListingTheKnownOnes() {
        Run r = run("call", "localhost:" + greeter.getPort(), "helloworld.Greeter/SayGoodbye");
        assertEquals(CallCommand.USAGE, r.exit());
        assertTrue(r.err().contains("unknown method \"helloworld.Greeter/SayGoodbye\""), r.err());
        assertTrue(r.err().contains("grpc.testing.TestService/UnaryCall"), r.err());
    }

    @Test
    void failedCallPrintsCodeAndMessageAndExitsOne() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        Run r = run("call", "--deadline", "3s", "localhost:" + dead, "helloworld.Greeter/SayHello");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("ERROR: UNAVAILABLE: "), r.err());
    }

    @Test
    void serviceTheServerLacksEndsUnimplemented() {
        Run r = run("call", "localhost:" + greeter.getPort(), "grpc.testing.TestService/EmptyCall");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("ERROR: UNIMPLEMENTED: "), r.err());
    }

    @Test
    void badJsonIsAUsageError() {
        Run r = run("call", "localhost:" + greeter.getPort(), "helloworld.Greeter/SayHello", "{\"nom\": 1}");
        assertEquals(CallCommand.USAGE, r.exit());
        assertTrue(r.err().contains("request JSON for helloworld.Greeter/SayHello"), r.err());
    }

    @Test
    void tlsWithACaAndAnAuthority(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.grpcspec.interop.InteropPeer.TlsFiles certs = io.grpcspec.interop.InteropPeer.grpcTestCerts(dir);
        Server tls = GrpcJavaGreeter.startServer(0, certs.certPem(), certs.keyPem());
        try {
            String target = "localhost:" + tls.getPort();
            Run ok = run("call", "--tls", "--ca", certs.caPem().toString(), "--authority", io.grpcspec.interop.InteropPeer.GRPC_TEST_AUTHORITY,
                    target, "helloworld.Greeter/SayHello", "{\"name\": \"tls\"}");
            assertEquals(0, ok.exit(), ok.err());
            assertTrue(ok.out().contains("\"Hello tls\""), ok.out());
            // Without the authority the certificate (*.test.google.fr) does not match localhost.
            Run bad = run("call", "--tls", "--ca", certs.caPem().toString(), "--deadline", "3s", target, "helloworld.Greeter/SayHello");
            assertEquals(1, bad.exit(), bad.err());
            assertTrue(bad.err().startsWith("ERROR: UNAVAILABLE: "), bad.err());
            Run plain = run("call", "--tls", "--plaintext", target, "helloworld.Greeter/SayHello");
            assertEquals(CallCommand.USAGE, plain.exit());
        } finally {
            tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void durationsAndArrays() {
        assertEquals(Duration.ofMillis(500), CallCommand.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(5), CallCommand.parseDuration("5"));
        assertEquals(Duration.ofMinutes(2), CallCommand.parseDuration("2m"));
        assertNull(CallCommand.parseDuration("5 seconds"));
        assertEquals(List.of("{\"a\":\"x,]\"}", "{\"b\":[1,2]}"), CallCommand.splitArray("[{\"a\":\"x,]\"}, {\"b\":[1,2]}]"));
        assertEquals(List.of(), CallCommand.splitArray("[]"));
    }
}
