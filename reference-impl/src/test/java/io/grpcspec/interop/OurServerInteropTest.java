package io.grpcspec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.interop.InteropPeer.BatchResult;
import io.grpcspec.interop.InteropPeer.CaseResult;
import io.grpcspec.interop.InteropPeer.ClientTarget;
import io.grpcspec.interop.InteropPeer.TlsFiles;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * grpc-java's interop client ({@code TestServiceClient}, separate JVM) against OUR server, over
 * h2c and TLS, plus a grpc-java Greeter call. A failing case prints the client's output and the
 * last frames our server saw and sent.
 */
class OurServerInteropTest {
    static final Duration CASE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration BATCH_TIMEOUT = Duration.ofSeconds(180);
    static final String HOST = "127.0.0.1";
    /** Frame lines kept for failure messages (bounded: the large cases move megabytes). */
    static final int TRACE_LINES = 400;

    @TempDir
    static Path dir;

    static final ConcurrentLinkedQueue<String> trace = new ConcurrentLinkedQueue<>();
    static Server plainServer;
    static Server tlsServer;
    static BatchResult plain;
    static BatchResult tls;

    @BeforeAll
    static void runBatches() throws Exception {
        TlsFiles certs = InteropPeer.grpcTestCerts(dir.resolve("grpc-certs"));
        plainServer = server().build().start();
        tlsServer = server().tls(Tls.serverContext(certs.certPem(), certs.keyPem())).build().start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<BatchResult> a = pool.submit(() -> InteropPeer.runClientCases(
                    ClientTarget.plaintext(HOST, plainServer.port()), InteropCases.ALL, CASE_TIMEOUT, BATCH_TIMEOUT));
            Future<BatchResult> b = pool.submit(() -> InteropPeer.runClientCases(
                    ClientTarget.tls(HOST, tlsServer.port(), certs.caPem(), InteropPeer.GRPC_TEST_AUTHORITY),
                    InteropCases.TLS, CASE_TIMEOUT, BATCH_TIMEOUT));
            plain = a.get();
            tls = b.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static ServerBuilder server() {
        // very_large_request sends 10 MiB: grpc-java's TestServiceServer raises its limit to
        // 16 MiB for it, and so do we (`grpcspec serve` too); the 4 MiB default is tested elsewhere.
        return ServerBuilder.forPort(0).host(HOST).maxReceiveMessageSize(16 << 20)
                .addService(GreeterService.definition())
                .addService(InteropTestService.definition())
                .trace(name -> FrameTrace.lines(name, line -> {
                    trace.add(line);
                    while (trace.size() > TRACE_LINES) trace.poll();
                }));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Server s : new Server[] {plainServer, tlsServer}) {
            if (s != null) s.shutdown(5, TimeUnit.SECONDS);
        }
        for (BatchResult r : new BatchResult[] {plain, tls}) {
            if (r == null) continue;
            System.out.println("interop against our server: client JVM " + r.process().elapsed().toMillis() + " ms");
            r.cases().values().forEach(c -> System.out.println("  " + c.testCase() + " " + c.outcome() + " " + c.millis() + " ms"));
        }
    }

    static Stream<String> allCases() {
        return InteropCases.ALL.stream();
    }

    static Stream<String> tlsCases() {
        return InteropCases.TLS.stream();
    }

    @ParameterizedTest(name = "plaintext {0}")
    @MethodSource("allCases")
    void plaintextCase(String testCase) {
        assertPassed(plain, testCase);
    }

    @ParameterizedTest(name = "tls {0}")
    @MethodSource("tlsCases")
    void tlsCase(String testCase) {
        assertPassed(tls, testCase);
    }

    @Test
    void grpcJavaGreeterClientGetsOurGreeting() throws Exception {
        assertEquals("Hello interop", GrpcJavaGreeter.sayHello(HOST, plainServer.port(), "interop"), OurServerInteropTest::lastFrames);
    }

    @Test
    void grpcJavaGreeterClientOverTls() throws Exception {
        TlsFiles certs = InteropPeer.grpcTestCerts(dir.resolve("grpc-certs-2"));
        assertEquals("Hello tls", GrpcJavaGreeter.sayHello(HOST, tlsServer.port(), "tls", certs.caPem(), InteropPeer.GRPC_TEST_AUTHORITY),
                OurServerInteropTest::lastFrames);
    }

    /** A quick loop for the closing note's numbers: sequential unary calls on one grpc-java channel. */
    @Test
    void greeterCallsPerSecondOnOneChannel() throws Exception {
        io.grpc.ManagedChannel ch = io.grpc.Grpc.newChannelBuilderForAddress(HOST, plainServer.port(),
                io.grpc.InsecureChannelCredentials.create()).build();
        try {
            int warmup = 1000;
            int n = 3000;
            for (int i = 0; i < warmup + n; i++) {
                if (i == warmup) startNanos = System.nanoTime();
                String reply = io.grpc.stub.ClientCalls.blockingUnaryCall(ch, GrpcJavaGreeter.SAY_HELLO,
                        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                        io.grpcspec.proto.helloworld.HelloRequest.newBuilder().setName("n" + i).build()).getMessage();
                assertEquals("Hello n" + i, reply, OurServerInteropTest::lastFrames);
            }
            double secs = (System.nanoTime() - startNanos) / 1e9;
            System.out.printf("greeter: %d sequential unary calls on one grpc-java channel in %.2f s = %.0f calls/s%n", n, secs, n / secs);
        } finally {
            ch.shutdownNow();
            ch.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static long startNanos;

    /** Many calls at once on one connection: streams interleave, every reply must match its request. */
    @Test
    void concurrentGreeterCallsOnOneChannel() throws Exception {
        io.grpc.ManagedChannel ch = io.grpc.Grpc.newChannelBuilderForAddress(HOST, plainServer.port(),
                io.grpc.InsecureChannelCredentials.create()).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            int perThread = 250;
            long t0 = System.nanoTime();
            List<Future<Integer>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String name = thread + "-" + i;
                        String reply = io.grpc.stub.ClientCalls.blockingUnaryCall(ch, GrpcJavaGreeter.SAY_HELLO,
                                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
                                io.grpcspec.proto.helloworld.HelloRequest.newBuilder().setName(name).build()).getMessage();
                        if (!reply.equals("Hello " + name)) throw new AssertionError(reply + " for " + name);
                    }
                    return perThread;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) total += f.get(60, TimeUnit.SECONDS);
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(16 * perThread, total);
            System.out.printf("greeter: %d unary calls from 16 threads on one grpc-java channel in %.2f s = %.0f calls/s%n",
                    total, secs, total / secs);
        } finally {
            pool.shutdownNow();
            ch.shutdownNow();
            ch.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void assertPassed(BatchResult batch, String testCase) {
        CaseResult r = batch.get(testCase);
        assertTrue(r.passed(), () -> batch.describe(testCase) + "\n=== last frames at our server ===\n" + lastFrames());
    }

    private static String lastFrames() {
        return String.join("\n", List.copyOf(trace));
    }
}
