package io.grpcspec.server;

import com.google.protobuf.Descriptors;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.spec.Role;
import io.grpcspec.spec.connection.ConnectionConfig;
import io.grpcspec.spec.connection.Settings;
import io.grpcspec.spec.driver.EndpointMachine;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.flow.FlowConfig;
import io.grpcspec.spec.grpc.MessageDeframer;
import io.grpcspec.spec.keepalive.ConnectionManagerConfig;
import io.grpcspec.spec.keepalive.Durations;
import io.grpcspec.spec.keepalive.EnforcementPolicy;
import io.grpcspec.spec.keepalive.PingerConfig;
import io.grpcspec.spec.stream.DataFraming;
import io.grpcspec.spec.limits.HandshakeSlots;
import io.grpcspec.spec.limits.Limits;
import io.grpcspec.spec.limits.RateBudget;
import io.grpcspec.spec.stream.HeaderBlockAssembler;
import io.grpcspec.spec.stream.StreamConfig;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Options of a {@link Server}, named after grpc-go's {@code ServerOption}s, with its defaults
 * except where noted: SETTINGS_MAX_CONCURRENT_STREAMS 100 (RFC 9113 §6.5.2's recommended minimum;
 * grpc-go announces no limit), SETTINGS_MAX_HEADER_LIST_SIZE 16 KiB (grpc-java: 8 KiB, grpc-go:
 * 16 MiB; see spec/header-blocks.md), and listening on loopback unless told otherwise. Requests are
 * limited to 4 MiB per message, as in every gRPC implementation. The resource budgets of
 * spec/limits.md (LIM-1..LIM-6) come with their defaults.
 */
public final class ServerBuilder {
    /** What we announce as SETTINGS_MAX_CONCURRENT_STREAMS unless told otherwise. */
    public static final long DEFAULT_MAX_CONCURRENT_STREAMS = 100;
    /** What we announce as SETTINGS_MAX_HEADER_LIST_SIZE unless told otherwise. */
    public static final long DEFAULT_MAX_HEADER_LIST_SIZE = 16 * 1024;

    String host = "127.0.0.1";
    int port;
    java.nio.file.Path unixSocket;
    final List<ServiceDefinition> services = new ArrayList<>();
    final List<ServerInterceptor> interceptors = new ArrayList<>();
    SSLContext tls;
    long maxConcurrentStreams = DEFAULT_MAX_CONCURRENT_STREAMS;
    int initialWindowSize = (int) Settings.DEFAULT_INITIAL_WINDOW_SIZE;
    int initialConnWindowSize = (int) Settings.DEFAULT_INITIAL_WINDOW_SIZE;
    int maxFrameSize = (int) Settings.MIN_MAX_FRAME_SIZE;
    long maxHeaderListSize = DEFAULT_MAX_HEADER_LIST_SIZE;
    int maxReceiveMessageSize = MessageDeframer.DEFAULT_MAX_MESSAGE_BYTES;
    long keepaliveTimeNanos = PingerConfig.SERVER_DEFAULT_TIME;
    long keepaliveTimeoutNanos = PingerConfig.DEFAULT_TIMEOUT;
    long permitKeepaliveTimeNanos = EnforcementPolicy.DEFAULT_MIN_TIME;
    boolean permitKeepaliveWithoutCalls;
    long maxConnectionIdleNanos = Durations.INFINITE;
    long maxConnectionAgeNanos = Durations.INFINITE;
    long maxConnectionAgeGraceNanos = Durations.INFINITE;
    long handshakeTimeoutNanos = ConnectionConfig.DEFAULT_HANDSHAKE_TIMEOUT_NANOS;
    long prefaceTimeoutNanos = ConnectionConfig.DEFAULT_PREFACE_TIMEOUT_NANOS;
    int maxHandshaking = HandshakeSlots.DEFAULT_CAPACITY;
    Limits limits = Limits.SERVER;
    int maxHandlerThreads = 512;
    boolean directExecutor;
    int maxConnections = 1024;
    Function<String, FrameTrace> trace = name -> FrameTrace.NONE;
    ServerObserver observer;
    Function<String, ConnectionListener> connectionHandler;
    boolean strictAnswers;
    DataFraming dataFraming = DataFraming.DEFAULT;
    boolean health;
    boolean reflection;
    EndpointMachine machine = EndpointMachine.SPEC;

    private ServerBuilder() {}

    public static ServerBuilder forPort(int port) {
        return new ServerBuilder().port(port);
    }

    /** Address to listen on: {@code 127.0.0.1}, {@code 0.0.0.0}, {@code ::1}, a host name. */
    public ServerBuilder host(String host) {
        this.host = host;
        return this;
    }

