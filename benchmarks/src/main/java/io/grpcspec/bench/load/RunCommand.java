package io.grpcspec.bench.load;

import io.grpc.ManagedChannel;
import io.grpcspec.bench.report.Stats;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drives a running server through the phases asked for, in order, and prints their figures:
 * <ul>
 *   <li>{@code unary}: grpc-java client closed loop of SayHello ({@code --channels} connections ×
 *       {@code --concurrency} calls in flight each): {@code unary_grpc_calls_per_s}, {@code _p50_us},
 *       {@code _p99_us}, {@code _cpu_us_per_call} (server CPU in the window / calls);</li>
 *   <li>{@code stream}: StreamingOutputCall closed loop, each call asking for
 *       {@code --messages-per-call} messages of {@code --message-size} bytes:
 *       {@code stream_mb_per_s} (payload, 10^6 bytes) and {@code stream_cpu_ms_per_mb};</li>
 *   <li>{@code connect}: a fresh raw connection and its first SayHello, timed from the TCP connect
 *       to the trailers: {@code connect_first_call_ms} (median of {@code --connect-iterations});</li>
 *   <li>{@code idle}: for each count in {@code --idle-conns}, that many raw connections that each
 *       made one call, then held: {@code idle_N_heap_kib_per_conn} (live heap after a full GC,
 *       by {@code jcmd GC.class_histogram}, before and after), {@code idle_N_rss_kib_per_conn},
 *       {@code idle_N_opened} and {@code idle_N_answering} (connections that answer a second call
 *       at the end).</li>
 * </ul>
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Drive a running server and print its figures.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "The server's port on 127.0.0.1.")
    int port;

    @Option(names = "--server-pid", defaultValue = "0", description = "The server's PID, for its CPU time and memory (0: not read).")
    long serverPid;

    @Option(names = "--phases", split = ",", defaultValue = "unary,stream,connect,idle",
            description = "Phases to run, in order: unary, stream, connect, idle (default: ${DEFAULT-VALUE}).")
    List<String> phases;

    @Option(names = "--warmup", defaultValue = "5", description = "Warm-up seconds before each load window (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds each load window lasts (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--channels", defaultValue = "4", description = "unary: connections (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--concurrency", defaultValue = "16", description = "unary: calls in flight per connection (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--stream-channels", defaultValue = "1", description = "stream: connections (default: ${DEFAULT-VALUE}).")
    int streamChannels;

    @Option(names = "--stream-concurrency", defaultValue = "4", description = "stream: calls in flight per connection (default: ${DEFAULT-VALUE}).")
    int streamConcurrency;

    @Option(names = "--message-size", defaultValue = "65536", description = "stream: bytes per response message (default: ${DEFAULT-VALUE}).")
    int messageSize;

    @Option(names = "--messages-per-call", defaultValue = "16", description = "stream: messages per call (default: ${DEFAULT-VALUE}).")
    int messagesPerCall;

    @Option(names = "--connect-iterations", defaultValue = "200", description = "connect: timed connections (default: ${DEFAULT-VALUE}).")
    int connectIterations;

    @Option(names = "--connect-warmup", defaultValue = "50", description = "connect: untimed connections first (default: ${DEFAULT-VALUE}).")
    int connectWarmup;

    @Option(names = "--idle-conns", split = ",", defaultValue = "1000,10000", description = "idle: connection counts (default: ${DEFAULT-VALUE}).")
    List<Integer> idleCounts;

    @Option(names = "--idle-parallel", defaultValue = "64", description = "idle: connections opened at once (default: ${DEFAULT-VALUE}).")
    int idleParallel;

    @Option(names = "--idle-settle-ms", defaultValue = "2000",
            description = "idle: pause after opening, after each full GC and after closing (default: ${DEFAULT-VALUE}).")
    long idleSettleMillis;

    @Option(names = "--jcmd", defaultValue = "jcmd", description = "idle: the jcmd of the server's JDK (default: ${DEFAULT-VALUE}).")
    String jcmd;

    @Override
    public Integer call() throws Exception {
        int failures = 0;
        for (String phase : phases) {
            try {
                switch (phase) {
                    case "unary" -> unary();
                    case "stream" -> stream();
                    case "connect" -> connect();
                    case "idle" -> {
                        for (int n : idleCounts) idle(n);
                    }
                    default -> throw new IllegalArgumentException("unknown phase '" + phase + "' (unary, stream, connect, idle)");
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("run: phase " + phase + " failed: " + e);
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private void unary() throws Exception {
        List<ManagedChannel> chans = GrpcCalls.channels(port, channels);
        try {
            ClosedLoop.Result r = new ClosedLoop(chans, concurrency, GrpcCalls.sayHello()).run(seconds(warmup), seconds(duration), serverPid);
            report("unary", r);
            Load.emit("unary_grpc_calls_per_s", r.callsPerSecond());
            Load.emit("unary_grpc_p50_us", r.p50Micros());
            Load.emit("unary_grpc_p99_us", r.p99Micros());
            if (r.serverCpuMicros() >= 0 && r.calls() > 0) Load.emit("unary_grpc_cpu_us_per_call", (double) r.serverCpuMicros() / r.calls());
        } finally {
            GrpcCalls.close(chans);
        }
    }

    private void stream() throws Exception {
        List<ManagedChannel> chans = GrpcCalls.channels(port, streamChannels);
        try {
            ClosedLoop.Result r = new ClosedLoop(chans, streamConcurrency, GrpcCalls.streamingOutput(messagesPerCall, messageSize))
                    .run(seconds(warmup), seconds(duration), serverPid);
            report("stream", r);
            double mb = r.bytes() / 1e6;
            Load.emit("stream_mb_per_s", mb / r.seconds());
            if (r.serverCpuMicros() >= 0 && mb > 0) Load.emit("stream_cpu_ms_per_mb", r.serverCpuMicros() / 1e3 / mb);
        } finally {
            GrpcCalls.close(chans);
        }
    }

    private void connect() throws IOException {
        long[] times = new long[connectIterations];
        for (int i = -connectWarmup; i < connectIterations; i++) {
            long t0 = System.nanoTime();
            try (RawConnection c = RawConnection.open("127.0.0.1", port, 10_000)) {
                Greeting.call(c);
                if (i >= 0) times[i] = System.nanoTime() - t0;
            }
        }
        Load.emit("connect_first_call_ms", Stats.percentile(times, times.length, 50) / 1e6);
    }

    private void idle(int count) throws IOException, InterruptedException {
        IdleConnections.Result r = IdleConnections.measure(port, count, idleParallel, serverPid, jcmd, idleSettleMillis);
        String m = "idle_" + count + "_";
        Load.emit(m + "opened", r.opened());
        if (!Double.isNaN(r.heapKibPerConnection())) Load.emit(m + "heap_kib_per_conn", r.heapKibPerConnection());
        if (!Double.isNaN(r.rssKibPerConnection())) Load.emit(m + "rss_kib_per_conn", r.rssKibPerConnection());
        Load.emit(m + "answering", r.answering());
    }

    private static void report(String phase, ClosedLoop.Result r) {
        System.err.printf(java.util.Locale.ROOT, "run: %s: %d calls, %d bytes, %d errors in %.2f s%s%n", phase, r.calls(), r.bytes(),
                r.errors(), r.seconds(), r.firstError() == null ? "" : " (first error: " + r.firstError() + ")");
        if (r.errors() > 0) Load.emit(phase + "_errors", r.errors());
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
