package io.grpcspec.stress.soak;

import io.grpcspec.transport.Http2Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a soak must leave behind: nothing. Threads are ours when they are a connection's reader
 * or writer ({@link Http2Connection#liveThreadNames()}: virtual threads, which the JVM does not
 * list) or a platform thread named {@code grpcspec-…} or {@code soak-…} (server pools, timers,
 * accept loops, channel timers and connectors, the soak's own helpers) that was not there
 * before. Sockets are counted in {@code /proc/self/fd}. grpc-java's shared event loops and
 * executors outlive its channels by design and are not counted.
 */
final class LeakCheck {
    private final Set<Long> threadsBefore = new HashSet<>();
    private final long socketsBefore;

    LeakCheck() {
        for (Thread t : Thread.getAllStackTraces().keySet()) threadsBefore.add(t.threadId());
        socketsBefore = sockets();
    }

    /** What is still there that should not be, waiting up to {@code patience} for it to go. */
    record Leaks(List<String> threads, long sockets) {}

    Leaks await(Duration patience) throws InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        Leaks now;
        while (true) {
            now = new Leaks(ourThreads(), Math.max(0, sockets() - socketsBefore));
            if ((now.threads().isEmpty() && now.sockets() == 0) || System.nanoTime() > end) return now;
            Thread.sleep(100);
        }
    }

    private List<String> ourThreads() {
        List<String> ours = new ArrayList<>(Http2Connection.liveThreadNames());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive() && !threadsBefore.contains(t.threadId()) && (n.startsWith("grpcspec-") || n.startsWith("soak-"))) ours.add(n);
        }
        return ours;
    }

    /** Open sockets of this process (-1 where /proc is not there). */
    static long sockets() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) return -1;
        try (Stream<Path> all = Files.list(fds)) {
            return all.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException | UnsupportedOperationException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
