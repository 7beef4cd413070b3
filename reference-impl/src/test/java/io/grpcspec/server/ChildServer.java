package io.grpcspec.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link AttackTarget} in a child JVM with a fixed heap: the same JDK and class path as the test,
 * {@code -Xmx} as given. The server's measurements come back as {@link Stats}; its stderr goes to
 * a file (an OutOfMemoryError there fails the test that reads {@link #stderrTail}).
 */
final class ChildServer implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final Path stderr;
    final int port;
    final String heap;

    ChildServer(String heap, long prefaceMillis, int handshakeCap) throws IOException {
        this.heap = heap;
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        stderr = Path.of("target", "attack-target-" + ProcessHandle.current().pid() + ".err");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Xms32m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", cp, AttackTarget.class.getName(), Long.toString(prefaceMillis), Integer.toString(handshakeCap)));
        process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String first = out.readLine();
        if (first == null || !first.startsWith("port ")) {
            throw new IOException("attack target did not start: " + first + "\n" + stderrTail());
        }
        port = Integer.parseInt(first.substring(5).trim());
    }

    boolean alive() {
        return process.isAlive();
    }

    private synchronized String command(String c) throws IOException {
        in.println(c);
        String line = out.readLine();
        if (line == null) throw new IOException("attack target died (" + c + "):\n" + stderrTail());
        return line;
    }

    void resetPeaks() throws IOException {
        command("reset");
    }

    Stats stats() throws IOException {
        String line = command("stats");
        if (!line.startsWith("stats ")) throw new IOException("unexpected answer " + line);
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : line.substring(6).split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Stats(m);
    }

    String stderrTail() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(stderr);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    /** One {@code stats} answer. */
    record Stats(Map<String, String> values) {
        long get(String key) {
            String v = values.get(key);
            if (v == null) throw new IllegalArgumentException("no " + key + " in " + values);
            return Long.parseLong(v);
        }

        long mib(String key) {
            return (get(key) + (1 << 19)) >> 20;
        }

        String firstFailure() {
            return values.getOrDefault("first_failure", "");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            in.println("quit");
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
