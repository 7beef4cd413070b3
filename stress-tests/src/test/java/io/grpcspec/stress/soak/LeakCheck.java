package io.grpcspec.stress.soak;

import io.grpcspec.transport.Http2Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * before. Sockets are counted in {@code /proc/self/fd}, against a count taken after the JDK's
 * networking has been used once (its first socket operation opens a socket pair it keeps for the
 * life of the JVM, to close descriptors safely). grpc-java's shared event loops and executors
 * outlive its channels by design and are not counted.
 */
final class LeakCheck {
    private final Set<Long> threadsBefore = new HashSet<>();
    private final long socketsBefore;

    LeakCheck() throws IOException {
        try (ServerSocket warm = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket in = new Socket(warm.getInetAddress(), warm.getLocalPort());
             Socket accepted = warm.accept()) {
            accepted.getOutputStream().write(0);
            in.getInputStream().read();
        }
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
        List<String> s = socketInodes();
        return s == null ? -1 : s.size();
    }

    /** The inodes of this process's open sockets ({@code socket:[123]}), null where /proc is not there. */
    private static List<String> socketInodes() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) return null;
        try (Stream<Path> all = Files.list(fds)) {
            return all.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException | UnsupportedOperationException gone) {
                    return "";
                }
            }).filter(l -> l.startsWith("socket:")).toList();
        } catch (IOException e) {
            return null;
        }
    }

    /** The open sockets as /proc/net describes them (local and remote address, TCP state), for a failure message. */
    static List<String> describeSockets() {
        List<String> inodes = socketInodes();
        if (inodes == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "unix")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/net", table))) {
                    String[] f = line.trim().split("\\s+");
                    for (String inode : inodes) {
                        String id = inode.substring("socket:[".length(), inode.length() - 1);
                        if (List.of(f).contains(id)) out.add(table + " " + line.trim());
                    }
                }
            } catch (IOException | RuntimeException e) {
                out.add(table + ": " + e);
            }
        }
        return out;
    }
}
