package io.grpcspec.cli;

import io.grpcspec.oracle.serve.NegativeScenario;
import io.grpcspec.oracle.serve.OracleSession;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.InteropTestService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grpcspec serve}: the reference server with helloworld.Greeter and grpc.testing.TestService,
 * plus grpc.health.v1.Health and server reflection (v1 and v1alpha) unless turned off, until
 * Ctrl-C (which stops it gracefully: health turns NOT_SERVING, then the connections drain) or
 * the end of {@code --duration}.
 *
 * <p>{@code --oracle} judges every client rule by rule and {@code --scenario} serves one of
 * gRPC's negative HTTP/2 interop scenarios ({@link OracleSession}): verdicts go to stderr as they
 * happen, the summary and the {@code --report}/{@code --junit} files are written at the end,
 * also when a signal ends the run, and the exit status is 1 when a MUST rule or a scenario
 * assertion failed.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Serve helloworld.Greeter, grpc.testing.TestService, health and reflection over HTTP/2 (h2c, or TLS with ALPN h2).",
                "Health is grpc.health.v1.Health; reflection is grpc.reflection.v1 and v1alpha.",
                "Every frame in and out passes through the specification's state machines;",
                "--oracle judges every client by the spec's rules, --scenario NAME misbehaves as gRPC's negative HTTP/2 tests ask."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "50051", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on, e.g. 0.0.0.0 (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain (PEM); with --tls-key serves TLS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key (PEM, PKCS#8 or PKCS#1 RSA).")
    Path tlsKey;

    @Option(names = "--max-concurrent-streams", paramLabel = "N", defaultValue = "100",
            description = "SETTINGS_MAX_CONCURRENT_STREAMS (default: ${DEFAULT-VALUE}).")
    long maxConcurrentStreams;

    /** 4 MiB, every gRPC implementation's default (grpc-java's interop server raises it to 16 MiB for very_large_request). */
    @Option(names = "--max-recv-msg-size", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest request message; larger ones fail with RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}, 4 MiB).")
    int maxRecvMsgSize;

    @Option(names = "--initial-window-size", paramLabel = "BYTES", description = "Per-stream receive window (default: 65535).")
    Integer initialWindowSize;

    @Option(names = "--initial-conn-window-size", paramLabel = "BYTES", description = "Connection receive window (default: 65535).")
    Integer initialConnWindowSize;

    @Option(names = "--preface-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Close a connection whose client preface and first SETTINGS have not arrived this long after TLS (LIM-4; default: ${DEFAULT-VALUE}).")
    double prefaceTimeoutSeconds;

    @Option(names = "--max-handshaking", paramLabel = "N", defaultValue = "256",
            description = "Connections allowed in their handshake at once; one more closes the oldest (LIM-6; default: ${DEFAULT-VALUE}).")
    int maxHandshaking;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1024",
            description = "Connections served at once; one more is closed as soon as it is accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-resets", paramLabel = "N", defaultValue = "200",
            description = "RST_STREAM frames per 30 s a client may send, and we may send on its streams, before GOAWAY ENHANCE_YOUR_CALM (LIM-1, LIM-2; default: ${DEFAULT-VALUE}; 0 = no limit).")
    int maxResets;

    @Option(names = "--max-no-progress-frames", paramLabel = "N", defaultValue = "100",
            description = "Frames without progress (empty DATA, PRIORITY, ...) tolerated in a row (LIM-3; default: ${DEFAULT-VALUE}; 0 = no limit).")
    int maxNoProgressFrames;

    @Option(names = "--max-calls-per-connection", paramLabel = "N", defaultValue = "100",
            description = "Calls in progress on one connection before the server stops reading it until one finishes (LIM-5; default: ${DEFAULT-VALUE}; 0 = no limit).")
    int maxCallsPerConnection;

    @Option(names = "--direct-executor", description = {"Run unary and client-streaming handlers on the connection's reader thread, without",
            "a hand-off to the handler pool (grpc-java's directExecutor: cheaper per call; a handler that blocks holds up its connection)."})
    boolean directExecutor;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "10", description = "Graceful-stop wait on Ctrl-C (default: ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Option(names = "--trace", description = "Print one line per frame in both directions (<< received, >> sent).")
    boolean trace;

    @Option(names = "--health", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve grpc.health.v1.Health (default: on; --no-health turns it off).")
    boolean health;

    @Option(names = "--reflection", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve server reflection, grpc.reflection.v1 and v1alpha (default: on; --no-reflection turns it off).")
    boolean reflection;

    @Option(names = "--oracle", description = {"Judge every client, rule by rule: each violation (MUST) and deviation (SHOULD,"
            + " a warning) one line on stderr as it happens, a summary by rule at shutdown; exit status 1 when a MUST rule failed."})
    boolean oracle;

    @Option(names = "--scenario", paramLabel = "NAME", description = {"Serve one of gRPC's negative HTTP/2 interop scenarios instead of"
            + " the services: goaway, rst_after_header, rst_during_data, rst_after_data, ping, max_streams, data_frame_padding,"
            + " no_df_padding_sanity_test. Its server-side assertions are reported like the oracle's verdicts."})
    String scenario;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (e.g. 30s, 5m), then report; default: until Ctrl-C.")
    String duration;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the verdicts as JSON at shutdown (also when stopped by a signal).")
    Path report;

    @Option(names = "--junit", paramLabel = "FILE.xml", description = "Write the verdicts as JUnit XML at shutdown, one testcase per rule judged.")
    Path junit;

    @Option(names = "--patience", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long a client may take to answer our SETTINGS and PINGs and to end a one-message request (default: ${DEFAULT-VALUE}).")
    String patience;

    @Option(names = "--strict", description = "Strict answers where RFC 9113 leaves the answer to a client's fault open (a MAY):"
            + " end the connection instead of ignoring the frame, time SETTINGS ACKs out (spec/oracle.md).")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        if ((tlsCert == null) != (tlsKey == null)) {
            System.err.println("serve: --tls-cert and --tls-key go together");
            return 2;
        }
        if (!(prefaceTimeoutSeconds > 0) || prefaceTimeoutSeconds > 86_400) {
            System.err.println("serve: --preface-timeout must be more than 0 and at most 86400 seconds, not " + prefaceTimeoutSeconds);
            return 2;
        }
        if (maxConnections < 1) {
            System.err.println("serve: --max-connections must be at least 1, not " + maxConnections);
            return 2;
        }
        if (maxHandshaking < 1 || maxResets < 0 || maxNoProgressFrames < 0 || maxCallsPerConnection < 0) {
            System.err.println("serve: --max-handshaking must be at least 1, and --max-resets, --max-no-progress-frames and"
                    + " --max-calls-per-connection at least 0");
            return 2;
        }
        NegativeScenario negative = null;
        if (scenario != null) {
            try {
                negative = NegativeScenario.byName(scenario);
            } catch (IllegalArgumentException e) {
                System.err.println("serve: " + e.getMessage());
                return 2;
            }
        }
        Duration stopAfter = duration == null ? null : TargetOptions.parseDuration(duration);
        Duration patient = TargetOptions.parseDuration(patience);
        if ((duration != null && stopAfter == null) || patient == null || patient.isZero()) {
            System.err.println("serve: bad duration \"" + (stopAfter == null && duration != null ? duration : patience) + "\" (e.g. 500ms, 30s, 5m)");
            return 2;
        }
        if ((report != null || junit != null) && !oracle && negative == null) {
            System.err.println("serve: --report and --junit write the verdicts of --oracle or --scenario");
            return 2;
        }
        OracleSession session = oracle || negative != null
                ? new OracleSession(oracle, negative, patient.toNanos(), strict, report, junit, ServeCommand::err)
                : null;
        ServerBuilder b = ServerBuilder.forPort(port).host(host)
                .addService(GreeterService.definition())
                .addService(InteropTestService.definition());
        if (health) b.addHealthService();
        if (reflection) b.addReflectionService();
        if (tlsCert != null) {
            try {
                b.tls(Tls.serverContext(tlsCert, tlsKey));
            } catch (java.io.IOException | java.security.GeneralSecurityException | RuntimeException e) {
                System.err.println("serve: --tls-cert " + tlsCert + " --tls-key " + tlsKey + ": " + oneLine(e));
                return 2;
            }
        }
        b.maxConcurrentStreams(maxConcurrentStreams);
        b.maxReceiveMessageSize(maxRecvMsgSize);
        b.prefaceTimeout(Duration.ofNanos((long) (prefaceTimeoutSeconds * 1e9)))
                .maxConnections(maxConnections)
                .maxConnectionsInHandshake(maxHandshaking)
                .maxRstFramesPerWindow(maxResets, Duration.ofSeconds(30))
                .maxSentRstFramesPerWindow(maxResets, Duration.ofSeconds(30))
                .maxNoProgressFrames(maxNoProgressFrames)
                .maxCallsInProgressPerConnection(maxCallsPerConnection);
        if (directExecutor) b.directExecutor();
        if (initialWindowSize != null) b.initialWindowSize(initialWindowSize);
        if (initialConnWindowSize != null) b.initialConnWindowSize(initialConnWindowSize);
        if (trace) b.trace(name -> FrameTrace.lines(name, line -> {
            synchronized (System.out) {
                System.out.println(line);
            }
        }));
        if (session != null) session.apply(b);
        else b.strictAnswers(strict);
        Server server;
        try {
            server = b.build().start();
        } catch (java.io.IOException e) {
            System.err.println("serve: cannot listen on " + host + ":" + port + ": " + oneLine(e));
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop(server);
            done.countDown();
            // A signal ends the process with its own status; the oracle's verdict decides it instead.
            if (session != null) Runtime.getRuntime().halt(session.finish(ServeCommand::err));
        }, "grpcspec-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("grpcspec: serving on " + hostPort(server) + " (" + (server.isTls() ? "TLS, ALPN h2" : "plaintext") + ")");
        if (negative != null) {
            System.out.println("grpcspec: negative HTTP/2 scenario " + negative.grpcName() + " on every connection");
        } else {
            System.out.println("grpcspec: services " + String.join(", ", server.registry().serviceNames()));
        }
        if (session != null) {
            System.out.println("grpcspec: " + session.mode() + (oracle ? ", judging " + session.verdicts().results().size() + " rules" : "")
                    + (stopAfter == null ? "" : ", for " + duration));
        }
        System.out.flush();
        if (stopAfter == null) {
            server.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
            done.await(Duration.ofSeconds(graceSeconds + 5).toMillis(), TimeUnit.MILLISECONDS);
            return 0;
        }
        server.awaitTermination(stopAfter.toNanos(), TimeUnit.NANOSECONDS);
        Runtime.getRuntime().removeShutdownHook(hook);
        stop(server);
        return session == null ? 0 : session.finish(ServeCommand::err);
    }

    private void stop(Server server) {
        System.out.println("grpcspec: stopping (grace " + graceSeconds + " s)");
        System.out.flush();
        try {
            server.shutdown(graceSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            server.shutdownNow();
        }
    }

    private static void err(String line) {
        synchronized (System.err) {
            System.err.println(line);
            System.err.flush();
        }
    }

    /** An exception's message on one line (JDK messages sometimes span several). */
    private static String oneLine(Exception e) {
        String m = e instanceof java.nio.file.NoSuchFileException ? "no such file " + e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String hostPort(Server s) {
        String h = s.address().getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + s.port();
    }
}