    /**
     * Listen on a unix domain socket at {@code path} instead of TCP (gRPC's {@code unix:} targets).
     * The file must not exist yet; the server removes it when it stops. Plaintext only: TLS
     * over a local socket buys nothing here and {@link #build} refuses the combination.
     */
    public ServerBuilder unixSocket(java.nio.file.Path path) {
        this.unixSocket = java.util.Objects.requireNonNull(path);
        return this;
    }

    /** 0 picks a free port; {@link Server#port()} tells which. */
    public ServerBuilder port(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
        this.port = port;
        return this;
    }

    /**
     * Serves {@code service}. When it carries a protobuf descriptor, each of its methods must be
     * in the descriptor with the same streaming shape (the descriptor may list methods the
     * service leaves unimplemented; calls to those end UNIMPLEMENTED).
     */
    public ServerBuilder addService(ServiceDefinition service) {
        if (service.proto() != null) checkAgainstProto(service);
        services.add(service);
        return this;
    }

    /**
     * Also serves {@code grpc.health.v1.Health}: the whole server ({@code ""}) and every service
     * added here start SERVING; {@link Server#health()} changes statuses; a graceful stop turns
     * them all NOT_SERVING (spec/health.md).
     */
    public ServerBuilder addHealthService() {
        this.health = true;
        return this;
    }

    /**
     * Also serves server reflection, {@code grpc.reflection.v1} and {@code v1alpha}, over the
     * descriptors of every service the server has (spec/reflection.md).
     */
    public ServerBuilder addReflectionService() {
        this.reflection = true;
        return this;
    }

    private static void checkAgainstProto(ServiceDefinition service) {
        for (ServiceDefinition.MethodDefinition<?, ?> m : service.methods().values()) {
            Descriptors.MethodDescriptor proto = service.proto().findMethodByName(m.descriptor().methodName());
            if (proto == null) {
                throw new IllegalArgumentException(m.descriptor().fullName() + " is not in the descriptor of " + service.name());
            }
            if (proto.isClientStreaming() != m.descriptor().type().clientStreams()
                    || proto.isServerStreaming() != m.descriptor().type().serverStreams()) {
                throw new IllegalArgumentException(m.descriptor().fullName() + " is " + m.descriptor().type()
                        + " but its descriptor says client streaming " + proto.isClientStreaming()
                        + ", server streaming " + proto.isServerStreaming());
            }
        }
    }

