package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpcspec.interop.GrpcJavaGreeter;
import io.grpcspec.interop.InteropPeer;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.testing.CliRun;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code grpcspec call} against grpc-java's Greeter over loopback: a server WITHOUT reflection, so
 * the call falls back on the built-in protos (the README's examples work against any Greeter).
 */
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

    private static String target() {
        return "localhost:" + greeter.getPort();
    }

    @Test
    void sayHelloPrintsTheReplyAsJson() {
        CliRun r = CliRun.of("call", target(), "helloworld.Greeter/SayHello", "{\"name\": \"cli\"}");
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\n  \"message\": \"Hello cli\"\n}", r.text());
        CliRun dots = CliRun.of("call", target(), "helloworld.Greeter.SayHello", "-d", "{\"name\": \"dots\"}");
        assertEquals("{\n  \"message\": \"Hello dots\"\n}", dots.text());
    }

    @Test
    void traceShowsFramesBothWaysAndVerboseNamesTheFallback() {
        CliRun r = CliRun.of("call", "--trace", "-v", "-H", "x-user: me", "--deadline", "5s", target(),
                "helloworld.Greeter/SayHello", "{\"name\": \"t\"}");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith(">> HEADERS")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("<< SETTINGS")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("<< DATA")), r.err());
        assertTrue(r.err().contains("from grpcspec's built-in protos (the server has no reflection):"), r.err());
        assertTrue(r.err().contains("x-user: me"), r.err());
    }

    @Test
    void unknownMethodIsAUsageErrorListingTheMethodsThereAre() {
        CliRun r = CliRun.of("call", target(), "helloworld.Greeter/SayGoodbye");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("error: service helloworld.Greeter has no method SayGoodbye (it has SayHello)", r.err().strip());
    }

    @Test
    void aBuiltInServiceTheServerLacksEndsUnimplemented() {
        CliRun r = CliRun.of("call", target(), "grpc.testing.TestService/EmptyCall");
        assertEquals(ExitCodes.of(StatusCode.UNIMPLEMENTED), r.exit(), r.err());
        assertTrue(r.err().startsWith("ERROR: UNIMPLEMENTED: "), r.err());
    }

    @Test
    void listAndDescribeNeedReflectionOrAProtoset() {
        CliRun r = CliRun.of("describe", target(), "helloworld.Greeter");
        assertEquals(ExitCodes.FAILURE, r.exit());
        assertTrue(r.err().startsWith("error: " + target() + ": the server does not support reflection"), r.err());
        assertTrue(r.err().strip().endsWith("give the descriptors with --protoset FILE"), r.err());
    }

    @Test
    void badJsonIsAUsageErrorNamingTheField() {
        CliRun r = CliRun.of("call", target(), "helloworld.Greeter/SayHello", "{\"nom\": 1}");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().startsWith("error: the JSON does not match helloworld.HelloRequest at field nom: "), r.err());
    }

    @Test
    void tlsWithACaAndAnAuthority(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        InteropPeer.TlsFiles certs = InteropPeer.grpcTestCerts(dir);
        Server tls = GrpcJavaGreeter.startServer(0, certs.certPem(), certs.keyPem());
        try {
            String target = "localhost:" + tls.getPort();
            CliRun ok = CliRun.of("call", "--tls", "--ca", certs.caPem().toString(), "--authority", InteropPeer.GRPC_TEST_AUTHORITY,
                    target, "helloworld.Greeter/SayHello", "{\"name\": \"tls\"}");
            assertEquals(0, ok.exit(), ok.err());
            assertTrue(ok.out().contains("\"Hello tls\""), ok.out());
            // Without the authority the certificate (*.test.google.fr) does not match localhost.
            CliRun bad = CliRun.of("call", "--tls", "--ca", certs.caPem().toString(), target, "helloworld.Greeter/SayHello");
            assertEquals(ExitCodes.FAILURE, bad.exit(), bad.err());
            assertTrue(bad.err().startsWith("error: cannot connect to " + target + ": TLS: the server's certificate is not valid for \"localhost\""),
                    bad.err());
            CliRun plain = CliRun.of("call", "--tls", "--plaintext", target, "helloworld.Greeter/SayHello");
            assertEquals(ExitCodes.USAGE, plain.exit());
            assertEquals("error: --tls and --plaintext exclude each other", plain.err().strip());
        } finally {
            tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void durationsMethodNamesAndExitCodes() throws Exception {
        assertEquals(Duration.ofMillis(500), TargetOptions.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(5), TargetOptions.parseDuration("5"));
        assertEquals(Duration.ofMinutes(2), TargetOptions.parseDuration("2m"));
        assertNull(TargetOptions.parseDuration("5 seconds"));
        assertArrayEquals(new String[] {"a.B", "C"}, CallCommand.splitMethod("a.B/C"));
        assertArrayEquals(new String[] {"a.B", "C"}, CallCommand.splitMethod("/a.B/C"));
        assertArrayEquals(new String[] {"a.B", "C"}, CallCommand.splitMethod("a.B.C"));
        assertThrows(CliFailure.class, () -> CallCommand.splitMethod("a.B/"));
        assertThrows(CliFailure.class, () -> CallCommand.splitMethod("a/B/C"));
        assertEquals(0, ExitCodes.of(StatusCode.OK));
        assertEquals(65, ExitCodes.of(StatusCode.CANCELLED));
        assertEquals(80, ExitCodes.of(StatusCode.UNAUTHENTICATED));
    }

    @Test
    void connectFailuresInWords() {
        assertEquals("connection refused",
                TargetOptions.explain("connect to /127.0.0.1:1 failed: java.net.ConnectException: Connection refused", null, "x:1"));
        assertEquals("TLS: the server's certificate is not valid for \"localhost\" (No subject alternative DNS name matching localhost found.); "
                        + "--authority NAME sets the name to verify",
                TargetOptions.explain("connect to localhost/127.0.0.1:5 failed: javax.net.ssl.SSLHandshakeException: "
                        + "No subject alternative DNS name matching localhost found.", null, "localhost:5"));
        assertTrue(TargetOptions.explain("failed: javax.net.ssl.SSLHandshakeException: PKIX path building failed: x", "a.b", "t:1")
                .startsWith("TLS: the server's certificate is not trusted"));
        assertEquals("something else", TargetOptions.explain("something else", null, "t:1"));
    }

    @Test
    void jsonInputSplitsArraysAndValueSequences() throws Exception {
        assertEquals(List.of("{\"a\":\"x,]\"}", "{\"b\":[1,2]}"), JsonInput.split("[{\"a\":\"x,]\"}, {\"b\":[1,2]}]"));
        assertEquals(List.of(), JsonInput.split("[]"));
        assertEquals(List.of(), JsonInput.split("  \n "));
        assertEquals(List.of("{\"a\":1}", "{\"b\":\"}{\"}", "\"text\"", "12", "true"),
                JsonInput.split("{\"a\":1}{\"b\":\"}{\"}\n\"text\" 12\ttrue"));
        assertEquals(List.of("{\"s\":\"a\\\"]b\"}"), JsonInput.split("[{\"s\":\"a\\\"]b\"}]"));
        JsonInput.SyntaxError open = assertThrows(JsonInput.SyntaxError.class, () -> JsonInput.split("{\"a\": [1, 2}"));
        assertTrue(open.getMessage().contains("line 1"), open.getMessage());
        assertThrows(JsonInput.SyntaxError.class, () -> JsonInput.split("[{}, {} x]"));
        assertThrows(JsonInput.SyntaxError.class, () -> JsonInput.split("[{}] {}"));
        assertThrows(JsonInput.SyntaxError.class, () -> JsonInput.split("[{},"));
        assertEquals(2, JsonInput.members("{\"a\": {\"x\": [1]}, \"b\" : \"q\"}").size());
        assertNull(JsonInput.members("[1]"));
    }
}
