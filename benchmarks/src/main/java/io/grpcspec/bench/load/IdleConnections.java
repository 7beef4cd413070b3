package io.grpcspec.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What an idle connection costs the server: opens {@code count} raw connections (each makes one
 * SayHello, so its streams, HPACK tables and buffers exist), holds them, and compares the server's
 * live heap (after a full GC) and RSS with the figures before; then checks that every connection
 * still answers a second call, and closes them. Connections are opened {@code parallel} at a time
 * on virtual threads; the client itself keeps no thread per connection.
 */
final class IdleConnections {
    private IdleConnections() {}

    /**
     * What {@link #measure} found. The per-connection figures are NaN without a server PID or
     * when no connection opened.
     *
     * @param opened    connections that opened and answered their first call
     * @param answering of those, the ones that answered a second call after the measurement
     */
    record Result(int opened, int answering, double heapKibPerConnection, double rssKibPerConnection) {}

    /**
     * Opens {@code count} connections to 127.0.0.1:{@code port}, {@code parallel} at a time, and
     * measures them as the class comment says (memory only with a {@code serverPid}).
     *
     * @param jcmd         the jcmd of a JDK that can attach to the server
     * @param settleMillis pause after opening (so the server's per-connection work has settled),
     *                     after each full GC (the JVM hands freed heap back to the OS in the
     *                     background, so RSS read at once would still count it) and after closing
     *                     (so the server has torn the connections down before anything else is measured)
     */
    static Result measure(int port, int count, int parallel, long serverPid, String jcmd, long settleMillis)
            throws IOException, InterruptedException {
        long heap0 = -1;
        long rss0 = -1;
        if (serverPid > 0) {
            heap0 = JvmHeap.liveBytes(jcmd, serverPid);
            TimeUnit.MILLISECONDS.sleep(settleMillis);
            rss0 = ProcessStats.rssBytes(serverPid);
        }
        List<RawConnection> open = new ArrayList<>(count);
        AtomicReference<String> firstError = new AtomicReference<>();
        double heapPerConnection = Double.NaN;
        double rssPerConnection = Double.NaN;
        try {
            long t0 = System.nanoTime();
            int failed = forEach(count, parallel, i -> {
                RawConnection c = RawConnection.open("127.0.0.1", port, 30_000);
                try {
                    Greeting.call(c);
                } catch (IOException e) {
                    c.close();
                    throw e;
                }
                synchronized (open) {
                    open.add(c);
                }
            }, firstError);
            System.err.printf(java.util.Locale.ROOT, "run: idle: %d of %d connections opened in %.1f s%s%n", open.size(), count,
                    (System.nanoTime() - t0) / 1e9, failed == 0 ? "" : " (" + failed + " failed; first: " + firstError.get() + ")");
            TimeUnit.MILLISECONDS.sleep(settleMillis);
            if (serverPid > 0 && !open.isEmpty()) {
                long heap1 = JvmHeap.liveBytes(jcmd, serverPid);
                TimeUnit.MILLISECONDS.sleep(settleMillis);
                long rss1 = ProcessStats.rssBytes(serverPid);
                System.err.printf(java.util.Locale.ROOT, "run: idle: server live heap %.1f -> %.1f MiB, RSS %.1f -> %.1f MiB%n",
                        heap0 / 1048576.0, heap1 / 1048576.0, rss0 / 1048576.0, rss1 / 1048576.0);
                heapPerConnection = (heap1 - heap0) / 1024.0 / open.size();
                rssPerConnection = (rss1 - rss0) / 1024.0 / open.size();
            }
            firstError.set(null);
            List<RawConnection> held = List.copyOf(open);
            int silent = forEach(held.size(), parallel, i -> Greeting.call(held.get(i)), firstError);
            if (silent > 0) System.err.println("run: idle: " + silent + " connections did not answer; first: " + firstError.get());
            return new Result(held.size(), held.size() - silent, heapPerConnection, rssPerConnection);
        } finally {
            for (RawConnection c : open) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            TimeUnit.MILLISECONDS.sleep(settleMillis);
        }
    }

    @FunctionalInterface
    private interface Task {
        void run(int index) throws IOException;
    }

    /** Runs {@code task} for 0..count-1, {@code parallel} at a time; returns how many failed (the first failure's text goes to {@code firstError}). */
    private static int forEach(int count, int parallel, Task task, AtomicReference<String> firstError) throws InterruptedException {
        Semaphore slots = new Semaphore(parallel);
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                slots.acquire();
                pool.submit(() -> {
                    try {
                        task.run(index);
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return failed.get();
    }
}
