package io.grpcspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.interop.InteropPeer;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.testing.BoxesService;
import io.grpcspec.testing.CliRun;
import io.grpcspec.testing.Protosets;
import io.grpcspec.transport.Tls;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code list}, {@code describe} and {@code call} against our own server (reflection and health
 * on, as {@code serve} has them), every TestService method and the test Boxes service (Any, maps,
 * oneofs, enums, extensions, every RPC kind), and each failure's one line and exit code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliOurServerTest {
    private Server server;
    private String target;

    @BeforeAll
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition())
                .addService(BoxesService.definition()).addHealthService().addReflectionService().build().start();
        target = "127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.shutdownNow();
    }

    Stream<Arguments> calls() {
        return TestServiceCalls.all(true).stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    @ParameterizedTest(name = "{0} protoset={1}")
    @MethodSource("calls")
    void everyTestServiceMethod(TestServiceCalls c, boolean protoset) {
        c.check(target, protoset);
    }

    @Test
    void listAndDescribeThroughReflection() {
        CliRun r = CliRun.of("list", target);
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
                "grpc.testing.TestService", "grpcspec.test.Boxes", "helloworld.Greeter"), r.lines());
        CliRun methods = CliRun.of("list", target, "grpc.testing.TestService");
        assertEquals(TestServiceCalls.all(true).stream().map(c -> "grpc.testing.TestService." + c.method()).sorted().toList(), methods.lines());

        CliRun all = CliRun.of("describe", target);
        assertEquals(0, all.exit(), all.err());
        assertEquals(6, all.lines().stream().filter(l -> l.endsWith(" is a service:")).count(), all.out());
    }

    @Test
    void describeWritesProtoSource() {
        CliRun box = CliRun.of("describe", target, "grpcspec.test.Box");
        assertEquals(0, box.exit(), box.err());
        assertEquals(String.join("\n",
                "grpcspec.test.Box is a message:",
                "message Box {",
                "  optional .grpcspec.test.Item item = 1;",
                "  repeated .google.protobuf.Any extras = 2;",
                "  map<string, int32> counts = 3;",
                "  oneof choice {",
                "    string label = 4;",
                "    int64 code = 5;",
                "  }",
                "  optional .grpcspec.test.Box.Color color = 6;",
                "  optional .grpcspec.test.Box.Inner inner = 7;",
                "  repeated .grpcspec.test.Item items = 8;",
                "  message Inner {",
                "    optional bool flag = 1;",
                "    extend .grpcspec.test.Item {",
                "      optional string tag = 101;",
                "    }",
                "  }",
                "  enum Color {",
                "    RED = 0;",
                "    GREEN = 1;",
                "  }",
                "}"), box.text());
        assertEquals(List.of("grpcspec.test.Item is a message:", "message Item {", "  optional string name = 1;", "  extensions 100 to 199;", "}"),
                CliRun.of("describe", target, "grpcspec.test.Item").lines());
        assertEquals(List.of("grpcspec.test.weight is an extension:", "extend .grpcspec.test.Item {", "  optional int32 weight = 100;", "}"),
                CliRun.of("describe", target, "grpcspec.test.weight").lines());
        assertEquals(List.of("grpcspec.test.Box.counts is a field:", "map<string, int32> counts = 3;"),
                CliRun.of("describe", target, "grpcspec.test.Box.counts").lines());
        assertEquals(List.of("grpcspec.test.Box.Color is an enum:", "enum Color {", "  RED = 0;", "  GREEN = 1;", "}"),
                CliRun.of("describe", target, ".grpcspec.test.Box.Color").lines());
        assertEquals(List.of("grpcspec.test.Boxes.Split is a method:", "rpc Split ( .grpcspec.test.Box ) returns ( stream .grpcspec.test.Item );"),
                CliRun.of("describe", target, "grpcspec.test.Boxes/Split").lines());
        // proto3: no label on singular fields
        assertEquals(List.of("helloworld.HelloRequest is a message:", "message HelloRequest {", "  string name = 1;", "}"),
                CliRun.of("describe", target, "helloworld.HelloRequest").lines());
    }

    @Test
    void jsonWithAnyMapsOneofsAndEnumsRoundTrips() {
        // Item is in Box's file; HelloRequest is not, so the call asks reflection for it when JSON names it.
        String box = "{\"item\": {\"name\": \"cup\"}, \"extras\": [{\"@type\": \"type.googleapis.com/grpcspec.test.Item\", \"name\": \"lid\"}, "
                + "{\"@type\": \"type.googleapis.com/helloworld.HelloRequest\", \"name\": \"any\"}], "
                + "\"counts\": {\"a\": 1}, \"code\": \"7\", \"color\": \"GREEN\"}";
        CliRun r = CliRun.of("call", target, "grpcspec.test.Boxes/Echo", box);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"@type\": \"type.googleapis.com/helloworld.HelloRequest\""), r.out());
        assertTrue(r.out().contains("\"name\": \"any\""), r.out());
        assertTrue(r.out().contains("\"code\": \"7\""), r.out());
        assertTrue(r.out().contains("\"color\": \"GREEN\""), r.out());
        assertTrue(r.out().contains("\"a\": 1"), r.out());
        // The same with the test protoset, which has no HelloRequest: the Any is refused, naming the field.
        CliRun p = CliRun.of("call", "--protoset", Protosets.test().toString(), target, "grpcspec.test.Boxes/Echo", box);
        assertEquals(ExitCodes.USAGE, p.exit(), p.out() + p.err());
        assertEquals("error: the JSON does not match grpcspec.test.Box at field extras[1].@type: "
                + "Cannot resolve type: type.googleapis.com/helloworld.HelloRequest", p.err().strip());
    }

    @Test
    void everyRpcKindOfBoxes() {
        CliRun split = CliRun.of("call", target, "grpcspec.test.Boxes.Split", "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}");
        assertEquals(0, split.exit(), split.err());
        assertEquals("{\n  \"name\": \"a\"\n}\n{\n  \"name\": \"b\"\n}", split.text());

        CliRun collect = CliRun.withStdin("{\"name\": \"a\"}{\"name\": \"b\"}\n{\"name\": \"c\"}", "call", target, "grpcspec.test.Boxes/Collect", "-d", "@");
        assertEquals(0, collect.exit(), collect.err());
        assertTrue(collect.out().contains("\"name\": \"c\""), collect.out());
        assertEquals(3, collect.out().split("\"name\"").length - 1, collect.out());

        CliRun none = CliRun.of("call", target, "grpcspec.test.Boxes/Collect", "[]");
        assertEquals(0, none.exit(), none.err());
        assertEquals("{\n}", none.text());

        CliRun chat = CliRun.withStdin("[{\"label\": \"x\"},\n {\"label\": \"y\"}]", "call", "-v", target, "grpcspec.test.Boxes/Chat", "@");
        assertEquals(0, chat.exit(), chat.err());
        assertEquals("{\n  \"label\": \"x\"\n}\n{\n  \"label\": \"y\"\n}", chat.text());
        assertTrue(chat.err().contains("Sent 2 requests and received 2 responses"), chat.err());
        assertTrue(chat.err().contains("rpc Chat ( stream .grpcspec.test.Box ) returns ( stream .grpcspec.test.Box );"), chat.err());
    }

    @Test
    void verboseShowsMetadataBothWaysAndEmitDefaultsPrintsZeroValues() {
        CliRun r = CliRun.of("call", "-v", "-H", "x-grpc-test-echo-initial: hello", "-H", "x-grpc-test-echo-trailing-bin: AAEC",
                target, "grpc.testing.TestService/UnaryCall", "{}");
        assertEquals(0, r.exit(), r.err());
        List<String> err = r.err().lines().toList();
        int sent = err.indexOf("Request metadata to send:");
        int headers = err.indexOf("Response headers received:");
        int trailers = err.indexOf("Response trailers received:");
        assertTrue(sent >= 0 && headers > sent && trailers > headers, r.err());
        assertTrue(err.subList(headers, trailers).contains("x-grpc-test-echo-initial: hello"), r.err());
        assertTrue(err.subList(trailers, err.size()).contains("x-grpc-test-echo-trailing-bin: AAEC"), r.err());
        assertEquals("Sent 1 request and received 1 response", err.get(err.size() - 1));

        CliRun defaults = CliRun.of("call", "--emit-defaults", target, "grpcspec.test.Boxes/Echo", "{\"inner\": {}}");
        assertEquals(0, defaults.exit(), defaults.err());
        assertTrue(defaults.out().contains("\"counts\": {"), defaults.out());
        assertTrue(defaults.out().contains("\"items\": ["), defaults.out());
        CliRun plain = CliRun.of("call", target, "grpcspec.test.Boxes/Echo", "{\"inner\": {}}");
        assertEquals("{\n  \"inner\": {\n  }\n}", plain.text());
    }

    @Test
    void traceShowsTheFrames() {
        CliRun r = CliRun.of("call", "--trace", target, "grpc.health.v1.Health/Check");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith(">> HEADERS")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("<< DATA")), r.err());
    }

    @Test
    void inputErrorsAreOneLineAndExitTwo() {
        record Case(String expectedStart, String[] args) {}
        List<Case> cases = List.of(
                new Case("error: the JSON does not match grpc.testing.SimpleRequest at field responseSize: ",
                        new String[] {"call", target, "grpc.testing.TestService/UnaryCall", "{\"responseSize\": \"many\"}"}),
                new Case("error: the JSON does not match grpc.testing.StreamingOutputCallRequest at field responseParameters[1].size: ",
                        new String[] {"call", target, "grpc.testing.TestService/StreamingOutputCall",
                                "{\"responseParameters\": [{\"size\": 1}, {\"size\": true}]}"}),
                new Case("error: the JSON does not match helloworld.HelloRequest at field nom: ",
                        new String[] {"call", target, "helloworld.Greeter/SayHello", "{\"nom\": \"x\"}"}),
                new Case("error: request 1: the input ends inside a JSON value",
                        new String[] {"call", target, "helloworld.Greeter/SayHello", "{\"name\": \"x\""}),
                new Case("error: helloworld.Greeter.SayHello takes one request message; the input has 2",
                        new String[] {"call", target, "helloworld.Greeter/SayHello", "{} {}"}),
                new Case("error: unknown service no.Such; the server's reflection (grpc.reflection.v1) has grpc.health.v1.Health, ",
                        new String[] {"call", target, "no.Such/Method"}),
                new Case("error: service helloworld.Greeter has no method SayGoodbye (it has SayHello)",
                        new String[] {"call", target, "helloworld.Greeter/SayGoodbye"}),
                new Case("error: helloworld.HelloRequest is a message, not a service",
                        new String[] {"list", target, "helloworld.HelloRequest"}),
                new Case("error: symbol no.Such not found in the server's reflection (grpc.reflection.v1)",
                        new String[] {"describe", target, "no.Such"}),
                new Case("error: METHOD \"Greeter\" is not package.Service/Method",
                        new String[] {"call", target, "Greeter"}),
                new Case("error: bad --deadline \"soon\"",
                        new String[] {"call", "--deadline", "soon", target, "helloworld.Greeter/SayHello"}),
                new Case("error: --tls and --plaintext exclude each other",
                        new String[] {"list", "--tls", "--plaintext", target}),
                new Case("error: protoset /no/such.protoset does not exist",
                        new String[] {"list", "--protoset", "/no/such.protoset"}),
                new Case("error: no TARGET to ask by reflection, and no --protoset FILE",
                        new String[] {"list"}));
        for (Case c : cases) {
            CliRun r = CliRun.of(c.args());
            assertEquals(ExitCodes.USAGE, r.exit(), String.join(" ", c.args()) + "\n" + r.out() + r.err());
            assertTrue(r.err().startsWith(c.expectedStart()), String.join(" ", c.args()) + "\n" + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertEquals("", r.out(), r.out());
        }
    }

    @Test
    void aNonOkStatusExitsWith64PlusItsCode() {
        CliRun r = CliRun.of("call", target, "grpc.testing.TestService/UnaryCall",
                "{\"responseStatus\": {\"code\": 9, \"message\": \"not now\"}}");
        assertEquals(64 + 9, r.exit(), r.err());
        assertEquals("ERROR: FAILED_PRECONDITION: not now", r.err().strip());
        CliRun late = CliRun.of("call", "--deadline", "200ms", target, "grpc.testing.TestService/StreamingOutputCall",
                "{\"responseParameters\": [{\"size\": 1, \"intervalUs\": 5000000}]}");
        assertEquals(64 + 4, late.exit(), late.err());
        assertTrue(late.err().startsWith("ERROR: DEADLINE_EXCEEDED: "), late.err());
    }

    @Test
    void anUnreachableTargetIsOneLineAndExitsOne() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        for (String cmd : List.of("call", "list", "describe")) {
            List<String> args = cmd.equals("call") ? List.of(cmd, "127.0.0.1:" + dead, "helloworld.Greeter/SayHello")
                    : List.of(cmd, "127.0.0.1:" + dead);
            CliRun r = CliRun.of(args.toArray(new String[0]));
            assertEquals(ExitCodes.FAILURE, r.exit(), r.err());
            assertEquals("error: cannot connect to 127.0.0.1:" + dead + ": connection refused", r.err().strip());
        }
    }

    @Test
    void aServerWithoutReflection() throws Exception {
        Server bare = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(BoxesService.definition()).build().start();
        try {
            String t = "127.0.0.1:" + bare.port();
            CliRun list = CliRun.of("list", t);
            assertEquals(ExitCodes.FAILURE, list.exit(), list.err());
            assertEquals("error: " + t + ": the server does not support reflection (grpc.reflection.v1.ServerReflection and "
                    + "grpc.reflection.v1alpha.ServerReflection are UNIMPLEMENTED); give the descriptors with --protoset FILE", list.err().strip());
            // call knows the built-in services without reflection ...
            CliRun hello = CliRun.of("call", t, "helloworld.Greeter/SayHello", "{\"name\": \"bare\"}");
            assertEquals(0, hello.exit(), hello.err());
            assertEquals("{\n  \"message\": \"Hello bare\"\n}", hello.text());
            // ... and says what is missing for the others
            CliRun boxes = CliRun.of("call", t, "grpcspec.test.Boxes/Echo", "{}");
            assertEquals(ExitCodes.FAILURE, boxes.exit(), boxes.err());
            assertTrue(boxes.err().startsWith("error: " + t + ": the server does not support reflection, and grpcspec.test.Boxes is not one "
                    + "of grpcspec's built-in services"), boxes.err());
            CliRun withSet = CliRun.of("call", "--protoset", Protosets.test().toString(), t, "grpcspec.test.Boxes/Echo", "{\"label\": \"p\"}");
            assertEquals(0, withSet.exit(), withSet.err());
            assertEquals("{\n  \"label\": \"p\"\n}", withSet.text());
        } finally {
            bare.shutdownNow();
        }
    }

    @Test
    void tlsWithTheRightAndTheWrongName() throws Exception {
        Path dir = Files.createTempDirectory("grpcspec-cli-tls");
        InteropPeer.TlsFiles certs = InteropPeer.grpcTestCerts(dir);
        Server tls = ServerBuilder.forPort(0).addService(GreeterService.definition()).addReflectionService()
                .tls(Tls.serverContext(certs.certPem(), certs.keyPem())).build().start();
        try {
            String t = "localhost:" + tls.port();
            CliRun ok = CliRun.of("list", "--tls", "--ca", certs.caPem().toString(), "--authority", InteropPeer.GRPC_TEST_AUTHORITY, t);
            assertEquals(0, ok.exit(), ok.err());
            assertTrue(ok.lines().contains("helloworld.Greeter"), ok.out());
            CliRun wrongName = CliRun.of("call", "--tls", "--ca", certs.caPem().toString(), t, "helloworld.Greeter/SayHello");
            assertEquals(ExitCodes.FAILURE, wrongName.exit(), wrongName.err());
            assertTrue(wrongName.err().startsWith("error: cannot connect to " + t + ": TLS: the server's certificate is not valid for \"localhost\""),
                    wrongName.err());
            assertEquals(1, wrongName.err().lines().count(), wrongName.err());
            CliRun untrusted = CliRun.of("call", "--tls", "--authority", InteropPeer.GRPC_TEST_AUTHORITY, t, "helloworld.Greeter/SayHello");
            assertEquals(ExitCodes.FAILURE, untrusted.exit(), untrusted.err());
            assertTrue(untrusted.err().startsWith("error: cannot connect to " + t + ": TLS: the server's certificate is not trusted"), untrusted.err());
        } finally {
            tls.shutdownNow();
        }
    }

    @Test
    void aServiceWithoutADescriptorIsListedButNotDescribed() throws Exception {
        io.grpcspec.rpc.MethodDescriptor<io.grpcspec.proto.helloworld.HelloRequest, io.grpcspec.proto.helloworld.HelloReply> hand =
                io.grpcspec.rpc.MethodDescriptor.of("hand.Made", "Hi", io.grpcspec.rpc.MethodType.UNARY,
                        io.grpcspec.rpc.ProtoMarshaller.of(io.grpcspec.proto.helloworld.HelloRequest.getDefaultInstance()),
                        io.grpcspec.rpc.ProtoMarshaller.of(io.grpcspec.proto.helloworld.HelloReply.getDefaultInstance()));
        Server s = ServerBuilder.forPort(0).addService(GreeterService.definition())
                .addService(io.grpcspec.rpc.ServiceDefinition.builder("hand.Made")
                        .method(hand, (io.grpcspec.rpc.ServerMethods.Unary<io.grpcspec.proto.helloworld.HelloRequest,
                                io.grpcspec.proto.helloworld.HelloReply>) (req, ctx) -> io.grpcspec.proto.helloworld.HelloReply.getDefaultInstance())
                        .build())
                .addReflectionService().build().start();
        try {
            String t = "127.0.0.1:" + s.port();
            assertTrue(CliRun.of("list", t).lines().contains("hand.Made"));
            CliRun all = CliRun.of("describe", t);
            assertEquals(ExitCodes.FAILURE, all.exit(), all.err());
            assertEquals("error: hand.Made is listed, but the server's reflection (grpc.reflection.v1) has no descriptor for it", all.err().strip());
            assertTrue(all.out().contains("helloworld.Greeter is a service:"), all.out());
            CliRun call = CliRun.of("call", t, "hand.Made/Hi");
            assertEquals(ExitCodes.FAILURE, call.exit(), call.err());
            assertEquals("error: hand.Made is listed, but the server's reflection (grpc.reflection.v1) has no descriptor for it; "
                    + "give its descriptors with --protoset FILE", call.err().strip());
        } finally {
            s.shutdownNow();
        }
    }
}
