package io.grpcspec.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpcspec.bench.peer.PeerServices;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load tools against both kinds of server, in this JVM: our server (as {@code serve} builds
 * it) and the grpc-java peer. Short windows; these check that each tool measures what it says
 * (calls complete, bytes add up, connections are held and answer), not how fast anything is.
 */
class ServersUnderLoadTest {

    private static Server ours;
    private static io.grpc.Server grpcJava;

    @BeforeAll
    static void start() throws IOException {
        ours = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(InteropTestService.definition()).build().start();
        grpcJava = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor()
                .addService(PeerServices.greeter()).addService(PeerServices.testService()).build().start();
    }

    @AfterAll
    static void stop() {
        if (ours != null) ours.shutdownNow();
        if (grpcJava != null) grpcJava.shutdownNow();
    }

    private static int port(String server) {
        return server.equals("grpcspec") ? ours.port() : grpcJava.getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpcspec", "grpc-java"})
    void aRawConnectionMakesCallAfterCall(String server) throws IOException {
        try (RawConnection c = RawConnection.open("127.0.0.1", port(server), 10_000)) {
            for (int i = 0; i < 3; i++) Greeting.call(c);
            IOException e = assertThrows(IOException.class, () -> c.unary("/helloworld.Greeter/NoSuchMethod", Greeting.REQUEST_BYTES));
            assertTrue(e.getMessage().contains("grpc-status 12"), e.getMessage()); // UNIMPLEMENTED
            Greeting.call(c);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpcspec", "grpc-java"})
    void theUnaryClosedLoopCountsCallsLatenciesAndServerCpu(String server) throws Exception {
        List<ManagedChannel> channels = GrpcCalls.channels(port(server), 2);
        try {
            ClosedLoop.Result r = new ClosedLoop(channels, 2, GrpcCalls.sayHello())
                    .run(Duration.ofMillis(200), Duration.ofMillis(500), ProcessHandle.current().pid());
            assertNull(r.firstError());
            assertEquals(0, r.errors());
            assertTrue(r.calls() > 0, "no call completed in the window");
            assertTrue(r.p50Micros() > 0 && r.p99Micros() >= r.p50Micros(), r.toString());
            assertTrue(r.seconds() >= 0.5, r.toString());
            assertTrue(r.serverCpuMicros() > 0, "the servers run in this process, which used CPU: " + r);
        } finally {
            GrpcCalls.close(channels);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpcspec", "grpc-java"})
    void theStreamingLoopCountsPayloadBytesOfWholeMessages(String server) throws Exception {
        List<ManagedChannel> channels = GrpcCalls.channels(port(server), 1);
        try {
            ClosedLoop.Result r = new ClosedLoop(channels, 2, GrpcCalls.streamingOutput(4, 1000))
                    .run(Duration.ofMillis(200), Duration.ofMillis(500), 0);
            assertEquals(0, r.errors(), r.firstError());
            assertTrue(r.bytes() > 0 && r.bytes() % 1000 == 0, "payload bytes in whole 1000-byte messages: " + r.bytes());
            assertEquals(-1, r.serverCpuMicros(), "no PID, no CPU figure");
        } finally {
            GrpcCalls.close(channels);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpcspec", "grpc-java"})
    void idleConnectionsAreHeldAndStillAnswer(String server) throws Exception {
        IdleConnections.Result r = IdleConnections.measure(port(server), 40, 8, 0, "jcmd", 10);
        assertEquals(new IdleConnections.Result(40, 40, Double.NaN, Double.NaN), r);
    }

    @org.junit.jupiter.api.Test
    void callsThatFailAtOnceAreCountedAndRetriedWithoutNestingOnTheStack() throws Exception {
        List<ManagedChannel> channels = GrpcCalls.channels(grpcJava.getPort(), 1);
        try {
            java.util.concurrent.atomic.AtomicInteger deepest = new java.util.concurrent.atomic.AtomicInteger();
            ClosedLoop.Result r = new ClosedLoop(channels, 4, (ch, done) -> {
                deepest.accumulateAndGet(Thread.currentThread().getStackTrace().length, Math::max);
                done.failed(new IllegalStateException("refused"));
            }).run(Duration.ofMillis(50), Duration.ofMillis(300), 0);
            assertTrue(deepest.get() < 100, "stack depth grew with the failures: " + deepest.get());
            assertEquals(0, r.calls());
            assertTrue(r.errors() > 0, r.toString());
            assertTrue(r.firstError().contains("refused"), r.firstError());
        } finally {
            GrpcCalls.close(channels);
        }
    }

    @org.junit.jupiter.api.Test
    void aClosedLoopAgainstNoServerReportsErrorsAndStops() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThrows(RuntimeException.class, () -> GrpcCalls.channels(port, 1), "channels are checked with a first call");
        IdleConnections.Result r = IdleConnections.measure(port, 5, 2, 0, "jcmd", 10);
        assertEquals(0, r.opened());
    }
}
