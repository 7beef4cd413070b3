package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.reflection.v1.ExtensionRequest;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.grpcspec.testing.BoxesService;
import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * grpc-java's reflection stubs ({@code io.grpc.reflection.v1} and {@code v1alpha}, from
 * grpc-services) against our server with Greeter, TestService, the test Boxes service, health
 * and reflection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReflectionSocketTest {
    private static final int NOT_FOUND = 5;
    private static final int INVALID_ARGUMENT = 3;

    private Server server;
    private ManagedChannel channel;

    @BeforeAll
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition())
                .addService(BoxesService.definition()).addHealthService().addReflectionService().build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow();
    }

    /** One v1 reflection stream: ask, wait for the answer. */
    private final class Stream implements AutoCloseable {
        final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        final StreamObserver<ServerReflectionRequest> requests;

        Stream() {
            requests = ServerReflectionGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).serverReflectionInfo(collector(answers));
        }

        ServerReflectionResponse ask(ServerReflectionRequest r) throws InterruptedException {
            requests.onNext(r);
            Object o = answers.poll(10, TimeUnit.SECONDS);
            assertNotNull(o, "no reflection answer within 10 s");
            if (o instanceof Throwable t) throw new AssertionError("reflection stream failed", t);
            return (ServerReflectionResponse) o;
        }

        @Override
        public void close() {
            requests.onCompleted();
        }
    }

    private static <T> StreamObserver<T> collector(BlockingQueue<Object> q) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                q.add(value);
            }

            @Override
            public void onError(Throwable t) {
                q.add(t);
            }

            @Override
            public void onCompleted() {
                // the test closes the stream
            }
        };
    }

    private static ServerReflectionRequest symbol(String name) {
        return ServerReflectionRequest.newBuilder().setFileContainingSymbol(name).build();
    }

    private static List<String> fileNames(ServerReflectionResponse r) throws Exception {
        assertTrue(r.hasFileDescriptorResponse(), r::toString);
        List<String> names = new ArrayList<>();
        for (ByteString b : r.getFileDescriptorResponse().getFileDescriptorProtoList()) names.add(FileDescriptorProto.parseFrom(b).getName());
        return names;
    }

    /** Builds the answer's files, imports first, the way a reflection client must. */
    private static FileDescriptor build(ServerReflectionResponse r) throws Exception {
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        String first = null;
        for (ByteString b : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
            FileDescriptorProto p = FileDescriptorProto.parseFrom(b);
            if (first == null) first = p.getName();
            protos.put(p.getName(), p);
        }
        return build(first, protos, new HashMap<>());
    }

    private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> built) throws Exception {
        FileDescriptor done = built.get(name);
        if (done != null) return done;
        FileDescriptorProto p = protos.get(name);
        assertNotNull(p, "the answer lacks " + name);
        List<FileDescriptor> deps = new ArrayList<>();
        for (String d : p.getDependencyList()) deps.add(build(d, protos, built));
        FileDescriptor f = FileDescriptor.buildFrom(p, deps.toArray(new FileDescriptor[0]));
        built.put(name, f);
        return f;
    }

    @Test
    @Checks({"RF-1"})
    void listServicesNamesEveryServiceTheServerHas() throws Exception {
        try (Stream s = new Stream()) {
            ServerReflectionResponse r = s.ask(ServerReflectionRequest.newBuilder().setListServices("*").build());
            List<String> names = r.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
            assertEquals(List.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
                    "grpc.testing.TestService", "grpcspec.test.Boxes", "helloworld.Greeter"), names);
        }
    }

    @Test
    @Checks({"RF-2"})
    void aFileComesFirstThenEveryFileItImportsOnce() throws Exception {
        try (Stream s = new Stream()) {
            ServerReflectionResponse r = s.ask(symbol("grpc.testing.TestService"));
            assertEquals(List.of("grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto"), fileNames(r));
            FileDescriptor f = build(r);
            assertEquals(8, f.findServiceByName("TestService").getMethods().size());
            assertEquals("grpc.testing.StreamingOutputCallResponse",
                    f.findServiceByName("TestService").findMethodByName("FullDuplexCall").getOutputType().getFullName());

            ServerReflectionResponse boxes = s.ask(ServerReflectionRequest.newBuilder().setFileByFilename("grpcspec/test/boxes.proto").build());
            assertEquals(List.of("grpcspec/test/boxes.proto", "google/protobuf/any.proto"), fileNames(boxes));
            assertEquals("google.protobuf.Any", build(boxes).findMessageTypeByName("Box").findFieldByName("extras").getMessageType().getFullName());
        }
    }

    @Test
    @Checks({"RF-3"})
    void everyKindOfSymbolFindsItsFile() throws Exception {
        Map<String, String> fileOf = new java.util.LinkedHashMap<>();
        fileOf.put("helloworld.Greeter", "helloworld/helloworld.proto");
        fileOf.put("helloworld.Greeter.SayHello", "helloworld/helloworld.proto");
        fileOf.put("grpc.testing.SimpleRequest", "grpc/testing/messages.proto");
        fileOf.put("grpc.testing.SimpleRequest.response_size", "grpc/testing/messages.proto");
        fileOf.put(".grpc.testing.Empty", "grpc/testing/empty.proto");
        fileOf.put("grpcspec.test.Box.Inner", "grpcspec/test/boxes.proto");
        fileOf.put("grpcspec.test.Box.Color", "grpcspec/test/boxes.proto");
        fileOf.put("grpcspec.test.Box.GREEN", "grpcspec/test/boxes.proto");
        fileOf.put("grpcspec.test.Box.choice", "grpcspec/test/boxes.proto");
        fileOf.put("grpcspec.test.weight", "grpcspec/test/boxes.proto");
        fileOf.put("grpcspec.test.Box.Inner.tag", "grpcspec/test/boxes.proto");
        fileOf.put("google.protobuf.Any", "google/protobuf/any.proto");
        fileOf.put("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto");
        fileOf.put("grpc.reflection.v1alpha.ServerReflection", "grpc/reflection/v1alpha/reflection.proto");
        try (Stream s = new Stream()) {
            for (Map.Entry<String, String> e : fileOf.entrySet()) {
                assertEquals(e.getValue(), fileNames(s.ask(symbol(e.getKey()))).get(0), e.getKey());
            }
            ServerReflectionResponse byName = s.ask(ServerReflectionRequest.newBuilder().setFileByFilename("grpc/health/v1/health.proto").build());
            assertEquals(List.of("grpc/health/v1/health.proto"), fileNames(byName));
        }
    }

    @Test
    @Checks({"RF-4"})
    void extensionsAreFoundByTypeAndNumber() throws Exception {
        try (Stream s = new Stream()) {
            ServerReflectionResponse ext = s.ask(ServerReflectionRequest.newBuilder().setFileContainingExtension(
                    ExtensionRequest.newBuilder().setContainingType("grpcspec.test.Item").setExtensionNumber(101)).build());
            assertEquals("grpcspec/test/boxes.proto", fileNames(ext).get(0));
            ServerReflectionResponse numbers = s.ask(ServerReflectionRequest.newBuilder().setAllExtensionNumbersOfType("grpcspec.test.Item").build());
            assertEquals("grpcspec.test.Item", numbers.getAllExtensionNumbersResponse().getBaseTypeName());
            assertEquals(List.of(100, 101), numbers.getAllExtensionNumbersResponse().getExtensionNumberList());
            ServerReflectionResponse none = s.ask(ServerReflectionRequest.newBuilder().setAllExtensionNumbersOfType("grpcspec.test.Box.Inner").build());
            assertTrue(none.hasAllExtensionNumbersResponse(), none::toString);
            assertEquals(List.of(), none.getAllExtensionNumbersResponse().getExtensionNumberList());
        }
    }

    @Test
    @Checks({"RF-5"})
    void unknownNamesGetNotFoundAndTheStreamGoesOn() throws Exception {
        List<ServerReflectionRequest> unknown = List.of(
                symbol("no.Such"),
                symbol("grpc.testing.TestService.NoSuchMethod"),
                ServerReflectionRequest.newBuilder().setFileByFilename("no/such.proto").build(),
                ServerReflectionRequest.newBuilder().setFileContainingExtension(
                        ExtensionRequest.newBuilder().setContainingType("grpcspec.test.Item").setExtensionNumber(150)).build(),
                ServerReflectionRequest.newBuilder().setFileContainingExtension(
                        ExtensionRequest.newBuilder().setContainingType("no.Such").setExtensionNumber(100)).build(),
                ServerReflectionRequest.newBuilder().setAllExtensionNumbersOfType("no.Such").build(),
                // a symbol that exists but is not a message type
                ServerReflectionRequest.newBuilder().setAllExtensionNumbersOfType("helloworld.Greeter").build());
        try (Stream s = new Stream()) {
            for (ServerReflectionRequest q : unknown) {
                ServerReflectionResponse r = s.ask(q);
                assertEquals(NOT_FOUND, r.getErrorResponse().getErrorCode(), q::toString);
                assertTrue(!r.getErrorResponse().getErrorMessage().isEmpty(), q::toString);
            }
            assertEquals("helloworld/helloworld.proto", fileNames(s.ask(symbol("helloworld.HelloRequest"))).get(0));
        }
    }

    @Test
    @Checks({"RF-6"})
    void everyAnswerRepeatsItsRequestAndHost() throws Exception {
        try (Stream s = new Stream()) {
            for (ServerReflectionRequest q : List.of(
                    ServerReflectionRequest.newBuilder().setHost("example.test:443").setListServices("").build(),
                    ServerReflectionRequest.newBuilder().setHost("h").setFileContainingSymbol("helloworld.Greeter").build(),
                    ServerReflectionRequest.newBuilder().setFileContainingSymbol("no.Such").build())) {
                ServerReflectionResponse r = s.ask(q);
                assertEquals(q, r.getOriginalRequest());
                assertEquals(q.getHost(), r.getValidHost());
            }
        }
    }

    @Test
    @Checks({"RF-7"})
    void aRequestThatAsksNothingGetsInvalidArgument() throws Exception {
        try (Stream s = new Stream()) {
            ServerReflectionResponse r = s.ask(ServerReflectionRequest.newBuilder().setHost("h").build());
            assertEquals(INVALID_ARGUMENT, r.getErrorResponse().getErrorCode());
            assertEquals(6, s.ask(ServerReflectionRequest.newBuilder().setListServices("").build())
                    .getListServicesResponse().getServiceCount());
        }
    }

    @Test
    @Checks({"RF-1", "RF-3"})
    void theV1alphaNameAnswersTheSame() throws Exception {
        BlockingQueue<Object> q = new LinkedBlockingQueue<>();
        StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> req = io.grpc.reflection.v1alpha.ServerReflectionGrpc
                .newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).serverReflectionInfo(collector(q));
        try {
            req.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
            var list = (io.grpc.reflection.v1alpha.ServerReflectionResponse) q.poll(10, TimeUnit.SECONDS);
            assertNotNull(list);
            assertEquals(6, list.getListServicesResponse().getServiceCount());
            req.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setFileContainingSymbol("grpcspec.test.Boxes.Chat").build());
            var file = (io.grpc.reflection.v1alpha.ServerReflectionResponse) q.poll(10, TimeUnit.SECONDS);
            assertNotNull(file);
            assertEquals("grpcspec/test/boxes.proto",
                    FileDescriptorProto.parseFrom(file.getFileDescriptorResponse().getFileDescriptorProto(0)).getName());
        } finally {
            req.onCompleted();
        }
    }
}
