package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpcspec.interop.GrpcJavaGreeter;
import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.services.GreeterMethods;
import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channel over real loopback sockets against grpc-java Greeter servers: balancing,
 * failover, a custom resolver scheme, and deadlines and cancellation as the server sees them.
 */
class ChannelSocketTest {

    /** A grpc-java Greeter that answers "id:name"; name "sleep" never answers and reports its cancellation. */
    private static final class Backend implements AutoCloseable {
        final String id;
        final Server server;
        final CountDownLatch sleeping = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        final AtomicReference<Deadline> deadline = new AtomicReference<>();
        final AtomicReference<io.grpc.Metadata> headers = new AtomicReference<>();

        Backend(String id) throws Exception {
            this.id = id;
            ServerServiceDefinition svc = ServerServiceDefinition.builder(GrpcJavaGreeter.SERVICE)
                    .addMethod(GrpcJavaGreeter.SAY_HELLO, ServerCalls.asyncUnaryCall((HelloRequest req, io.grpc.stub.StreamObserver<HelloReply> reply) -> {
                        if (req.getName().equals("sleep")) {
                            deadline.set(Context.current().getDeadline());
                            ((ServerCallStreamObserver<HelloReply>) reply).setOnCancelHandler(cancelled::countDown);
                            sleeping.countDown();
                            return;
                        }
                        reply.onNext(HelloReply.newBuilder().setMessage(id + ":" + req.getName()).build());
                        reply.onCompleted();
                    }))
                    .build();
            ServerInterceptor capture = new ServerInterceptor() {
                @Override
                public <Q, P> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, P> call, io.grpc.Metadata h,
                                                                           io.grpc.ServerCallHandler<Q, P> next) {
                    headers.set(h);
                    return next.startCall(call, h);
                }
            };
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(svc, capture)).build().start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", server.getPort());
        }

        @Override
        public void close() throws InterruptedException {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private Backend a;
    private Backend b;

    @AfterEach
    void stop() throws Exception {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String hello(Channel ch, String name) throws Exception {
        return new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10))).sayHello(name);
    }

    @Test
    void roundRobinSpreadsCallsOverTwoServers() throws Exception {
        a = new Backend("a");
        b = new Backend("b");
        List<SocketAddress> both = List.of(a.address(), b.address());
        try (Channel ch = Grpc.dial("example:///greeters", DialOptions.withResolver("example", Resolver.fixed(both)),
                DialOptions.withBalancer(DialOptions.ROUND_ROBIN), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ch.subchannelStates().equals(Map.of(0, ConnectivityState.READY, 1, ConnectivityState.READY))) {
                assertTrue(System.nanoTime() < end, "both subchannels READY: " + ch.subchannelStates());
                Thread.sleep(20);
            }
            Map<String, Integer> byServer = new HashMap<>();
            for (int i = 0; i < 20; i++) byServer.merge(hello(ch, "n" + i).split(":")[0], 1, Integer::sum);
            // A round_robin picker alternates: 20 calls over two READY backends are 10 and 10.
            assertEquals(Map.of("a", 10, "b", 10), byServer);
        }
    }

    @Test
    void pickFirstFallsOverFromADeadFirstAddress() throws Exception {
        b = new Backend("b");
        List<SocketAddress> addrs = List.of(new InetSocketAddress("127.0.0.1", deadPort()), b.address());
        try (Channel ch = Grpc.dial("example:///x", DialOptions.withResolver("example", Resolver.fixed(addrs)),
                DialOptions.withBlock(Duration.ofSeconds(10)))) {
            assertEquals("b:x", hello(ch, "x"));
            assertEquals(ConnectivityState.READY, ch.state());
            assertEquals(ConnectivityState.READY, ch.subchannelStates().get(1));
        }
    }

    @Test
    void pickFirstWithOnlyDeadAddressesFailsFastUnavailable() throws Exception {
        List<SocketAddress> addrs = List.of(new InetSocketAddress("127.0.0.1", deadPort()));
        try (Channel ch = Grpc.dial("example:///x", DialOptions.withResolver("example", Resolver.fixed(addrs)))) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ch.state() != ConnectivityState.TRANSIENT_FAILURE) {
                assertTrue(System.nanoTime() < end, "TRANSIENT_FAILURE: " + ch.state());
                Thread.sleep(10);
            }
            StatusException e = assertThrows(StatusException.class, () -> hello(ch, "x"));
            assertEquals(StatusCode.UNAVAILABLE, e.code());
            assertTrue(e.status().message().contains("Connection refused"), e.status().message());
        }
    }

    @Test
    void unregisteredSchemeIsPartOfADnsName() {
        // Without the registration, "example:///x" is the dns endpoint "example:///x": not a host:port.
        DialException e = assertThrows(DialException.class, () -> Grpc.dial("example:///x", DialOptions.withBlock(Duration.ofSeconds(2))));
        assertEquals(StatusCode.INVALID_ARGUMENT, e.code());
        assertEquals("dns:///example:///x", e.targetError().target());
    }

    @Test
    void deadlineGoesToTheServerAndTheExpiryCancelsTheStreamThere() throws Exception {
        a = new Backend("a");
        try (Channel ch = Grpc.dial("127.0.0.1:" + a.server.getPort(), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            GreeterClient g = new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofMillis(500)));
            long t0 = System.nanoTime();
            StatusException e = assertThrows(StatusException.class, () -> g.sayHello("sleep"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(StatusCode.DEADLINE_EXCEEDED, e.code());
            assertTrue(ms >= 450 && ms < 5000, "ended after " + ms + " ms");
            Deadline seen = a.deadline.get();
            assertNotNull(seen, "grpc-timeout reached the server");
            assertTrue(seen.timeRemaining(TimeUnit.MILLISECONDS) <= 500, "server deadline " + seen);
            assertTrue(a.cancelled.await(5, TimeUnit.SECONDS), "the server saw the call cancelled");
        }
    }

    @Test
    void cancelReachesTheServer() throws Exception {
        a = new Backend("a");
        try (Channel ch = Grpc.dial("127.0.0.1:" + a.server.getPort(), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            CallStream<HelloRequest, HelloReply> s = CallStream.start(ch, GreeterMethods.SAY_HELLO,
                    CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)), null);
            s.send(HelloRequest.newBuilder().setName("sleep").build()).halfClose();
            assertTrue(a.sleeping.await(5, TimeUnit.SECONDS), "the server got the call");
            assertEquals(1, a.cancelled.getCount());
            s.cancel("changed my mind");
            Status st = s.awaitStatus(Duration.ofSeconds(5));
            assertEquals(Status.of(StatusCode.CANCELLED, "changed my mind"), st);
            assertTrue(a.cancelled.await(5, TimeUnit.SECONDS), "the server saw RST_STREAM(CANCEL)");
        }
    }

    @Test
    void interceptorsMetadataAndUserAgentReachTheServer() throws Exception {
        a = new Backend("a");
        ClientInterceptor tag = new ClientInterceptor() {
            @Override
            public <Q, P> Call<Q, P> interceptCall(io.grpcspec.rpc.MethodDescriptor<Q, P> m, CallOptions o, Invoker next) {
                Call<Q, P> inner = next.newCall(m, o);
                return new Call<>() {
                    @Override
                    public void start(Listener<P> l, Metadata h) {
                        List<Metadata.Entry> es = new java.util.ArrayList<>(h == null ? List.of() : h.entries());
                        es.add(Metadata.ascii("x-intercepted", m.methodName()));
                        inner.start(l, new Metadata(es));
                    }

                    @Override
                    public void sendMessage(Q message) {
                        inner.sendMessage(message);
                    }

                    @Override
                    public void setMessageCompression(boolean enabled) {
                        inner.setMessageCompression(enabled);
                    }

                    @Override
                    public void request(int count) {
                        inner.request(count);
                    }

                    @Override
                    public void halfClose() {
                        inner.halfClose();
                    }

                    @Override
                    public void cancel(String reason) {
                        inner.cancel(reason);
                    }
                };
            }
        };
        try (Channel ch = Grpc.dial("127.0.0.1:" + a.server.getPort(), DialOptions.withInterceptors(tag),
                DialOptions.withUserAgent("tests/1"), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            new GreeterClient(ch).withMetadata(Metadata.of(Metadata.ascii("x-app", "v"))).sayHello("m");
            io.grpc.Metadata h = a.headers.get();
            assertEquals("SayHello", h.get(io.grpc.Metadata.Key.of("x-intercepted", io.grpc.Metadata.ASCII_STRING_MARSHALLER)));
            assertEquals("v", h.get(io.grpc.Metadata.Key.of("x-app", io.grpc.Metadata.ASCII_STRING_MARSHALLER)));
            String ua = h.get(io.grpc.Metadata.Key.of("user-agent", io.grpc.Metadata.ASCII_STRING_MARSHALLER));
            assertTrue(ua.startsWith("tests/1 " + DialOptions.USER_AGENT), ua);
        }
    }

    @Test
    void responsesOverTheReceiveLimitFailResourceExhausted() throws Exception {
        a = new Backend("a");
        try (Channel ch = Grpc.dial("127.0.0.1:" + a.server.getPort(), DialOptions.withMaxReceiveMessageSize(100),
                DialOptions.withBlock(Duration.ofSeconds(10)))) {
            assertEquals("a:short", hello(ch, "short"));
            StatusException e = assertThrows(StatusException.class, () -> hello(ch, "x".repeat(200)));
            assertEquals(StatusCode.RESOURCE_EXHAUSTED, e.code());
        }
    }

    /**
     * The client connection threads of earlier tests (of any class) may still be draining after
     * their close (up to Http2Connection's linger and drain); one ending mid-test would skew a
     * count, so wait up to 10 s for them to end before taking the baseline.
     */
    private static long baseline() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connectionThreads() > 0 && System.nanoTime() < end) Thread.sleep(20);
        return connectionThreads();
    }

    private static long connectionThreads() {
        return io.grpcspec.transport.Http2Connection.liveThreadNames().stream()
                .filter(n -> n.matches("grpcspec-(reader|writer)-client-.*")).count();
    }

    @Test
    void closingTheChannelEndsItsConnectionThreads() throws Exception {
        a = new Backend("a");
        long before = baseline();
        Channel ch = Grpc.dial("127.0.0.1:" + a.server.getPort(), DialOptions.withBlock(Duration.ofSeconds(10)));
        assertEquals("a:x", hello(ch, "x"));
        // One reader; the writer runs only while it has something to write, so it ends after the call.
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connectionThreads() != before + 1 && System.nanoTime() < settled) Thread.sleep(20);
        assertEquals(before + 1, connectionThreads(), "one reader, and no writer with nothing to write");
        ch.close();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connectionThreads() > before) {
            assertTrue(System.nanoTime() < end, "connection threads still running after close");
            Thread.sleep(20);
        }
        assertEquals(ConnectivityState.SHUTDOWN, ch.state());
        assertEquals(StatusCode.UNAVAILABLE, assertThrows(StatusException.class, () -> hello(ch, "y")).code());
    }

    @Test
    void closeEndsOpenCallsAndTheirConnection() throws Exception {
        a = new Backend("a");
        long before = baseline();
        Channel ch = Grpc.dial("127.0.0.1:" + a.server.getPort(), DialOptions.withBlock(Duration.ofSeconds(10)));
        CallStream<HelloRequest, HelloReply> s = CallStream.start(ch, GreeterMethods.SAY_HELLO, CallOptions.DEFAULT, null);
        s.send(HelloRequest.newBuilder().setName("sleep").build()).halfClose();
        assertTrue(a.sleeping.await(5, TimeUnit.SECONDS));
        ch.close();
        assertEquals(StatusCode.UNAVAILABLE, s.awaitStatus(Duration.ofSeconds(5)).code());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connectionThreads() > before) {
            assertTrue(System.nanoTime() < end, "connection threads still running after close");
            Thread.sleep(20);
        }
    }

    @Test
    void keepalivePingsGoOutAndComeBack() throws Exception {
        a = new Backend("a");
        io.grpcspec.transport.FrameTrace.Recorder trace = new io.grpcspec.transport.FrameTrace.Recorder();
        // The canonical PingerConfig takes small values as given (the gRFC A8 floor applies to withKeepalive(Duration...)).
        io.grpcspec.spec.keepalive.PingerConfig fast = new io.grpcspec.spec.keepalive.PingerConfig(
                TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(5), true);
        try (Channel ch = Grpc.dial("127.0.0.1:" + a.server.getPort(), DialOptions.withKeepalive(fast),
                DialOptions.withTrace(trace), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (trace.lines().stream().noneMatch(l -> l.startsWith("<< PING") && l.contains("ack=true"))) {
                assertTrue(System.nanoTime() < end, "no PING ACK:\n" + trace);
                Thread.sleep(20);
            }
            assertTrue(trace.lines().stream().anyMatch(l -> l.startsWith(">> PING ack=false")), trace.toString());
            // grpc-java's enforcement (5 min between pings by default) answers GOAWAY too_many_pings:
            // the subchannel goes IDLE and the next call connects again.
            while (trace.lines().stream().noneMatch(l -> l.startsWith("<< GOAWAY") && l.contains("too_many_pings"))) {
                assertTrue(System.nanoTime() < end, "no GOAWAY:\n" + trace);
                Thread.sleep(20);
            }
            assertEquals("a:again", hello(ch, "again"), trace::toString);
        }
    }

    @Test
    void unaryLoopThroughput() throws Exception {
        a = new Backend("a");
        try (Channel ch = Grpc.dial("127.0.0.1:" + a.server.getPort(), DialOptions.withBlock(Duration.ofSeconds(10)))) {
            GreeterClient g = new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)));
            for (int i = 0; i < 500; i++) g.sayHello("warm");
            int n = 3000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) assertEquals("a:" + i, g.sayHello(Integer.toString(i)));
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("unary loop: %d sequential SayHello calls in %.2f s = %.0f calls/s%n", n, secs, n / secs);
        }
    }
}
