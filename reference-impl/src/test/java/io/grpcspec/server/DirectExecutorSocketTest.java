package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.client.CallOptions;
import io.grpcspec.client.Channel;
import io.grpcspec.client.ClientCalls;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.Grpc;
import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StreamObserver;
import io.grpcspec.spec.grpc.Metadata;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerBuilder#directExecutor()} over a real socket: handlers of methods with one response
 * run on the connection's reader thread, streaming responses still run on the pool (they wait for
 * flow-control credit that only the reader brings), and every call completes as it does without it.
 */
class DirectExecutorSocketTest {
    static final ProtoMarshaller<HelloRequest> REQ = ProtoMarshaller.of(HelloRequest.getDefaultInstance());
    static final ProtoMarshaller<HelloReply> RESP = ProtoMarshaller.of(HelloReply.getDefaultInstance());
    static final MethodDescriptor<HelloRequest, HelloReply> ONE = MethodDescriptor.of("test.Direct", "One", MethodType.UNARY, REQ, RESP);
    static final MethodDescriptor<HelloRequest, HelloReply> GATHER =
            MethodDescriptor.of("test.Direct", "Gather", MethodType.CLIENT_STREAMING, REQ, RESP);
    static final MethodDescriptor<HelloRequest, HelloReply> FLOOD =
            MethodDescriptor.of("test.Direct", "Flood", MethodType.SERVER_STREAMING, REQ, RESP);
    /** 40 messages of 16 KiB: more than the client's 64 KiB window, so the handler must wait for credit. */
    static final int FLOOD_MESSAGES = 40;

    /** The names of the threads each method's handler ran on. */
    final Set<String> oneThreads = ConcurrentHashMap.newKeySet();
    final Set<String> gatherThreads = ConcurrentHashMap.newKeySet();
    final Set<String> floodThreads = ConcurrentHashMap.newKeySet();
    Server server;

    /** Holds the handler of {@link #HOLD} until counted down. */
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    static final MethodDescriptor<HelloRequest, HelloReply> HOLD = MethodDescriptor.of("test.Direct", "Hold", MethodType.UNARY, REQ, RESP);

    Server start(boolean direct) throws Exception {
        return start(direct, 512);
    }

    Server start(boolean direct, int handlerThreads) throws Exception {
        ServiceDefinition service = ServiceDefinition.builder("test.Direct")
                .method(ONE, (ServerMethods.Unary<HelloRequest, HelloReply>) (req, ctx) -> {
                    oneThreads.add(Thread.currentThread().getName());
                    return HelloReply.newBuilder().setMessage("hi " + req.getName()).build();
                })
                .method(GATHER, (ServerMethods.ClientStreaming<HelloRequest, HelloReply>) (out, ctx) -> new StreamObserver<>() {
                    final StringBuilder names = new StringBuilder();

                    @Override
                    public void onNext(HelloRequest r) {
                        gatherThreads.add(Thread.currentThread().getName());
                        names.append(r.getName());
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        out.onNext(HelloReply.newBuilder().setMessage(names.toString()).build());
                        out.onCompleted();
                    }
                })
                .method(HOLD, (ServerMethods.Unary<HelloRequest, HelloReply>) (req, ctx) -> {
                    holding.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HelloReply.newBuilder().setMessage("held").build();
                })
                .method(FLOOD, (ServerMethods.ServerStreaming<HelloRequest, HelloReply>) (req, out, ctx) -> {
                    floodThreads.add(Thread.currentThread().getName());
                    String chunk = "x".repeat(16 * 1024);
                    for (int i = 0; i < FLOOD_MESSAGES; i++) out.onNext(HelloReply.newBuilder().setMessage(chunk).build());
                    out.onCompleted();
                })
                .build();
        ServerBuilder b = ServerBuilder.forPort(0).addService(service).maxHandlerThreads(handlerThreads);
        if (direct) b.directExecutor();
        server = b.build().start();
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.shutdown(2, TimeUnit.SECONDS);
    }

