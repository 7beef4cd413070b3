package io.grpcspec.cli;

import io.grpcspec.client.CallOptions;
import io.grpcspec.client.CallStream;
import io.grpcspec.client.Channel;
import io.grpcspec.client.DialException;
import io.grpcspec.client.DialOption;
import io.grpcspec.client.DialOptions;
import io.grpcspec.client.Grpc;
import io.grpcspec.proto.health.v1.HealthCheckRequest;
import io.grpcspec.proto.health.v1.HealthCheckResponse;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.services.HealthMethods;
import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Bytes;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options {@code call}, {@code list} and {@code describe} share (grpcurl's names where they
 * exist): how to reach the target, the metadata to send, where the descriptors come from. Also
 * dials the target, turning every way that can fail into one line.
 */
final class TargetOptions {

    @Option(names = "--plaintext", description = "h2c with prior knowledge (the default).")
    boolean plaintext;

    @Option(names = "--tls", description = "TLS (ALPN h2) instead of plaintext.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "PEM", description = "With --tls: trust these CA certificates (default: the JDK's).")
    Path ca;

    @Option(names = "--authority", paramLabel = "NAME", description = "The :authority, and with --tls the name the certificate must match.")
    String authority;

    @Option(names = {"-H", "--header"}, paramLabel = "'name: value'",
            description = "Request metadata, repeatable; also sent on reflection requests. -bin names take base64.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long to wait for the connection, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = "--protoset", paramLabel = "FILE",
            description = "A FileDescriptorSet (protoc --descriptor_set_out --include_imports), repeatable: "
                    + "describes the services instead of server reflection.")
    List<Path> protosets = new ArrayList<>();

    @Option(names = "--trace", description = "Print one line per frame in both directions to stderr (<< received, >> sent).")
    boolean trace;

    /** Flags that cannot go together; checked before anything is dialled. */
    void check() throws CliFailure {
        if (tls && plaintext) throw CliFailure.input("--tls and --plaintext exclude each other");
        if (ca != null && !tls) throw CliFailure.input("--ca needs --tls");
        if (parseDuration(connectTimeout) == null) throw CliFailure.input("bad --connect-timeout \"" + connectTimeout + "\" (e.g. 500ms, 5s, 1m)");
    }

    /** The -H lines as metadata. */
    Metadata metadata() throws CliFailure {
        try {
            return metadata(headers);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input("bad -H: " + e.getMessage());
        }
    }

    /**
     * Dials {@code target} and waits until the connection is up (grpcurl's blocking dial), so
     * that an unreachable target, a refused connection or a TLS failure is told as such, in one
     * line, before anything else happens. The first failed attempt ends the wait: the channel
     * would only retry the same address after a backoff.
     */
    Channel dial(String target, PrintWriter err) throws CliFailure, InterruptedException {
        check();
        Duration timeout = parseDuration(connectTimeout);
        List<DialOption> opts = new ArrayList<>();
        try {
            opts.add(tls ? DialOptions.tlsTrusting(ca) : DialOptions.insecure());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw CliFailure.input("--ca " + ca + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        if (authority != null) opts.add(DialOptions.withAuthority(authority));
        if (trace) {
            opts.add(DialOptions.withTrace(FrameTrace.lines("", line -> {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            })));
        }
        Channel ch;
        try {
            ch = Grpc.dial(target, opts.toArray(new DialOption[0]));
        } catch (DialException e) {
            throw CliFailure.input("bad target: " + e.getMessage());
        }
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConnectivityState st = ch.state();
            if (st == ConnectivityState.READY) return ch;
            if (st == ConnectivityState.TRANSIENT_FAILURE || st == ConnectivityState.SHUTDOWN) {
                String why = failureOf(ch);
                ch.close();
                throw CliFailure.failed("cannot connect to " + target + ": " + explain(why, authority, target));
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                ch.close();
                throw CliFailure.failed("cannot connect to " + target + ": no connection within " + timeout.toMillis() + " ms");
            }
            // Returns at READY, or after a short while to look at the state again.
            ch.awaitReady(Duration.ofNanos(Math.min(left, Duration.ofMillis(20).toNanos())));
        }
    }

    /**
     * Why the channel is in TRANSIENT_FAILURE: a call that is not wait-for-ready fails at once
     * with UNAVAILABLE and the balancer's cause, which names the failed connect (the request is
     * never sent: there is no connection to send it on).
     */
    private static String failureOf(Channel ch) throws InterruptedException {
        try (CallStream<HealthCheckRequest, HealthCheckResponse> probe = CallStream.start(ch, HealthMethods.CHECK, CallOptions.DEFAULT, null)) {
            probe.send(HealthCheckRequest.getDefaultInstance()).halfClose();
            probe.next(Duration.ofSeconds(2));
            return "the connection failed";
        } catch (StatusException e) {
            return e.status().message();
        }
    }

    /** The reason a connection failed, in words a user acts on. */
    static String explain(String why, String authority, String target) {
        if (why == null || why.isEmpty()) return "the connection failed";
        String name = authority != null ? authority : target;
        if (why.contains("No subject alternative") || why.contains("No name matching")) {
            return "TLS: the server's certificate is not valid for \"" + hostOf(name) + "\" (" + innermost(why)
                    + "); --authority NAME sets the name to verify";
        }
        if (why.contains("PKIX path") || why.contains("certification path")) {
            return "TLS: the server's certificate is not trusted (" + innermost(why) + "); --ca FILE trusts its CA";
        }
        if (why.contains("SSLHandshakeException") || why.contains("SSLException")) return "TLS handshake failed: " + innermost(why);
        if (why.contains("Connection refused")) return "connection refused";
        if (why.contains("cannot resolve") || why.contains("UnknownHost")) return "unknown host: " + innermost(why);
        return innermost(why);
    }

    /** The text after the last exception class name ("...: java.net.ConnectException: Connection refused" → "Connection refused"). */
    private static String innermost(String why) {
        Matcher m = Pattern.compile("(?:[a-z]+\\.)+[A-Z]\\w*(?:Exception|Error): ").matcher(why);
        int end = -1;
        while (m.find()) end = m.end();
        return end < 0 ? why : why.substring(end);
    }

    private static String hostOf(String authority) {
        String a = authority.contains("///") ? authority.substring(authority.indexOf("///") + 3) : authority;
        int colon = a.lastIndexOf(':');
        return colon > 0 && a.indexOf(']') < colon ? a.substring(0, colon) : a;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    /** {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}; a bare number is seconds. Null when malformed. */
    static Duration parseDuration(String text) {
        Matcher mm = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!mm.matches()) return null;
        long n;
        try {
            n = Long.parseLong(mm.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        String unit = mm.group(2) == null ? "s" : mm.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** {@code name: value} lines as metadata; binary ({@code -bin}) values are base64. */
    static Metadata metadata(List<String> lines) {
        List<Metadata.Entry> entries = new ArrayList<>();
        for (String h : lines) {
            int colon = h.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("\"" + h + "\" is not 'name: value'");
            String key = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            if (key.endsWith("-bin")) {
                entries.add(Metadata.binary(key, Bytes.of(Base64.getDecoder().decode(value))));
            } else {
                entries.add(Metadata.ascii(key, value));
            }
        }
        return new Metadata(entries);
    }
}
