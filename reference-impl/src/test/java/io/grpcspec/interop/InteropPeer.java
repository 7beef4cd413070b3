package io.grpcspec.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * grpc-java 1.76 as an interop PEER, always in a separate JVM: its {@code TestServiceServer} and
 * {@code TestServiceClient} mains own global state (registries, shutdown hooks) and may call
 * {@code System.exit}, none of which belongs in the test JVM. The child runs
 * {@code ${java.home}/bin/java} with the test JVM's own class path.
 *
 * <p>TLS material: grpc-java's interop mains load their certificates only as class-path
 * resources ({@code /certs/server1.pem}, {@code /certs/server1.key} for the server,
 * {@code /certs/ca.pem} for the client with {@code --use_test_ca=true}; see
 * {@code io.grpc.testing.TlsTesting.loadCert}), and have no flag for a file. To run them with
 * any certificate, the harness copies the given PEM files into a {@code certs/} folder that it
 * puts FIRST on the child's class path, which shadows the copies bundled in grpc-testing.jar.
 * {@link #grpcTestCerts(Path)} extracts the bundled ones (valid for {@code *.test.google.fr},
 * hence {@link #GRPC_TEST_AUTHORITY}).
 *
 * <p>Every wait is bounded, and every failure message carries the child's captured output.
 */
public final class InteropPeer {
    private InteropPeer() {}

    public static final String CLIENT_MAIN = "io.grpc.testing.integration.TestServiceClient";
    public static final String SERVER_MAIN = "io.grpc.testing.integration.TestServiceServer";
    /** A host name grpc-java's bundled test certificate {@code server1.pem} is valid for. */
    public static final String GRPC_TEST_AUTHORITY = "foo.test.google.fr";
    /** What TestServiceClient prints after a case passed. */
    public static final String CLIENT_SUCCESS_LINE = "Test completed.";
    /** Default bound on a server JVM reaching "accepting connections". */
    public static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(45);

    // ---------------------------------------------------------------- TLS material

    /** PEM files: the CA a client trusts, and the server's certificate chain and PKCS#8 key. */
    public record TlsFiles(Path caPem, Path certPem, Path keyPem) {}

    /** Copies grpc-java's bundled interop certificates (ca.pem, server1.pem, server1.key) into {@code dir}. */
    public static TlsFiles grpcTestCerts(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new TlsFiles(extract("ca.pem", dir), extract("server1.pem", dir), extract("server1.key", dir));
    }

    private static Path extract(String name, Path dir) throws IOException {
        try (InputStream in = InteropPeer.class.getResourceAsStream("/certs/" + name)) {
            if (in == null) throw new IOException("/certs/" + name + " is not on the class path (io.grpc:grpc-testing ships it)");
            Path out = dir.resolve(name);
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }

    // ---------------------------------------------------------------- server

    /**
     * Starts grpc-java's TestServiceServer on a free port and returns once it accepts TCP
     * connections on 127.0.0.1. With {@code tls}, {@code certPem}/{@code keyPem} are the server's
     * credentials (both null: grpc-java's bundled server1 certificate).
     */
    public static PeerServer startServer(boolean tls, Path certPem, Path keyPem) throws IOException, InterruptedException {
        return startServer(tls, certPem, keyPem, SERVER_START_TIMEOUT);
    }

    public static PeerServer startServer(boolean tls, Path certPem, Path keyPem, Duration timeout)
            throws IOException, InterruptedException {
        if (tls && (certPem == null) != (keyPem == null)) {
            throw new IllegalArgumentException("give both certPem and keyPem, or neither for grpc-java's bundled server1 certificate");
        }
        Path overlay = null;
        if (tls && certPem != null) {
            overlay = overlay(Map.of("server1.pem", certPem, "server1.key", keyPem));
        }
        // The port is picked here and bound by the child a moment later; another process may take
        // it in between, so a bind failure is retried with a new port.
        StringBuilder attempts = new StringBuilder();
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Child child = Child.start(javaCommand(overlay, SERVER_MAIN, List.of("--port=" + port, "--use_tls=" + tls)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!child.process.isAlive()) break;
                if (child.output().contains("Server started on port " + port) && accepts(port)) {
                    return new PeerServer(child, port, tls, overlay);
                }
                Thread.sleep(50);
            }
            boolean exited = !child.process.isAlive();
            child.kill();
            String out = child.output();
            if (exited && out.contains("Address already in use")) {
                attempts.append("attempt ").append(attempt).append(": port ").append(port).append(" taken\n");
                continue;
            }
            deleteTree(overlay);
            throw new IllegalStateException((exited ? "grpc-java TestServiceServer exited before accepting connections"
                    : "grpc-java TestServiceServer did not accept connections within " + timeout)
                    + "\ncommand: " + child.command + "\n--- output ---\n" + out);
        }
        deleteTree(overlay);
        throw new IllegalStateException("could not start grpc-java TestServiceServer on a free port:\n" + attempts);
    }

    /** A running grpc-java TestServiceServer child JVM. {@link #close()} ends it. */
    public static final class PeerServer implements AutoCloseable {
        private final Child child;
        private final int port;
        private final boolean tls;
        private final Path overlay;

        private PeerServer(Child child, int port, boolean tls, Path overlay) {
            this.child = child;
            this.port = port;
            this.tls = tls;
            this.overlay = overlay;
        }

        public int port() { return port; }
        public boolean tls() { return tls; }
        /** Everything the server printed so far (stdout and stderr). */
        public String output() { return child.output(); }
        public boolean isAlive() { return child.process.isAlive(); }

        @Override
        public void close() {
            child.kill();
            deleteTree(overlay);
        }

        @Override
        public String toString() {
            return "grpc-java TestServiceServer(port=" + port + ", tls=" + tls + ", pid=" + child.process.pid() + ")";
        }
    }

    // ---------------------------------------------------------------- client

    /**
     * Where and how the client connects. With {@code tls}, {@code caPem} is the CA it trusts
     * (null: grpc-java's bundled ca.pem) and {@code serverHostOverride} the name it checks the
     * server certificate against and sends as :authority (null: the host).
     */
    public record ClientTarget(String host, int port, boolean tls, Path caPem, String serverHostOverride) {
        public ClientTarget {
            Objects.requireNonNull(host, "host");
            if (!tls && (caPem != null || serverHostOverride != null)) {
                throw new IllegalArgumentException("caPem/serverHostOverride only apply with TLS");
            }
        }

        public static ClientTarget plaintext(String host, int port) {
            return new ClientTarget(host, port, false, null, null);
        }

        public static ClientTarget tls(String host, int port, Path caPem, String serverHostOverride) {
            return new ClientTarget(host, port, true, caPem, serverHostOverride);
        }

        /** TestServiceClient flags for this target (without --test_case). */
        public List<String> flags() {
            List<String> f = new ArrayList<>(List.of("--server_host=" + host, "--server_port=" + port, "--use_tls=" + tls));
            if (tls) {
                f.add("--use_test_ca=true");
                if (serverHostOverride != null) f.add("--server_host_override=" + serverHostOverride);
            }
            return f;
        }
    }

    /** One client JVM run. {@code exitCode} is -1 when it was killed at the timeout. */
    public record ClientResult(List<String> command, int exitCode, boolean timedOut, Duration elapsed, String output) {
        /** Exit code 0 and grpc-java's success line in the output. */
        public boolean passed() {
            return !timedOut && exitCode == 0 && output.contains(CLIENT_SUCCESS_LINE);
        }

        /** For failure messages: how it ended, the command and the whole output. */
        public String describe() {
            return (timedOut ? "killed after " + elapsed.toMillis() + " ms (timeout)" : "exit code " + exitCode + " after " + elapsed.toMillis() + " ms")
                    + "\ncommand: " + String.join(" ", command) + "\n--- output ---\n" + output;
        }
    }

    /**
     * Runs grpc-java's TestServiceClient for one case in its own JVM, exactly as a user would
     * ({@code java -cp ... TestServiceClient --server_host=... --test_case=...}). With
     * {@code tls} it trusts {@code caPem} (null: grpc-java's bundled CA) and checks the server
     * certificate against {@link #GRPC_TEST_AUTHORITY}; use the {@link ClientTarget} overload
     * for another name.
     */
    public static ClientResult runClient(String host, int port, String testCase, boolean tls, Path caPem, Duration timeout)
            throws IOException, InterruptedException {
        ClientTarget target = tls ? ClientTarget.tls(host, port, caPem, GRPC_TEST_AUTHORITY) : ClientTarget.plaintext(host, port);
        return runClient(target, testCase, timeout);
    }

    public static ClientResult runClient(ClientTarget target, String testCase, Duration timeout) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(target.flags());
        args.add("--test_case=" + testCase);
        return runJava(target, CLIENT_MAIN, args, timeout);
    }

    /** How one case of a batch ended. DID_NOT_RUN: the JVM ended (or was killed) before the case finished. */
    public enum Outcome { PASS, FAIL, TIMEOUT, DID_NOT_RUN }

    /** One case of a batch: its outcome, wall time, and the output printed while it ran. */
    public record CaseResult(String testCase, Outcome outcome, long millis, String output) {
        public boolean passed() {
            return outcome == Outcome.PASS && output.contains(CLIENT_SUCCESS_LINE);
        }

        public String describe() {
            return testCase + ": " + outcome + " after " + millis + " ms\n--- output of this case ---\n" + output;
        }
    }

    /** A batch run: the client JVM as a whole, and each requested case in request order. */
    public record BatchResult(ClientResult process, Map<String, CaseResult> cases) {
        public CaseResult get(String testCase) {
            CaseResult r = cases.get(testCase);
            if (r == null) throw new IllegalArgumentException(testCase + " was not part of this batch: " + cases.keySet());
            return r;
        }

        /** A case's own output and, when it did not pass, the JVM's whole output too. */
        public String describe(String testCase) {
            CaseResult r = get(testCase);
            return r.passed() ? r.describe() : r.describe() + "\n=== whole client JVM ===\n" + process.describe();
        }
    }

    /**
     * Runs several cases in ONE client JVM through {@link InteropClientLauncher}, which calls
     * grpc-java's {@code TestServiceClient.main} once per case (own channel each time), so the
     * JVM start (~2.5 s) is paid once. {@code caseTimeout} bounds each case, {@code timeout} the JVM.
     */
    public static BatchResult runClientCases(ClientTarget target, List<String> testCases, Duration caseTimeout, Duration timeout)
            throws IOException, InterruptedException {
        if (testCases.isEmpty()) throw new IllegalArgumentException("no test cases");
        List<String> args = new ArrayList<>(target.flags());
        args.add("--cases=" + String.join(",", testCases));
        args.add("--case_timeout_ms=" + caseTimeout.toMillis());
        ClientResult process = runJava(target, InteropClientLauncher.class.getName(), args, timeout);
        return new BatchResult(process, parseCases(process.output(), testCases));
    }

    /**
     * Runs {@code mainClass} of the test class path with {@code args} in a child JVM (plaintext
     * peers, no certificates), e.g. {@link Http2ClientLauncher}.
     */
    public static ClientResult runMain(String mainClass, List<String> args, Duration timeout) throws IOException, InterruptedException {
        return runJava(ClientTarget.plaintext("127.0.0.1", 0), mainClass, args, timeout);
    }

    static Map<String, CaseResult> parseCases(String output, List<String> testCases) {
        Map<String, CaseResult> parsed = new LinkedHashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(InteropClientLauncher.BEGIN)) {
                current = line.substring(InteropClientLauncher.BEGIN.length()).trim();
                text.setLength(0);
            } else if (line.startsWith(InteropClientLauncher.END) && current != null) {
                String[] f = line.substring(InteropClientLauncher.END.length()).trim().split(" ");
                parsed.put(current, new CaseResult(current, Outcome.valueOf(f[1]), Long.parseLong(f[2]), text.toString()));
                current = null;
            } else if (current != null) {
                text.append(line).append('\n');
            }
        }
        Map<String, CaseResult> ordered = new LinkedHashMap<>();
        for (String c : testCases) {
            CaseResult r = parsed.get(c);
            if (r == null) r = new CaseResult(c, Outcome.DID_NOT_RUN, 0, c.equals(current) ? text.toString() : "");
            ordered.put(c, r);
        }
        return ordered;
    }

    private static ClientResult runJava(ClientTarget target, String mainClass, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        Path overlay = target.tls() && target.caPem() != null ? overlay(Map.of("ca.pem", target.caPem())) : null;
        try {
            long start = System.nanoTime();
            Child child = Child.start(javaCommand(overlay, mainClass, args));
            boolean done = child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (done) child.forget(); else child.kill();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new ClientResult(child.command, done ? child.process.exitValue() : -1, !done, elapsed, child.awaitOutput());
        } finally {
            deleteTree(overlay);
        }
    }

    // ---------------------------------------------------------------- child JVMs

    private static List<String> javaCommand(Path overlay, String mainClass, List<String> args) {
        String cp = System.getProperty("java.class.path");
        if (cp == null || !cp.contains("grpc-interop-testing")) {
            throw new IllegalStateException("grpc-interop-testing is not on java.class.path; the interop peer needs the test class path"
                    + " (surefire sets it; an IDE must run with test scope). java.class.path=" + cp);
        }
        if (overlay != null) cp = overlay + java.io.File.pathSeparator + cp;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // two cores: a serial collector keeps the peer from competing with the JVM under test
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** A temp folder holding {@code certs/<name>} copies, to put first on a child's class path. */
    private static Path overlay(Map<String, Path> files) throws IOException {
        Path dir = Files.createTempDirectory("grpcspec-interop-certs");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Files.copy(e.getValue(), certs.resolve(e.getKey()));
        }
        return dir;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A child process with stdout+stderr copied into a buffer by a reader thread. */
    private static final class Child {
        final List<String> command;
        final Process process;
        private final StringBuilder out = new StringBuilder();
        private final Thread reader;
        private final Thread killOnExit;

        private Child(List<String> command, Process process) {
            this.command = command;
            this.process = process;
            this.reader = new Thread(this::pump, "interop-peer-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            // if the test JVM dies first, do not leave a peer JVM behind
            this.killOnExit = new Thread(process::destroyForcibly);
            Runtime.getRuntime().addShutdownHook(killOnExit);
        }

        static Child start(List<String> command) throws IOException {
            return new Child(List.copyOf(command), new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        private void pump() {
            char[] buf = new char[8192];
            try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (out) {
                        out.append(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended; what was read is kept
            }
        }

        String output() {
            synchronized (out) {
                return out.toString();
            }
        }

        /** The output once the process has ended and the pipe is drained (bounded wait). */
        String awaitOutput() throws InterruptedException {
            reader.join(5_000);
            return output();
        }

        void kill() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                reader.join(2_000);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            forget();
        }

        /** Drops the kill-on-exit hook once the process is known to be gone. */
        void forget() {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
