package io.grpcspec.client;

import io.grpcspec.spec.channel.Backoff;
import io.grpcspec.spec.grpc.MessageDeframer;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.transport.FrameTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Everything a channel is dialled with, immutable. Build it by applying {@link DialOption}s over
 * {@link #defaults()} (see {@link Grpc#dial}); the static factories below are the options.
 *
 * @param tls TLS client context, or null for plaintext (h2c with prior knowledge)
 * @param authority the {@code :authority} and TLS server name, or null for the target's default
 * @param blockTimeout when non-null, {@code dial} waits up to this long for READY and fails otherwise
 * @param interceptors applied to every call, the first one outermost
 * @param keepalive client keepalive (gRFC A8); {@code PingerConfig.CLIENT_DEFAULT} is off
 * @param userAgent the {@code user-agent} prefix; ours is appended ({@code grpcspec-java/<version>})
 * @param maxSendMessageBytes largest request message; larger ones fail RESOURCE_EXHAUSTED locally
 * @param maxReceiveMessageBytes largest response message (RPC-16), 4 MiB by default
 * @param balancer {@code pick_first} (default) or {@code round_robin}
 * @param resolvers resolvers by scheme
 * @param backoff reconnect backoff (connection-backoff.md)
 * @param trace frame trace hook of every connection
 * @param transports how connections are made (the socket transport unless a test swaps it)
 */
public record DialOptions(SSLContext tls, String authority, Duration blockTimeout, List<ClientInterceptor> interceptors,
                          PingerConfig keepalive, String userAgent, int maxSendMessageBytes, int maxReceiveMessageBytes,
                          String balancer, ResolverRegistry resolvers, Backoff backoff, FrameTrace trace,
                          TransportFactory transports) {

    public static final String PICK_FIRST = "pick_first";
    public static final String ROUND_ROBIN = "round_robin";

    /** Our part of {@code user-agent} (grpc-go sends {@code grpc-go/<version>}). */
    public static final String USER_AGENT = "grpcspec-java/" + version();

    public DialOptions {
        interceptors = List.copyOf(interceptors);
        Objects.requireNonNull(keepalive);
        Objects.requireNonNull(balancer);
        Objects.requireNonNull(resolvers);
        Objects.requireNonNull(backoff);
        Objects.requireNonNull(trace);
        Objects.requireNonNull(transports);
        if (!balancer.equals(PICK_FIRST) && !balancer.equals(ROUND_ROBIN)) {
            throw new IllegalArgumentException("unknown balancer \"" + balancer + "\" (pick_first, round_robin)");
        }
        if (maxSendMessageBytes < 0 || maxReceiveMessageBytes < 0) throw new IllegalArgumentException("negative message limit");
        if (blockTimeout != null && blockTimeout.isNegative()) throw new IllegalArgumentException("negative block timeout");
    }

    /** Plaintext, no block, pick_first, 4 MiB receive limit, unlimited send, keepalive off. */
    public static DialOptions defaults() {
        return new DialOptions(null, null, null, List.of(), PingerConfig.CLIENT_DEFAULT, null, Integer.MAX_VALUE,
                MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES, PICK_FIRST, ResolverRegistry.defaults(), Backoff.DEFAULT,
                FrameTrace.NONE, Http2ClientTransport.FACTORY);
    }

    /** Applies {@code options} in order over these options. */
    public DialOptions apply(DialOption... options) {
        DialOptions o = this;
        for (DialOption d : options) o = Objects.requireNonNull(d.apply(o), "a DialOption returned null");
        return o;
    }

    /** The full {@code user-agent}: the application's prefix, if any, then ours. */
    public String fullUserAgent() {
        return userAgent == null || userAgent.isEmpty() ? USER_AGENT : userAgent + " " + USER_AGENT;
    }

    // ---------------------------------------------------------------- the options

    /** Plaintext HTTP/2 (h2c, prior knowledge). */
    public static DialOption insecure() {
        return o -> o.withTls(null);
    }

    /** TLS with this client context (ALPN h2, TLS 1.2+). */
    public static DialOption tls(SSLContext context) {
        Objects.requireNonNull(context);
        return o -> o.withTls(context);
    }

    /** TLS trusting the PEM certificates in {@code caPem} (the JDK's trust store when null). */
    public static DialOption tlsTrusting(Path caPem) {
        SSLContext ctx;
        try {
            ctx = io.grpcspec.transport.Tls.clientContext(caPem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bad trust certificates in " + caPem + ": " + e.getMessage(), e);
        }
        return tls(ctx);
    }

    /** {@code dial} returns only once the channel is READY, failing UNAVAILABLE after {@code timeout}. */
    public static DialOption withBlock(Duration timeout) {
        Objects.requireNonNull(timeout);
        return o -> new DialOptions(o.tls, o.authority, timeout, o.interceptors, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, o.balancer, o.resolvers, o.backoff, o.trace, o.transports);
    }

    /** Adds interceptors after those already set (the first added is outermost). */
    public static DialOption withInterceptors(ClientInterceptor... interceptors) {
        List<ClientInterceptor> add = List.of(interceptors);
        return o -> {
            List<ClientInterceptor> all = new ArrayList<>(o.interceptors);
            all.addAll(add);
            return new DialOptions(o.tls, o.authority, o.blockTimeout, all, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                    o.maxReceiveMessageBytes, o.balancer, o.resolvers, o.backoff, o.trace, o.transports);
        };
    }

    /** Client keepalive: ping after {@code time} without reads, give up after {@code timeout} (floors of gRFC A8 apply). */
    public static DialOption withKeepalive(Duration time, Duration timeout, boolean permitWithoutCalls) {
        PingerConfig p = PingerConfig.client(time.toNanos(), timeout.toNanos(), permitWithoutCalls);
        return withKeepalive(p);
    }

    /** Client keepalive as the spec's pinger settings, taken as given. */
    public static DialOption withKeepalive(PingerConfig pinger) {
        Objects.requireNonNull(pinger);
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, pinger, o.userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, o.balancer, o.resolvers, o.backoff, o.trace, o.transports);
    }

    /** The {@code :authority} (and TLS server name to verify) instead of the target's. */
    public static DialOption withAuthority(String authority) {
        Objects.requireNonNull(authority);
        return o -> new DialOptions(o.tls, authority, o.blockTimeout, o.interceptors, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, o.balancer, o.resolvers, o.backoff, o.trace, o.transports);
    }

    /** An application prefix for {@code user-agent}. */
    public static DialOption withUserAgent(String userAgent) {
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, o.keepalive, userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, o.balancer, o.resolvers, o.backoff, o.trace, o.transports);
    }

    public static DialOption withMaxSendMessageSize(int bytes) {
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, o.keepalive, o.userAgent, bytes,
                o.maxReceiveMessageBytes, o.balancer, o.resolvers, o.backoff, o.trace, o.transports);
    }

    public static DialOption withMaxReceiveMessageSize(int bytes) {
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                bytes, o.balancer, o.resolvers, o.backoff, o.trace, o.transports);
    }

    /** {@code pick_first} or {@code round_robin}. */
    public static DialOption withBalancer(String policy) {
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, policy, o.resolvers, o.backoff, o.trace, o.transports);
    }

    public static DialOption withResolvers(ResolverRegistry registry) {
        Objects.requireNonNull(registry);
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, o.balancer, registry, o.backoff, o.trace, o.transports);
    }

    /** Registers {@code resolver} for {@code scheme} on top of the resolvers set so far. */
    public static DialOption withResolver(String scheme, Resolver resolver) {
        return o -> withResolvers(o.resolvers.with(scheme, resolver)).apply(o);
    }

    public static DialOption withBackoff(Backoff backoff) {
        Objects.requireNonNull(backoff);
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, o.balancer, o.resolvers, backoff, o.trace, o.transports);
    }

    /** Every frame of every connection, both directions, to {@code trace}. */
    public static DialOption withTrace(FrameTrace trace) {
        Objects.requireNonNull(trace);
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, o.balancer, o.resolvers, o.backoff, trace, o.transports);
    }

    /** How connections are made (tests use an in-memory transport). */
    public static DialOption withTransportFactory(TransportFactory factory) {
        Objects.requireNonNull(factory);
        return o -> new DialOptions(o.tls, o.authority, o.blockTimeout, o.interceptors, o.keepalive, o.userAgent, o.maxSendMessageBytes,
                o.maxReceiveMessageBytes, o.balancer, o.resolvers, o.backoff, o.trace, factory);
    }

    private DialOptions withTls(SSLContext ctx) {
        return new DialOptions(ctx, authority, blockTimeout, interceptors, keepalive, userAgent, maxSendMessageBytes,
                maxReceiveMessageBytes, balancer, resolvers, backoff, trace, transports);
    }

    private static String version() {
        String v = DialOptions.class.getPackage() == null ? null : DialOptions.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
