package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.proto.testing.SimpleRequest;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.rpc.services.TestServiceMethods;
import io.grpcspec.spec.grpc.Inbox;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.RstStreamFrame;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client call policies of the call machine, shown over real sockets: transparent retry after
 * REFUSED_STREAM and after GOAWAY (RPC-28), CANCEL at the deadline (RPC-29), the send limit
 * (RPC-33), the limit after decompression (RPC-34), and the receive credit that holds back a
 * server whose stream nobody reads (RPC-38). The server side is a scripted {@link RawH2Server}
 * where the test needs to choose frames, our own server otherwise.
 */
class ClientCallPoliciesSocketTest {

    private static final Bytes HI = Bytes.of(HelloReply.newBuilder().setMessage("hi").build().toByteArray());

    private static Channel dial(RawH2Server s, DialOption... more) throws Exception {
        DialOption[] all = new DialOption[more.length + 1];
        all[0] = DialOptions.withBlock(Duration.ofSeconds(10));
        System.arraycopy(more, 0, all, 1, more.length);
        return Grpc.dial("127.0.0.1:" + s.address().getPort(), all);
    }

    private static GreeterClient greeter(Channel ch, Duration timeout) {
        return new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(timeout));
    }

    /** Runs {@code body} on a daemon thread, so the test thread can play the server meanwhile. */
    private static <T> java.util.concurrent.CompletableFuture<T> inBackground(java.util.concurrent.Callable<T> body) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** The status a background call failed with. */
    private static StatusException failure(java.util.concurrent.CompletableFuture<?> call) {
        Throwable t = assertThrows(java.util.concurrent.ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS)).getCause();
        return assertInstanceOf(StatusException.class, t);
    }

    @Test
    @Checks("RPC-28")
    void aRefusedStreamIsReplayedOnTheSameConnection() throws Exception {
        try (RawH2Server server = new RawH2Server()) {
            var dialled = inBackground(() -> dial(server));
            RawH2Server.Conn conn = server.accept();
            try (Channel ch = dialled.get(10, TimeUnit.SECONDS)) {
                var reply = inBackground(() -> greeter(ch, Duration.ofSeconds(10)).sayHello("x"));
                RawH2Server.Request first = conn.readRequest(true);
                conn.send(new RstStreamFrame(first.streamId(), ErrorCode.REFUSED_STREAM.code()));
                RawH2Server.Request again = conn.readRequest(true);
                conn.respond(again.streamId(), HI);
                assertEquals("hi", reply.get(10, TimeUnit.SECONDS), server.trace::toString);
                assertEquals(first.streamId() + 2, again.streamId(), "the same connection, the next stream");
                assertEquals(first.body(), again.body(), "the request is replayed whole");
                assertEquals(first.header(":path"), again.header(":path"));
                assertNotNull(again.header("grpc-timeout"), "the time left goes along");
            }
        }
    }

    @Test
    @Checks("RPC-28")
    void aStreamAboveTheGoAwayIsReplayedOnAnotherConnection() throws Exception {
        try (RawH2Server server = new RawH2Server()) {
            var dialled = inBackground(() -> dial(server));
            RawH2Server.Conn first = server.accept();
            try (Channel ch = dialled.get(10, TimeUnit.SECONDS)) {
                var reply = inBackground(() -> greeter(ch, Duration.ofSeconds(10)).sayHello("x"));
                RawH2Server.Request refused = first.readRequest(true);
                // Processed nothing: every stream above 0 may go elsewhere. The connection stays open,
                // draining; the retry must not use it.
                first.send(new GoAwayFrame(0, ErrorCode.NO_ERROR.code(), Bytes.EMPTY));
                RawH2Server.Conn second = server.accept();
                RawH2Server.Request again = second.readRequest(true);
                second.respond(again.streamId(), HI);
                assertEquals("hi", reply.get(10, TimeUnit.SECONDS), server.trace::toString);
                assertEquals(refused.body(), again.body());
                assertEquals(1, again.streamId(), "the first stream of a new connection");
            }
        }
    }

    @Test
    @Checks("RPC-29")
    void aCancelAfterTheDeadlineIsDeadlineExceededAndBeforeItCancelled() throws Exception {
        try (RawH2Server server = new RawH2Server()) {
            var dialled = inBackground(() -> dial(server));
            RawH2Server.Conn conn = server.accept();
            try (Channel ch = dialled.get(10, TimeUnit.SECONDS)) {
                // Early: the server cancels long before the deadline.
                var early = inBackground(() -> greeter(ch, Duration.ofSeconds(30)).sayHello("x"));
                RawH2Server.Request r1 = conn.readRequest(true);
                conn.send(new RstStreamFrame(r1.streamId(), ErrorCode.CANCEL.code()));
                assertEquals(Status.of(StatusCode.CANCELLED, "stream reset with CANCEL"), failure(early).status());

                // Late: the server's copy of our deadline cancels the stream, and its RST_STREAM
                // reaches the call before our own deadline timer runs (both channel timer threads
                // are held, so the timer cannot run first).
                CountDownLatch release = new CountDownLatch(1);
                var late = inBackground(() -> greeter(ch, Duration.ofMillis(300)).sayHello("x"));
                RawH2Server.Request r2 = conn.readRequest(true);
                for (int i = 0; i < 2; i++) {
                    ch.scheduler().execute(() -> {
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException ignored) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                Thread.sleep(500); // past the deadline
                conn.send(new RstStreamFrame(r2.streamId(), ErrorCode.CANCEL.code()));
                StatusException e2 = failure(late);
                release.countDown();
                assertEquals(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded (the server cancelled the stream at the deadline)"),
                        e2.status());
            }
        }
    }

    @Test
    @Checks("RPC-33")
    void aRequestOverTheSendLimitIsNeverSent() throws Exception {
        try (RawH2Server server = new RawH2Server()) {
            var dialled = inBackground(() -> dial(server, DialOptions.withMaxSendMessageSize(10)));
            RawH2Server.Conn conn = server.accept();
            try (Channel ch = dialled.get(10, TimeUnit.SECONDS)) {
                var reply = inBackground(() -> greeter(ch, Duration.ofSeconds(10)).sayHello("a-rather-long-name"));
                RawH2Server.Request r = conn.readRequest(false);
                assertEquals(StatusCode.RESOURCE_EXHAUSTED, failure(reply).code());
                // What reached the server: the headers, then RST_STREAM(CANCEL); no DATA.
                Frame next = conn.read();
                assertEquals(new RstStreamFrame(r.streamId(), ErrorCode.CANCEL.code()), next, server.trace::toString);
            }
        }
    }

    @Test
    @Checks("RPC-34")
    void aResponseThatDecompressesBeyondTheLimitIsResourceExhausted() throws Exception {
        Server server = ServerBuilder.forPort(0).addService(InteropTestService.definition()).build().start();
        try (Channel ch = Grpc.dial("127.0.0.1:" + server.port(), DialOptions.withMaxReceiveMessageSize(1000),
                DialOptions.withBlock(Duration.ofSeconds(10)))) {
            // 2000 zero bytes compress to a few dozen: the prefix check (RPC-16) passes, decompression does not.
            SimpleRequest big = SimpleRequest.newBuilder().setResponseSize(2000)
                    .setResponseCompressed(io.grpcspec.proto.testing.BoolValue.newBuilder().setValue(true)).build();
            StatusException e = assertThrows(StatusException.class, () -> ClientCalls.blockingUnary(ch, TestServiceMethods.UNARY_CALL, big,
                    CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)), null));
            assertEquals(StatusCode.RESOURCE_EXHAUSTED, e.code(), e.status().toString());
            assertTrue(e.status().message().startsWith("decompressed message is larger than 1000 bytes"), e.status().message());
            // Below the limit the same compressed response is fine.
            SimpleRequest small = big.toBuilder().setResponseSize(500).build();
            assertEquals(500, ClientCalls.blockingUnary(ch, TestServiceMethods.UNARY_CALL, small, CallOptions.DEFAULT, null)
                    .getPayload().getBody().size());
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    @Checks({"RPC-38", "RPC-39"})
    void aStreamNobodyReadsHoldsTheServerBack() throws Exception {
        MethodDescriptor<HelloRequest, HelloReply> flood = MethodDescriptor.of("test.Flood", "Flood", MethodType.SERVER_STREAMING,
                ProtoMarshaller.of(HelloRequest.getDefaultInstance()), ProtoMarshaller.of(HelloReply.getDefaultInstance()));
        int messages = 200;
        int size = 64 * 1024;
        AtomicInteger handed = new AtomicInteger();
        HelloReply chunk = HelloReply.newBuilder().setMessage("x".repeat(size)).build();
        ServiceDefinition svc = ServiceDefinition.builder("test.Flood")
                .method(flood, (ServerMethods.ServerStreaming<HelloRequest, HelloReply>) (req, out, ctx) -> {
                    for (int i = 0; i < messages && !ctx.isCancelled(); i++) {
                        out.onNext(chunk);
                        handed.incrementAndGet();
                    }
                    out.onCompleted();
                })
                .build();
        Server server = ServerBuilder.forPort(0).addService(svc).build().start();
        try (Channel ch = Grpc.dial("127.0.0.1:" + server.port(), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            CallStream<HelloRequest, HelloReply> s = CallStream.start(ch, flood, CallOptions.DEFAULT, null);
            s.send(HelloRequest.getDefaultInstance()).halfClose();
            // Nobody calls next(): wait until the server's handler stops getting rid of messages.
            int seen = -1;
            for (int quiet = 0; quiet < 5; ) {
                Thread.sleep(100);
                int now = handed.get();
                quiet = now == seen ? quiet + 1 : 0;
                seen = now;
            }
            // What the client holds is bounded by the backlog limit, plus one stream window and the
            // messages in flight: far fewer than the 200 the handler wants to send.
            int bound = Inbox.BACKLOG_LIMIT / size + 8;
            assertTrue(seen >= Inbox.BACKLOG_LIMIT / size && seen <= bound, "handler got " + seen + " messages out, bound " + bound);
            // Reading lets everything through.
            int read = 0;
            while (s.next(Duration.ofSeconds(10)) != null) read++;
            assertEquals(messages, read);
            assertEquals(messages, handed.get());
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }
}
