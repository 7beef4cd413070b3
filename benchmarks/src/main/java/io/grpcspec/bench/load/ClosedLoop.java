package io.grpcspec.bench.load;

import io.grpc.ManagedChannel;
import io.grpcspec.bench.report.Stats;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code perChannel} call chains on each channel, each chain starting its next
 * call as soon as the previous one ends, so the number of calls in flight stays fixed. After a
 * warm-up it measures for a fixed window: calls and response bytes completed inside the window,
 * each call's latency, and (given the server's PID) the CPU time the server used in the window.
 */
final class ClosedLoop {

    /** Starts one asynchronous call on a channel and reports to {@code done}. */
    @FunctionalInterface
    interface AsyncCall {
        void start(ManagedChannel channel, Completion done);
    }

    /** How one call went; {@link #received} may be called many times (once per streamed message). */
    interface Completion {
        void received(long bytes);

        void completed();

        void failed(Throwable error);
    }

    /** The window's figures. {@code serverCpuMicros} is -1 without a server PID. */
    record Result(long calls, long bytes, long errors, double seconds, long p50Micros, long p99Micros,
                  long serverCpuMicros, String firstError) {
        double callsPerSecond() {
            return calls / seconds;
        }
    }

    /** Give up (and report the errors) after this many failed calls: the server is gone or refusing. */
    private static final long MAX_ERRORS = 1_000;
    /** Where a chain goes on after a failed call: 1 ms later, on another thread. */
    private static final java.util.concurrent.Executor RETRY = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

    private final List<ManagedChannel> channels;
    private final int perChannel;
    private final AsyncCall call;
    private volatile boolean measuring;
    private volatile boolean stopping;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private long[] latencies = new long[1 << 16];
    private int latencyCount;
    private CountDownLatch chainsDone;

    ClosedLoop(List<ManagedChannel> channels, int perChannel, AsyncCall call) {
        this.channels = List.copyOf(channels);
        this.perChannel = perChannel;
        this.call = call;
    }

    Result run(Duration warmup, Duration window, long serverPid) throws IOException, InterruptedException {
        chainsDone = new CountDownLatch(channels.size() * perChannel);
        for (ManagedChannel ch : channels) {
            for (int i = 0; i < perChannel; i++) next(ch);
        }
        sleep(warmup);
        long cpu0 = serverPid > 0 ? ProcessStats.cpuMicros(serverPid) : -1;
        long t0 = System.nanoTime();
        measuring = true;
        sleep(window);
        measuring = false;
        long t1 = System.nanoTime();
        long cpu1 = serverPid > 0 ? ProcessStats.cpuMicros(serverPid) : -1;
        stopping = true;
        if (!chainsDone.await(60, TimeUnit.SECONDS)) System.err.println("load: calls still in flight 60 s after the window closed");
        long[] lat;
        int n;
        synchronized (this) {
            lat = Arrays.copyOf(latencies, latencyCount);
            n = latencyCount;
        }
        return new Result(calls.get(), bytes.get(), errors.get(), (t1 - t0) / 1e9,
                Stats.percentile(lat, n, 50), Stats.percentile(lat, n, 99),
                serverPid > 0 ? cpu1 - cpu0 : -1, firstError.get());
    }

    private void sleep(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        long left;
        while (!stopping && (left = until - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
    }

    private void next(ManagedChannel ch) {
        if (stopping) {
            chainsDone.countDown();
            return;
        }
        long started = System.nanoTime();
        call.start(ch, new Completion() {
            @Override
            public void received(long n) {
                if (measuring) bytes.addAndGet(n);
            }

            @Override
            public void completed() {
                if (measuring) {
                    calls.incrementAndGet();
                    record((System.nanoTime() - started) / 1_000);
                }
                next(ch);
            }

            @Override
            public void failed(Throwable error) {
                firstError.compareAndSet(null, String.valueOf(error));
                if (errors.incrementAndGet() >= MAX_ERRORS) stopping = true;
                // A failing call may fail at once, inside start(): retrying from here would nest
                // one more call per failure on this stack, so the retry starts elsewhere, a little later.
                RETRY.execute(() -> next(ch));
            }
        });
    }

    private synchronized void record(long micros) {
        if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, latencies.length * 2);
        latencies[latencyCount++] = micros;
    }
}