    Channel dial() throws Exception {
        return Grpc.dial("127.0.0.1:" + server.port(), DialOptions.insecure(), DialOptions.withBlock(Duration.ofSeconds(10)));
    }

    static HelloRequest hello(String name) {
        return HelloRequest.newBuilder().setName(name).build();
    }

    @Test
    void unaryAndClientStreamingHandlersRunOnTheReaderThread() throws Exception {
        start(true);
        try (Channel ch = dial()) {
            for (int i = 0; i < 20; i++) {
                assertEquals("hi " + i, ClientCalls.blockingUnary(ch, ONE, hello("" + i), CallOptions.DEFAULT, Metadata.EMPTY).getMessage());
            }
            List<HelloRequest> parts = IntStream.range(0, 5).mapToObj(i -> hello("" + i)).toList();
            assertEquals("01234", ClientCalls.blockingClientStreaming(ch, GATHER, parts, CallOptions.DEFAULT, Metadata.EMPTY).getMessage());
        }
        assertEquals(1, oneThreads.size(), "one connection, one reader: " + oneThreads);
        assertTrue(oneThreads.iterator().next().startsWith("grpcspec-reader-"), oneThreads::toString);
        assertEquals(oneThreads, gatherThreads, "the client-streaming handler ran on the same reader");
    }

    @Test
    void serverStreamingHandlersStillRunOnThePoolAndWaitForCredit() throws Exception {
        start(true);
        try (Channel ch = dial()) {
            List<HelloReply> replies = ClientCalls.blockingServerStreaming(ch, FLOOD, hello("f"), CallOptions.DEFAULT, Metadata.EMPTY);
            assertEquals(FLOOD_MESSAGES, replies.size());
            // The reader stays free for the client's WINDOW_UPDATEs, and for other calls meanwhile.
            assertEquals("hi again", ClientCalls.blockingUnary(ch, ONE, hello("again"), CallOptions.DEFAULT, Metadata.EMPTY).getMessage());
        }
        assertEquals(1, floodThreads.size(), floodThreads::toString);
        assertTrue(floodThreads.iterator().next().startsWith("grpcspec-handler"), floodThreads::toString);
    }

    @Test
    void withoutItEveryHandlerRunsOnThePool() throws Exception {
        start(false);
        try (Channel ch = dial()) {
            assertEquals("hi x", ClientCalls.blockingUnary(ch, ONE, hello("x"), CallOptions.DEFAULT, Metadata.EMPTY).getMessage());
            assertEquals("ab", ClientCalls.blockingClientStreaming(ch, GATHER, List.of(hello("a"), hello("b")), CallOptions.DEFAULT,
                    Metadata.EMPTY).getMessage());
        }
        assertTrue(oneThreads.stream().allMatch(n -> n.startsWith("grpcspec-handler")), oneThreads::toString);
        assertTrue(gatherThreads.stream().allMatch(n -> n.startsWith("grpcspec-handler")), gatherThreads::toString);
    }

    @Test
    void aCallFindingThePoolFullEndsResourceExhausted() throws Exception {
        start(false, 1);
        try (Channel ch = dial()) {
            Thread holder = Thread.ofVirtual().start(() -> {
                try {
                    ClientCalls.blockingUnary(ch, HOLD, hello("h"), CallOptions.DEFAULT, Metadata.EMPTY);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(holding.await(10, TimeUnit.SECONDS), "the first call holds the only handler thread");
            io.grpcspec.rpc.StatusException busy = org.junit.jupiter.api.Assertions.assertThrows(io.grpcspec.rpc.StatusException.class,
                    () -> ClientCalls.blockingUnary(ch, ONE, hello("b"), CallOptions.DEFAULT, Metadata.EMPTY));
            assertEquals(io.grpcspec.spec.grpc.StatusCode.RESOURCE_EXHAUSTED, busy.status().code(), busy::toString);
            release.countDown();
            holder.join(10_000);
            // The pool has its thread back: calls go on.
            assertEquals("hi c", ClientCalls.blockingUnary(ch, ONE, hello("c"), CallOptions.DEFAULT, Metadata.EMPTY).getMessage());
        }
    }
}
