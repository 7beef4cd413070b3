package io.grpcspec.server;

import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Http2Connection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server under attack, run in a child JVM with a fixed heap by {@link ChildServer}: the
 * reference server with Greeter and TestService, a short preface deadline and a small handshake
 * cap (so a test sees LIM-4 and LIM-6 act within seconds), everything else at its defaults.
 *
 * <p>Protocol on stdin/stdout, one line each: it prints {@code port N} when listening; then
 * {@code reset} starts new peaks, {@code stats} prints one {@code stats key=value ...} line
 * (current and peak heap, platform threads, connection threads, connections, connections in
 * handshake, RSS; internal failures seen in the traces), {@code gc} collects first, {@code quit}
 * stops. A sampler thread keeps the peaks every 20 ms.
 */
public final class AttackTarget {

    private static final AtomicLong peakHeap = new AtomicLong();
    private static final AtomicLong peakThreads = new AtomicLong();
    private static final AtomicLong peakConnThreads = new AtomicLong();
    private static final AtomicLong peakConnections = new AtomicLong();
    private static final AtomicLong peakHandshaking = new AtomicLong();
    private static final AtomicLong peakRssKb = new AtomicLong();
    private static final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        long prefaceMs = args.length > 0 ? Long.parseLong(args[0]) : 2000;
        int handshakeCap = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Server server = ServerBuilder.forPort(0)
                .addService(GreeterService.definition())
                .addService(InteropTestService.definition())
                .prefaceTimeout(Duration.ofMillis(prefaceMs))
                .maxConnectionsInHandshake(handshakeCap)
                .trace(name -> FrameTrace.lines(name, line -> {
                    if (line.contains("machine failed") || line.contains("listener failed") || line.contains("writer failed")
                            || line.contains("reader failed") || line.contains("handler failed")) {
                        if (failures.size() < 20) failures.add(line.replace(' ', '_'));
                    }
                }))
                .build().start();
        Thread sampler = new Thread(() -> {
            while (true) {
                sample(server);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "attack-sampler");
        sampler.setDaemon(true);
        sampler.start();
        System.out.println("port " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.trim()) {
                case "reset" -> {
                    System.gc();
                    resetPeaks();
                    System.out.println("ok");
                }
                case "gc" -> {
                    System.gc();
                    System.out.println("ok");
                }
                case "stats" -> System.out.println(stats(server));
                case "quit" -> {
                    server.shutdownNow();
                    System.out.println("bye");
                    System.out.flush();
                    return;
                }
                default -> System.out.println("? " + line);
            }
            System.out.flush();
        }
        server.shutdownNow();
    }

    private static void sample(Server server) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        peakHeap.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
        peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
        peakConnThreads.accumulateAndGet(Http2Connection.liveThreadNames().size(), Math::max);
        peakConnections.accumulateAndGet(server.openConnections(), Math::max);
        peakHandshaking.accumulateAndGet(server.connectionsInHandshake(), Math::max);
        peakRssKb.accumulateAndGet(status("VmRSS:"), Math::max);
    }

    private static void resetPeaks() {
        for (AtomicLong a : new AtomicLong[] {peakHeap, peakThreads, peakConnThreads, peakConnections, peakHandshaking, peakRssKb}) {
            a.set(0);
        }
    }

    private static String stats(Server server) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = mem.getHeapMemoryUsage().getUsed();
        System.gc();
        long live = mem.getHeapMemoryUsage().getUsed();
        return "stats heap_peak=" + peakHeap.get() + " heap_now=" + before + " heap_live=" + live
                + " heap_max=" + mem.getHeapMemoryUsage().getMax()
                + " threads_peak=" + peakThreads.get() + " threads_now=" + ManagementFactory.getThreadMXBean().getThreadCount()
                + " conn_threads_peak=" + peakConnThreads.get() + " conn_threads_now=" + Http2Connection.liveThreadNames().size()
                + " connections_peak=" + peakConnections.get() + " connections_now=" + server.openConnections()
                + " handshaking_peak=" + peakHandshaking.get() + " handshaking_now=" + server.connectionsInHandshake()
                + " calls_now=" + server.callsInProgress()
                + " rss_peak_kb=" + peakRssKb.get() + " rss_now_kb=" + status("VmRSS:")
                + " failures=" + failures.size() + (failures.isEmpty() ? "" : " first_failure=" + failures.peek());
    }

    /** A {@code kB} value of /proc/self/status, or 0 where there is none. */
    private static long status(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key)) return Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]);
            }
        } catch (Exception e) {
            // not Linux: no RSS figures
        }
        return 0;
    }
}