    public ServerBuilder intercept(ServerInterceptor interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    /** TLS with ALPN h2 (see {@link io.grpcspec.transport.Tls#serverContext}); null = plaintext h2c. */
    public ServerBuilder tls(SSLContext context) {
        this.tls = context;
        return this;
    }

    /** SETTINGS_MAX_CONCURRENT_STREAMS (default 100); {@link StreamConfig#UNLIMITED} announces none. */
    public ServerBuilder maxConcurrentStreams(long n) {
        this.maxConcurrentStreams = n;
        return this;
    }

    /** Our per-stream receive window (SETTINGS_INITIAL_WINDOW_SIZE). */
    public ServerBuilder initialWindowSize(int bytes) {
        this.initialWindowSize = bytes;
        return this;
    }

    /** Our connection receive window (announced with a WINDOW_UPDATE when above 65535). */
    public ServerBuilder initialConnWindowSize(int bytes) {
        this.initialConnWindowSize = bytes;
        return this;
    }

    public ServerBuilder maxFrameSize(int bytes) {
        this.maxFrameSize = bytes;
        return this;
    }

    /** SETTINGS_MAX_HEADER_LIST_SIZE (default 16 KiB): a larger request header list is answered with 431. */
    public ServerBuilder maxHeaderListSize(long bytes) {
        this.maxHeaderListSize = bytes;
        return this;
    }

    /** Larger request messages fail the call with RESOURCE_EXHAUSTED (default 4 MiB). */
    public ServerBuilder maxReceiveMessageSize(int bytes) {
        this.maxReceiveMessageSize = bytes;
        return this;
    }

    /** gRFC A9 server keepalive: ping after {@code time} without reads, close {@code timeout} later. */
    public ServerBuilder keepaliveParams(Duration time, Duration timeout) {
        this.keepaliveTimeNanos = Durations.of(time);
        this.keepaliveTimeoutNanos = Durations.of(timeout);
        return this;
    }

    /** gRFC A8 enforcement: the shortest ping interval tolerated, and whether pings without calls are. */
    public ServerBuilder keepaliveEnforcementPolicy(Duration minTime, boolean permitWithoutStream) {
        this.permitKeepaliveTimeNanos = Durations.of(minTime);
        this.permitKeepaliveWithoutCalls = permitWithoutStream;
        return this;
    }

    /** gRFC A9 connection limits; null leaves a limit off. */
    public ServerBuilder connectionLimits(Duration maxIdle, Duration maxAge, Duration maxAgeGrace) {
        this.maxConnectionIdleNanos = maxIdle == null ? Durations.INFINITE : Durations.of(maxIdle);
        this.maxConnectionAgeNanos = maxAge == null ? Durations.INFINITE : Durations.of(maxAge);
        this.maxConnectionAgeGraceNanos = maxAgeGrace == null ? Durations.INFINITE : Durations.of(maxAgeGrace);
        return this;
    }

    /** Bound on TLS + preface + first SETTINGS (grpc-go's ConnectionTimeout, 120 s). */
    public ServerBuilder handshakeTimeout(Duration timeout) {
        this.handshakeTimeoutNanos = Durations.of(timeout);
        return this;
    }

    /**
     * Bound on the client preface and first SETTINGS, counted from the end of TLS (LIM-4, 10 s by
     * default); the handshake deadline still bounds the whole handshake.
     */
    public ServerBuilder prefaceTimeout(Duration timeout) {
        long nanos = Durations.of(timeout);
        if (nanos <= 0) throw new IllegalArgumentException("preface timeout must be positive: " + timeout);
        this.prefaceTimeoutNanos = nanos;
        return this;
    }

    /**
     * Connections allowed in their handshake at once (LIM-6, 256 by default); accepting one more
     * closes the one that has waited longest.
     */
    public ServerBuilder maxConnectionsInHandshake(int n) {
        if (n < 1) throw new IllegalArgumentException("max connections in handshake " + n);
        this.maxHandshaking = n;
        return this;
    }

    /**
     * RST_STREAM frames a client may send per window (LIM-1; 200 per 30 s by default, as Netty and
     * grpc-java's {@code maxRstFramesPerWindow}); {@code max} 0 turns the budget off.
     */
    public ServerBuilder maxRstFramesPerWindow(int max, Duration window) {
        this.limits = limits.withPeerResets(new RateBudget(max, Durations.of(window)));
        return this;
    }

    /**
     * RST_STREAM frames we may send on a client's streams per window, whatever provoked them
     * (LIM-2; 200 per 30 s by default); {@code max} 0 turns the budget off.
     */
    public ServerBuilder maxSentRstFramesPerWindow(int max, Duration window) {
        this.limits = limits.withSentResets(new RateBudget(max, Durations.of(window)));
        return this;
    }

    /** Consecutive frames without progress tolerated (LIM-3; 100 by default, 0 = no bound). */
    public ServerBuilder maxNoProgressFrames(int n) {
        this.limits = limits.withMaxNoProgressFrames(n);
        return this;
    }

    /**
     * Calls in progress per connection before the server stops reading from it until one
     * finishes (LIM-5; 100 by default, 0 = no bound). Never below {@link #maxConcurrentStreams}.
     */
    public ServerBuilder maxCallsInProgressPerConnection(int n) {
        this.limits = limits.withMaxCallsInProgress(n);
        return this;
    }

    /** Handler threads at most; a call arriving when all are busy fails with RESOURCE_EXHAUSTED. */
    public ServerBuilder maxHandlerThreads(int n) {
        this.maxHandlerThreads = n;
        return this;
    }

    /**
     * Runs the handlers of unary and client-streaming methods on the thread that delivers their
     * request (the connection's reader), with no hand-off to the handler pool: grpc-java's
     * {@code directExecutor()}, and the same bargain. Cheaper per call, but a handler that blocks
     * holds up every other stream of its connection (and its deadline, cancellation and the
     * peer's frames wait with it), so use it only for handlers that never block. Server- and
     * bidi-streaming handlers still run on the pool: their responses wait for flow-control
     * credit (LIM-9), which only the reader can bring. Off by default.
     */
    public ServerBuilder directExecutor() {
        this.directExecutor = true;
        return this;
    }

    /** Connections served at once (each has a reader thread, and a writer thread while it writes); more are closed at accept. */
    public ServerBuilder maxConnections(int n) {
        if (n < 1) throw new IllegalArgumentException("max connections " + n);
        this.maxConnections = n;
        return this;
    }

    /** A frame trace per connection (the argument is the connection's name, its peer address). */
    public ServerBuilder trace(Function<String, FrameTrace> perConnection) {
        this.trace = perConnection;
        return this;
    }

    /**
     * Watches every connection and call (the server oracle): the observer hears everything
     * before the call layer does; the server's answers do not depend on it.
     */
    public ServerBuilder observer(ServerObserver observer) {
        this.observer = observer;
        return this;
    }

    /**
     * Replaces the gRPC call layer of every connection with the listener {@code handler} makes
     * (given the connection's name): the negative HTTP/2 interop scenarios drive their
     * connections by hand this way. The connection itself (every frame through the spec
     * machines) is unchanged.
     */
    public ServerBuilder connectionHandler(Function<String, ConnectionListener> handler) {
        this.connectionHandler = handler;
        return this;
    }

    /**
     * Strict answers to the client faults RFC 9113 leaves open (spec/oracle.md): a connection
     * error instead of dropping the frame, and a SETTINGS ACK timeout of
     * {@link #STRICT_SETTINGS_ACK_TIMEOUT} (SET-12). Off by default: the robust answers.
     */
    public ServerBuilder strictAnswers(boolean strict) {
        this.strictAnswers = strict;
        return this;
    }

    /** The SETTINGS_TIMEOUT wait of strict answers (SET-12); without them no timeout, as grpc-go and grpc-java. */
    public static final Duration STRICT_SETTINGS_ACK_TIMEOUT = Duration.ofSeconds(10);

    /** How outbound DATA is cut into frames (default: as large as allowed, unpadded). */
    public ServerBuilder dataFraming(DataFraming framing) {
        this.dataFraming = java.util.Objects.requireNonNull(framing);
        return this;
    }

    /**
     * The composed HTTP/2 machine every connection runs: the specification's by default. Tests
     * build servers with deliberately faulty variants to show that {@code grpcspec check} and the
     * model checker catch what they break.
     */
    public ServerBuilder machine(EndpointMachine m) {
        this.machine = java.util.Objects.requireNonNull(m);
        return this;
    }

    public Server build() {
        if (unixSocket != null && tls != null) throw new IllegalStateException("TLS over a unix domain socket is not supported");
        return new Server(this);
    }

    /**
     * LIM-5 never binds below the streams we announce (grpc-go's handler quota is its
     * MaxConcurrentStreams): a client that keeps to our SETTINGS_MAX_CONCURRENT_STREAMS is paused
     * only by calls that outlive their streams.
     */
    private Limits callsBound() {
        int bound = limits.maxCallsInProgress();
        if (bound == 0 || maxConcurrentStreams == StreamConfig.UNLIMITED) return limits;
        return limits.withMaxCallsInProgress((int) Math.max(bound, Math.min(maxConcurrentStreams, Integer.MAX_VALUE)));
    }

    /** The endpoint configuration every connection of this server starts with. */
    EndpointConfig endpointConfig(long handshakeNanos) {
        // Only values that differ from the RFC defaults end up in our SETTINGS frame; "unlimited"
        // concurrency stays the RFC default (not announced), as in grpc-go.
        Settings s = Settings.DEFAULT
                .with(new Setting(SettingId.INITIAL_WINDOW_SIZE, initialWindowSize))
                .with(new Setting(SettingId.MAX_FRAME_SIZE, maxFrameSize))
                .with(new Setting(SettingId.MAX_HEADER_LIST_SIZE, maxHeaderListSize));
        if (maxConcurrentStreams != StreamConfig.UNLIMITED) {
            s = s.with(new Setting(SettingId.MAX_CONCURRENT_STREAMS, maxConcurrentStreams));
        }
        ConnectionConfig conn = ConnectionConfig.defaults(Role.SERVER).withSettings(s)
                .withConnectionWindow(initialConnWindowSize).withHandshakeTimeout(Math.max(1, handshakeNanos));
        if (strictAnswers) conn = conn.withSettingsAckTimeout(STRICT_SETTINGS_ACK_TIMEOUT.toNanos());
        StreamConfig streams = StreamConfig.of(Role.SERVER).withMaxConcurrentStreams(maxConcurrentStreams)
                .withFlow(new FlowConfig(initialConnWindowSize, initialWindowSize))
                .withStrictAnswers(strictAnswers).withDataFraming(dataFraming);
        return new EndpointConfig(Role.SERVER, conn.withPrefaceTimeout(prefaceTimeoutNanos), streams, HeaderBlockAssembler.Limits.DEFAULT,
                PingerConfig.server(keepaliveTimeNanos, keepaliveTimeoutNanos),
                new EnforcementPolicy(permitKeepaliveTimeNanos, permitKeepaliveWithoutCalls),
                new ConnectionManagerConfig(maxConnectionIdleNanos, maxConnectionAgeNanos, maxConnectionAgeGraceNanos), callsBound());
    }
}
