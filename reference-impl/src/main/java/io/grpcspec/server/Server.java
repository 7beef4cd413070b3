package io.grpcspec.server;

import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.transport.Tls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * The reference gRPC server: an accept loop, one {@link Http2Connection} per accepted socket
 * (after a TLS handshake when configured) with a {@link CallDispatcher} above it.
 *
 * <p>With {@link ServerBuilder#addHealthService()} and {@link ServerBuilder#addReflectionService()}
 * it also serves {@code grpc.health.v1.Health} ({@link HealthService}) and server reflection
 * ({@code grpc.reflection.v1} and {@code v1alpha}) next to the application's services.
 *
 * <p>Threads, all bounded: the accept loop; a small pool that runs TLS handshakes (each bounded
 * by the handshake deadline); per connection a reader and a writer; a shared timer thread; and
 * a pool of handler threads ({@link ServerBuilder#maxHandlerThreads}).
 */
public final class Server implements AutoCloseable {
    /** Connections whose TLS handshake may run at once; more wait in the kernel's backlog. */
    private static final int MAX_HANDSHAKING = 64;

    private final ServerBuilder options;
    private final ServiceRegistry registry;
    /** Null unless the builder asked for the health service. */
    private final HealthService health;
    private final Set<Http2Connection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor handshakes;
    private final ThreadPoolExecutor handlers;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger connectionCount = new AtomicInteger();
    private volatile ServerSocket listener;
    /** Instead of {@link #listener} when the builder named a unix domain socket path. */
    private volatile ServerSocketChannel unixListener;
    private volatile boolean shuttingDown;
    private Thread acceptThread;

    Server(ServerBuilder b) {
        this.options = b;
        List<ServiceDefinition> services = new ArrayList<>(b.services);
        this.health = b.health ? new HealthService(b.services.stream().map(ServiceDefinition::name).toList()) : null;
        if (health != null) services.add(health.definition());
        if (b.reflection) services.addAll(new ReflectionService(services).definitions());
        this.registry = new ServiceRegistry(services);
        this.timers = new ScheduledThreadPoolExecutor(1, daemon("grpcspec-timers"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.handshakes = new ThreadPoolExecutor(0, MAX_HANDSHAKING, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("grpcspec-handshake"));
        this.handlers = new ThreadPoolExecutor(0, b.maxHandlerThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("grpcspec-handler"));
    }

    /** Binds and starts accepting. */
    public Server start() throws IOException {
        if (options.unixSocket != null) return startUnix();
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(options.host, options.port), 128);
        listener = ss;
        acceptThread = new Thread(this::acceptLoop, "grpcspec-accept-" + ss.getLocalPort());
        acceptThread.setDaemon(true);
        acceptThread.start();
        return this;
    }

    private Server startUnix() throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(options.unixSocket), 128);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        unixListener = ch;
        acceptThread = new Thread(this::acceptUnixLoop, "grpcspec-accept-unix");
        acceptThread.setDaemon(true);
        acceptThread.start();
        return this;
    }

    /** The bound port (useful with port 0); -1 when listening on a unix domain socket. */
    public int port() {
        return listener == null ? -1 : listener.getLocalPort();
    }

    /** The bound TCP address, or null when listening on a unix domain socket. */
    public InetSocketAddress address() {
        return listener == null ? null : (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The unix domain socket path listened on, or null for TCP. */
    public java.nio.file.Path unixSocket() {
        return unixListener == null ? null : options.unixSocket;
    }

    public boolean isTls() {
        return options.tls != null;
    }

    public ServiceRegistry registry() {
        return registry;
    }

    /**
     * The health statuses this server reports through {@code grpc.health.v1.Health}.
     *
     * @throws IllegalStateException when the server was built without {@link ServerBuilder#addHealthService()}
     */
    public HealthService health() {
        if (health == null) throw new IllegalStateException("this server has no health service (ServerBuilder.addHealthService())");
        return health;
    }

    /** Connections open now. */
    public int openConnections() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!shuttingDown) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (shuttingDown || listener.isClosed()) return;
                // EMFILE and friends: back off a little rather than spin (grpc-go does the same).
                sleepQuietly(10);
                continue;
            }
            if (connections.size() + handshakes.getActiveCount() >= options.maxConnections) {
                // Every connection costs two threads: refuse beyond the bound rather than grow.
                closeQuietly(s);
                continue;
            }
            try {
                handshakes.execute(() -> setUp(s));
            } catch (RejectedExecutionException full) {
                closeQuietly(s);
            }
        }
    }

    /**
     * As {@link #acceptLoop} for a unix domain socket: no TLS, so the connection starts right on
     * the accept thread (starting only queues our SETTINGS and spawns its reader and writer).
     */
    private void acceptUnixLoop() {
        while (!shuttingDown) {
            SocketChannel s;
            try {
                s = unixListener.accept();
            } catch (IOException e) {
                if (shuttingDown || !unixListener.isOpen()) return;
                sleepQuietly(10);
                continue;
            }
            if (connections.size() >= options.maxConnections) {
                closeQuietly(s);
                continue;
            }
            String name = "unix:" + options.unixSocket + "#" + connectionCount.incrementAndGet();
            FrameTrace trace = options.trace.apply(name);
            try {
                EndpointConfig config = options.endpointConfig(options.handshakeTimeoutNanos);
                Http2Connection c = Http2Connection.start(s, config, listenerFor(name, "unix", trace), timers, trace, name);
                connections.add(c);
                if (c.isClosed()) connections.remove(c);
                if (shuttingDown) c.shutdown(true);
            } catch (Exception | LinkageError e) {
                trace.note("connection set-up failed: " + e);
                closeQuietly(s);
            }
        }
    }

    /** TLS (if any) under the handshake deadline, then the HTTP/2 connection with what remains of it. */
    private void setUp(Socket raw) {
        long deadline = System.nanoTime() + options.handshakeTimeoutNanos;
        Socket socket = raw;
        InetSocketAddress peer = (InetSocketAddress) raw.getRemoteSocketAddress();
        String name = peer.getAddress().getHostAddress() + ":" + peer.getPort() + "#" + connectionCount.incrementAndGet();
        FrameTrace trace = options.trace.apply(name);
        try {
            raw.setTcpNoDelay(true);
            if (options.tls != null) {
                SSLSocket ssl = (SSLSocket) options.tls.getSocketFactory().createSocket(raw, null, raw.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.setSSLParameters(Tls.h2Parameters(options.tls, true));
                ssl.setSoTimeout(timeoutMillis(deadline));
                ssl.startHandshake();
                String refused = Tls.checkNegotiated(ssl);
                if (refused != null) {
                    // RFC 9113 §3.2 / §9.2: no h2 over this TLS session; gRPC has no fallback.
                    trace.note("TLS refused: " + refused);
                    closeQuietly(ssl);
                    return;
                }
                ssl.setSoTimeout(0);
                socket = ssl;
            }
            if (shuttingDown) {
                closeQuietly(socket);
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new SocketTimeoutException("handshake deadline passed during TLS");
            EndpointConfig config = options.endpointConfig(left);
            ConnectionListener listener = listenerFor(name, peer.getAddress().getHostAddress(), trace);
            Http2Connection c = Http2Connection.start(socket, socket == raw ? null : raw, config, listener, timers, trace, name,
                    Http2Connection.DEFAULT_PENDING_BOUND);
            connections.add(c);
            if (c.isClosed()) connections.remove(c);
            if (shuttingDown) c.shutdown(true);
        } catch (Exception | LinkageError e) {
            // Whatever went wrong stays with this connection.
            trace.note("connection set-up failed: " + e);
            closeQuietly(socket);
        }
    }

    /**
     * What hears a new connection: the call dispatcher (or the builder's connection handler, with
     * a listener that drops the connection from the server's set when it closes), after the
     * observer's listener when there is an observer.
     */
    private ConnectionListener listenerFor(String name, String peerHost, FrameTrace trace) {
        ConnectionListener calls;
        if (options.connectionHandler != null) {
            ConnectionListener forget = new ConnectionListener() {
                @Override
                public void onClosed(Http2Connection c, String reason) {
                    connections.remove(c);
                }
            };
            calls = ConnectionListener.both(options.connectionHandler.apply(name), forget);
        } else {
            calls = new CallDispatcher(registry, options, handlers, timers, trace, connections::remove);
        }
        return options.observer == null ? calls : ConnectionListener.both(options.observer.connection(name, peerHost), calls);
    }

    /**
     * Graceful stop (grpc-go GracefulStop): no new connections, a graceful GOAWAY on each, then
     * wait up to {@code grace} for their calls to finish; whatever is left is closed at once.
     * Returns true when everything finished within the grace.
     */
    public boolean shutdown(long grace, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(grace);
        // HL-5: health says NOT_SERVING before the GOAWAYs, so watchers hear it while draining.
        if (health != null) health.gracefulStop();
        stopAccepting();
        for (Http2Connection c : List.copyOf(connections)) c.shutdown(true);
        boolean clean = awaitConnections(deadline);
        if (!clean) shutdownNow();
        finish();
        return clean;
    }

    /** Immediate stop (grpc-go Stop): GOAWAY and close every connection now; calls fail. */
    public void shutdownNow() {
        stopAccepting();
        for (Http2Connection c : List.copyOf(connections)) c.shutdown(false);
        try {
            if (!awaitConnections(System.nanoTime() + TimeUnit.SECONDS.toNanos(2))) {
                for (Http2Connection c : List.copyOf(connections)) c.abort("server stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Http2Connection c : List.copyOf(connections)) c.abort("server stopped");
        }
        finish();
    }

    @Override
    public void close() {
        shutdownNow();
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    private boolean awaitConnections(long deadline) throws InterruptedException {
        while (!connections.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 20));
        }
        return true;
    }

    private void stopAccepting() {
        shuttingDown = true;
        ServerSocket l = listener;
        if (l != null) closeQuietly(l);
        ServerSocketChannel u = unixListener;
        if (u != null) {
            closeQuietly(u);
            // Closing does not unlink the path; a later bind to it would fail with "address in use".
            try {
                java.nio.file.Files.deleteIfExists(options.unixSocket);
            } catch (IOException ignored) {
                // left behind; harmless for us
            }
        }
    }

    private void finish() {
        if (stopped.getCount() == 0) return;
        handshakes.shutdownNow();
        handlers.shutdown();
        timers.shutdown();
        try {
            if (acceptThread != null) acceptThread.join(2000);
            handlers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.shutdownNow();
        timers.shutdownNow();
        stopped.countDown();
    }

    private static int timeoutMillis(long deadlineNanos) throws SocketTimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (ms <= 0) throw new SocketTimeoutException("handshake deadline passed");
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closing
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
