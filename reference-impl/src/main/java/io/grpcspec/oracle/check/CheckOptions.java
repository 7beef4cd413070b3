package io.grpcspec.oracle.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach the server under test and how to run the scenarios.
 *
 * @param host        the server's host name or address
 * @param port        its port
 * @param tls         TLS with ALPN h2 instead of plaintext h2c (prior knowledge)
 * @param ca          with TLS: the CA certificates (PEM) to trust; null for the JDK's
 * @param insecure    with TLS: trust any certificate and any name (a self-signed test server)
 * @param authority   the {@code :authority} we send, and with TLS the name the certificate must
 *                    match and the SNI; null for {@code host:port}
 * @param timeout     each scenario's deadline, from connect to verdict
 * @param policy      the server's PING policing, for the keepalive scenarios
 * @param only        keep only scenarios of these areas ({@code FC}), rules ({@code FC-1}) or
 *                    IDs; empty for all
 * @param parallelism scenarios run at once, each on its own connection (1: one after another)
 */
public record CheckOptions(String host, int port, boolean tls, Path ca, boolean insecure, String authority,
                           Duration timeout, PingPolicy policy, List<String> only, int parallelism) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public CheckOptions {
        Objects.requireNonNull(host);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(policy);
        only = List.copyOf(only);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout " + timeout);
        if (parallelism < 1) throw new IllegalArgumentException("parallelism " + parallelism);
        if (!tls && (ca != null || insecure)) throw new IllegalArgumentException("--ca and --insecure need --tls");
    }

    /** Plaintext to {@code host:port} with the defaults. */
    public static CheckOptions plaintext(String host, int port) {
        return new CheckOptions(host, port, false, null, false, null, DEFAULT_TIMEOUT, PingPolicy.DEFAULT, List.of(), 1);
    }

    public CheckOptions withTls(Path ca, boolean insecure, String authority) {
        return new CheckOptions(host, port, true, ca, insecure, authority, timeout, policy, only, parallelism);
    }

    public CheckOptions withTimeout(Duration t) {
        return new CheckOptions(host, port, tls, ca, insecure, authority, t, policy, only, parallelism);
    }

    public CheckOptions withPolicy(PingPolicy p) {
        return new CheckOptions(host, port, tls, ca, insecure, authority, timeout, p, only, parallelism);
    }

    public CheckOptions withOnly(List<String> o) {
        return new CheckOptions(host, port, tls, ca, insecure, authority, timeout, policy, o, parallelism);
    }

    public CheckOptions withParallelism(int n) {
        return new CheckOptions(host, port, tls, ca, insecure, authority, timeout, policy, only, n);
    }

    /** What {@code :authority} carries. */
    public String authorityOrTarget() {
        if (authority != null) return authority;
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** {@code http} or {@code https}, for {@code :scheme}. */
    public String scheme() {
        return tls ? "https" : "http";
    }

    /** {@code host:port} as a report shows it. */
    public String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
