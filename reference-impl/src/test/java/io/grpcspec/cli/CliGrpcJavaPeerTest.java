package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.interop.GrpcJavaServicesServer;
import io.grpcspec.testing.CliRun;
import io.grpcspec.testing.Protosets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code list}, {@code describe} and {@code call} of every TestService method against a grpc-java
 * server (grpc-java's interop TestServiceImpl with grpc-services' reflection and health), through
 * server reflection and with our protoset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliGrpcJavaPeerTest {
    private GrpcJavaServicesServer server;

    @BeforeAll
    void start() throws Exception {
        server = new GrpcJavaServicesServer(GrpcJavaServicesServer.Reflection.BOTH);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void listNamesTheServicesAndTheTestServiceMethods() {
        CliRun r = CliRun.of("list", server.target());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
                "grpc.testing.TestService"), r.lines());

        CliRun methods = CliRun.of("list", server.target(), "grpc.testing.TestService");
        assertEquals(0, methods.exit(), methods.err());
        // Every method the server describes is one the call table covers.
        List<String> covered = TestServiceCalls.all(false).stream().map(c -> "grpc.testing.TestService." + c.method()).sorted().toList();
        assertEquals(covered, methods.lines());
    }

    @Test
    void listWithTheProtosetNeedsNoServer() {
        CliRun r = CliRun.of("list", "--protoset", Protosets.main().toString(), "grpc.testing.TestService");
        assertEquals(0, r.exit(), r.err());
        assertEquals(CliRun.of("list", server.target(), "grpc.testing.TestService").lines(), r.lines());
    }

    @Test
    void describeShowsTheServiceAndItsMessagesAsGrpcJavaDescribesThem() {
        CliRun r = CliRun.of("describe", server.target(), "grpc.testing.TestService");
        assertEquals(0, r.exit(), r.err());
        assertEquals("grpc.testing.TestService is a service:", r.lines().get(0));
        assertTrue(r.out().contains("  rpc FullDuplexCall ( stream .grpc.testing.StreamingOutputCallRequest ) returns ( stream "
                + ".grpc.testing.StreamingOutputCallResponse );"), r.out());

        CliRun m = CliRun.of("describe", server.target(), "grpc.testing.SimpleRequest");
        assertEquals(0, m.exit(), m.err());
        assertEquals("grpc.testing.SimpleRequest is a message:", m.lines().get(0));
        assertTrue(m.out().contains("  int32 response_size = 2;"), m.out());
        // grpc-java's messages.proto has fields ours leaves out: the description is the server's.
        assertTrue(m.out().contains("  .grpc.testing.PayloadType response_type = 1;"), m.out());

        CliRun method = CliRun.of("describe", server.target(), "grpc.testing.TestService/UnaryCall");
        assertEquals(0, method.exit(), method.err());
        assertEquals(List.of("grpc.testing.TestService.UnaryCall is a method:",
                "rpc UnaryCall ( .grpc.testing.SimpleRequest ) returns ( .grpc.testing.SimpleResponse );"), method.lines());
    }

    @Test
    void describeWithTheProtosetNeedsNoServer() {
        CliRun r = CliRun.of("describe", "--protoset", Protosets.main().toString(), "grpc.testing.TestService.StreamingInputCall");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("grpc.testing.TestService.StreamingInputCall is a method:",
                "rpc StreamingInputCall ( stream .grpc.testing.StreamingInputCallRequest ) returns ( .grpc.testing.StreamingInputCallResponse );"),
                r.lines());
    }

    Stream<Arguments> calls() {
        return TestServiceCalls.all(false).stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    @ParameterizedTest(name = "{0} protoset={1}")
    @MethodSource("calls")
    void everyTestServiceMethod(TestServiceCalls c, boolean protoset) {
        c.check(server.target(), protoset);
    }

    @Test
    void healthCheckThroughReflection() {
        CliRun r = CliRun.of("call", server.target(), "grpc.health.v1.Health/Check", "{}");
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\n  \"status\": \"SERVING\"\n}", r.text());
        CliRun unknown = CliRun.of("call", server.target(), "grpc.health.v1.Health/Check", "{\"service\": \"no.Such\"}");
        assertEquals(64 + 5, unknown.exit(), unknown.err());
        assertTrue(unknown.err().startsWith("ERROR: NOT_FOUND: "), unknown.err());
    }

    @Test
    void aServerWithOnlyTheV1alphaNameIsAskedByThatName() throws Exception {
        try (GrpcJavaServicesServer old = new GrpcJavaServicesServer(GrpcJavaServicesServer.Reflection.V1ALPHA_ONLY)) {
            CliRun r = CliRun.of("list", old.target());
            assertEquals(0, r.exit(), r.err());
            assertEquals(List.of("grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.testing.TestService"), r.lines());
            CliRun call = CliRun.of("call", "-v", old.target(), "grpc.testing.TestService/UnaryCall", "{\"responseSize\": 2}");
            assertEquals(0, call.exit(), call.err());
            assertTrue(call.err().contains("from the server's reflection (grpc.reflection.v1alpha):"), call.err());
            assertTrue(call.out().contains("\"body\": \"AAA=\""), call.out());
        }
    }

    @Test
    void aServerWithoutReflectionIsStillCallableThroughTheBuiltInProtos() throws Exception {
        try (GrpcJavaServicesServer bare = new GrpcJavaServicesServer(GrpcJavaServicesServer.Reflection.NONE)) {
            CliRun list = CliRun.of("list", bare.target());
            assertEquals(ExitCodes.FAILURE, list.exit(), list.err());
            assertTrue(list.err().contains("the server does not support reflection"), list.err());
            CliRun call = CliRun.of("call", bare.target(), "grpc.testing.TestService/StreamingOutputCall",
                    "{\"responseParameters\": [{\"size\": 1}]}");
            assertEquals(0, call.exit(), call.err());
            assertEquals("{\n  \"payload\": {\n    \"body\": \"AA==\"\n  }\n}", call.text());
        }
    }
}
