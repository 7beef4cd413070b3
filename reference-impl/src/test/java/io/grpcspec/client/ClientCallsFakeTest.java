package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.services.GreeterMethods;
import io.grpcspec.spec.channel.Backoff;
import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.spec.grpc.GrpcTimeout;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Calls and the channel over an in-memory transport: retry, deadlines, cancellation, failure. */
class ClientCallsFakeTest {

    private static final List<java.net.SocketAddress> ONE = List.of(new InetSocketAddress("127.0.0.1", 1));

    private static Channel dial(TransportFactory f, DialOption... more) throws Exception {
        DialOption[] all = new DialOption[more.length + 3];
        all[0] = DialOptions.withResolver("fake", Resolver.fixed(ONE));
        all[1] = DialOptions.withTransportFactory(f);
        all[2] = DialOptions.withBlock(Duration.ofSeconds(5));
        System.arraycopy(more, 0, all, 3, more.length);
        return Grpc.dial("fake:///svc", all);
    }

    @Test
    void unaryRequestCarriesTheCallDefinition() throws Exception {
        List<FakeTransport> made = new CopyOnWriteArrayList<>();
        try (Channel ch = dial(FakeTransport.factory(FakeTransport.greeter("hi "), made), DialOptions.withAuthority("svc.example:443"))) {
            assertEquals("hi x", new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(7))).sayHello("x"));
            FakeTransport t = made.get(0);
            assertEquals("POST", t.header(0, ":method"));
            assertEquals("http", t.header(0, ":scheme"));
            assertEquals("/helloworld.Greeter/SayHello", t.header(0, ":path"));
            assertEquals("svc.example:443", t.header(0, ":authority"));
            assertEquals("trailers", t.header(0, "te"));
            assertEquals("application/grpc", t.header(0, "content-type"));
            assertEquals("gzip", t.header(0, "grpc-accept-encoding"));
            assertNull(t.header(0, "grpc-encoding"));
            assertEquals(DialOptions.USER_AGENT, t.header(0, "user-agent"));
            long timeout = ((GrpcTimeout.Valid) GrpcTimeout.parse(t.header(0, "grpc-timeout"))).nanos();
            assertTrue(timeout > Duration.ofSeconds(6).toNanos() && timeout <= Duration.ofSeconds(7).toNanos(), "grpc-timeout " + timeout);
        }
    }

    @Test
    void refusedStreamIsRetriedOnceTransparently() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeTransport.Behaviour firstRefused = (t, id, h, body, handler) -> {
            if (calls.incrementAndGet() == 1) FakeTransport.REFUSE.onRequest(t, id, h, body, handler);
            else FakeTransport.greeter("ok ").onRequest(t, id, h, body, handler);
        };
        try (Channel ch = dial(FakeTransport.factory(firstRefused, new CopyOnWriteArrayList<>()))) {
            assertEquals("ok x", new GreeterClient(ch).sayHello("x"));
            assertEquals(2, calls.get());
        }
    }

    @Test
    void aSecondRefusalFailsUnavailable() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeTransport.Behaviour refuseAll = (t, id, h, body, handler) -> {
            calls.incrementAndGet();
            FakeTransport.REFUSE.onRequest(t, id, h, body, handler);
        };
        try (Channel ch = dial(FakeTransport.factory(refuseAll, new CopyOnWriteArrayList<>()))) {
            StatusException e = assertThrows(StatusException.class, () -> new GreeterClient(ch).sayHello("x"));
            assertEquals(StatusCode.UNAVAILABLE, e.code());
            assertEquals(2, calls.get(), "one try and one transparent retry");
        }
    }

    @Test
    void deadlineEndsTheCallAndResetsTheStreamWithCancel() throws Exception {
        List<FakeTransport> made = new CopyOnWriteArrayList<>();
        try (Channel ch = dial(FakeTransport.factory(FakeTransport.SILENT, made))) {
            GreeterClient g = new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofMillis(200)));
            StatusException e = assertThrows(StatusException.class, () -> g.sayHello("x"));
            assertEquals(StatusCode.DEADLINE_EXCEEDED, e.code());
            assertEquals(List.of("1:" + ErrorCode.CANCEL), made.get(0).resets);
        }
    }

    @Test
    void cancelEndsTheCallAndResetsTheStream() throws Exception {
        List<FakeTransport> made = new CopyOnWriteArrayList<>();
        try (Channel ch = dial(FakeTransport.factory(FakeTransport.SILENT, made))) {
            CallStream<HelloRequest, ?> s = CallStream.start(ch, GreeterMethods.SAY_HELLO, CallOptions.DEFAULT, null);
            s.send(HelloRequest.newBuilder().setName("x").build()).halfClose();
            s.cancel("bye");
            assertEquals(StatusCode.CANCELLED, s.awaitStatus(Duration.ofSeconds(5)).code());
            assertEquals(List.of("1:" + ErrorCode.CANCEL), made.get(0).resets);
        }
    }

    @Test
    void connectFailuresMakeTheChannelFailFast() throws Exception {
        TransportFactory refusing = (address, authority, options, timeout, scheduler, listener) -> {
            throw new IOException("nobody home");
        };
        try (Channel ch = Grpc.dial("fake:///svc", DialOptions.withResolver("fake", Resolver.fixed(ONE)),
                DialOptions.withTransportFactory(refusing))) {
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ch.state() != ConnectivityState.TRANSIENT_FAILURE) {
                assertTrue(System.nanoTime() < end, "state " + ch.state());
                Thread.sleep(5);
            }
            StatusException e = assertThrows(StatusException.class, () -> new GreeterClient(ch).sayHello("x"));
            assertEquals(StatusCode.UNAVAILABLE, e.code());
            assertTrue(e.status().message().contains("nobody home"), e.status().message());
            // wait-for-ready calls queue instead, until their deadline.
            GreeterClient patient = new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withWaitForReady(true)
                    .withTimeout(Duration.ofMillis(200)));
            assertEquals(StatusCode.DEADLINE_EXCEEDED, assertThrows(StatusException.class, () -> patient.sayHello("x")).code());
        }
    }

    @Test
    void blockingDialThatNeverGetsReadyFailsWithTheCause() {
        TransportFactory refusing = (address, authority, options, timeout, scheduler, listener) -> {
            throw new IOException("nobody home");
        };
        DialException e = assertThrows(DialException.class, () -> Grpc.dial("fake:///svc",
                DialOptions.withResolver("fake", Resolver.fixed(ONE)), DialOptions.withTransportFactory(refusing),
                DialOptions.withBlock(Duration.ofSeconds(3))));
        assertEquals(StatusCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("nobody home"), e.getMessage());
    }

    @Test
    void badTargetsAreRefusedWithTheTargetError() {
        DialException e = assertThrows(DialException.class, () -> Grpc.dial("dns:///host:99999"));
        assertNotNull(e.targetError());
        assertEquals(StatusCode.INVALID_ARGUMENT, e.code());
        assertEquals(TargetError.Kind.BAD_PORT, e.targetError().kind());
        assertEquals(TargetError.Kind.EMPTY, assertThrows(DialException.class, () -> Grpc.dial("")).targetError().kind());
    }

    @Test
    void oversizedRequestsFailLocally() throws Exception {
        List<FakeTransport> made = new CopyOnWriteArrayList<>();
        try (Channel ch = dial(FakeTransport.factory(FakeTransport.greeter(""), made), DialOptions.withMaxSendMessageSize(10))) {
            StatusException e = assertThrows(StatusException.class, () -> new GreeterClient(ch).sayHello("a-rather-long-name"));
            assertEquals(StatusCode.RESOURCE_EXHAUSTED, e.code());
        }
    }

    @Test
    void reresolutionAfterEveryAddressFailedFindsTheNewAddress() throws Exception {
        AtomicInteger resolutions = new AtomicInteger();
        java.net.SocketAddress dead = new InetSocketAddress("127.0.0.1", 1);
        java.net.SocketAddress live = new InetSocketAddress("127.0.0.1", 2);
        Resolver moving = t -> new Resolver.Addresses(List.of(resolutions.incrementAndGet() == 1 ? dead : live));
        TransportFactory onlyLive = (address, authority, options, timeout, scheduler, listener) -> {
            if (address.equals(dead)) throw new IOException("dead");
            FakeTransport t = new FakeTransport(FakeTransport.greeter("live "));
            listener.onReady(t);
            return t;
        };
        // pick_first: the only address fails, the balancer asks for re-resolution, the new list has the live one.
        try (Channel ch = Grpc.dial("fake:///svc", DialOptions.withResolver("fake", moving), DialOptions.withTransportFactory(onlyLive),
                DialOptions.withBlock(Duration.ofSeconds(15)))) {
            assertEquals("live x", new GreeterClient(ch).sayHello("x"));
            assertTrue(resolutions.get() >= 2, "resolutions " + resolutions.get());
        }
    }

    @Test
    @Checks({"CH-20", "CH-21"})
    void aFailedFirstResolutionFailsCallsFastAndIsRetriedByItself() throws Exception {
        AtomicInteger resolutions = new AtomicInteger();
        Resolver flaky = t -> resolutions.incrementAndGet() == 1 ? new Resolver.Failed("no such host: svc") : new Resolver.Addresses(ONE);
        List<FakeTransport> made = new CopyOnWriteArrayList<>();
        // The failed resolution's retry waits backoff number 0: 200 ms here. Nobody asks for it.
        Backoff quick = new Backoff(200_000_000L, 1.6, 0.2, 1_000_000_000L, 1_000_000_000L);
        try (Channel ch = Grpc.dial("fake:///svc", DialOptions.withResolver("fake", flaky),
                DialOptions.withTransportFactory(FakeTransport.factory(FakeTransport.greeter("hi "), made)), DialOptions.withBackoff(quick))) {
            // No address list yet: the channel fails fast with the resolver's error (CH-21).
            StatusException e = assertThrows(StatusException.class, () -> new GreeterClient(ch).sayHello("x"));
            assertEquals(StatusCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("no such host: svc"), e.getMessage());
            // The retry comes by itself (CH-20); a wait-for-ready call rides it out.
            assertEquals("hi y", new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withWaitForReady(true)
                    .withTimeout(Duration.ofSeconds(10))).sayHello("y"));
            assertEquals(2, resolutions.get());
        }
    }

    @Test
    void inMemoryUnaryLoopRate() throws Exception {
        try (Channel ch = dial(FakeTransport.factory(FakeTransport.greeter(""), new CopyOnWriteArrayList<>()))) {
            GreeterClient g = new GreeterClient(ch);
            for (int i = 0; i < 2000; i++) g.sayHello("w");
            int n = 20000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) assertEquals("" + i, g.sayHello("" + i));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("in-memory unary loop (client layers only): %.0f calls/s%n", n / s);
        }
    }

    @Test
    void theRetryWaitsForANewPickerInsteadOfReusingTheRefusingTransport() throws Exception {
        // The first transport starts draining: it refuses new streams, and tells the channel
        // about its GOAWAY only a little later. The retry must not pick it again meanwhile.
        List<FakeTransport> made = new CopyOnWriteArrayList<>();
        TransportFactory f = (address, authority, options, timeout, scheduler, listener) -> {
            FakeTransport t = new FakeTransport(FakeTransport.greeter("#" + (made.size() + 1) + " "));
            made.add(t);
            if (made.size() == 1) {
                t.refuseNew = "draining";
                scheduler.schedule(() -> listener.onGoAway(t, new io.grpcspec.wire.GoAwayFrame(0, 0, io.grpcspec.wire.Bytes.EMPTY), "GOAWAY"), 200, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            listener.onReady(t);
            return t;
        };
        try (Channel ch = dial(f)) {
            GreeterClient g = new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
            assertEquals("#2 x", g.sayHello("x"));
            assertEquals(2, made.size());
        }
    }

    @Test
    void cancelWhileStartIsStillWaitingForATransportClosesOnceCancelled() throws Exception {
        TransportFactory refusing = (address, authority, options, timeout, scheduler, listener) -> {
            throw new IOException("nobody home");
        };
        try (Channel ch = Grpc.dial("fake:///svc", DialOptions.withResolver("fake", Resolver.fixed(ONE)),
                DialOptions.withTransportFactory(refusing))) {
            Call<HelloRequest, io.grpcspec.proto.helloworld.HelloReply> c = ch.newCall(GreeterMethods.SAY_HELLO,
                    CallOptions.DEFAULT.withWaitForReady(true).withTimeout(Duration.ofMillis(500)));
            List<io.grpcspec.spec.grpc.Status> closes = new CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
            Thread starter = new Thread(() -> c.start(new Call.Listener<>() {
                @Override
                public void onMessage(io.grpcspec.proto.helloworld.HelloReply m) {}

                @Override
                public void onClose(io.grpcspec.spec.grpc.Status st, io.grpcspec.spec.grpc.Metadata t) {
                    closes.add(st);
                    closed.countDown();
                }
            }, null));
            starter.start();
            Thread.sleep(100); // start() is waiting for a READY transport (wait-for-ready)
            c.cancel("no longer needed");
            starter.join(5000);
            assertTrue(closed.await(5, java.util.concurrent.TimeUnit.SECONDS));
            Thread.sleep(100);
            assertEquals(List.of(io.grpcspec.spec.grpc.Status.of(StatusCode.CANCELLED, "no longer needed")), closes);
        }
    }
}
