package io.grpcspec.server;

import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.spec.limits.HandshakeSlots;
import io.grpcspec.traceability.Enforces;
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
 * <p>Threads, all bounded: the accept loop; per connection in handshake a virtual thread for TLS
 * (bounded by the handshake deadline and by the cap on connections in handshake, LIM-6, which
 * closes the oldest to admit a newcomer); per connection a reader and a writer (virtual); a
 * shared timer thread; and a pool of handler threads ({@link ServerBuilder#maxHandlerThreads}).
 */
public final class Server implements AutoCloseable {

    private final ServerBuilder options;
    private final ServiceRegistry registry;
    /** Null unless the builder asked for the health service. */
    private final HealthService health;
    private final Set<Http2Connection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor handlers;
    /** LIM-6: connections in handshake, oldest first; guarded by {@link #handshaking}'s monitor. */
    private HandshakeSlots slots;
    /** The accepted sockets of connections in handshake, by number: what closing the oldest closes. */
    private final java.util.Map<Long, AutoCloseable> handshaking = new java.util.HashMap<>();
    /** Accepted sockets not yet closed (in handshake or serving): the bound of {@link ServerBuilder#maxConnections}. */
    private final AtomicInteger live = new AtomicInteger();
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
        this.slots = HandshakeSlots.start(b.maxHandshaking);
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

    /** Calls in progress on all connections now, as their machines count them (LIM-5). */
    public int callsInProgress() {
        int n = 0;
        for (Http2Connection c : connections) n += c.endpoint().callsInProgress();
        return n;
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
            if (live.get() >= options.maxConnections) {
                // Every connection costs a reader thread (and a writer while it writes): refuse beyond the bound rather than grow.
                closeQuietly(s);
                continue;
            }
            live.incrementAndGet();
            long id = connectionCount.incrementAndGet();
            admit(id, s);
            // TLS may take long (up to the handshake deadline); the accept loop never waits for it.
            Thread.ofVirtual().name("grpcspec-handshake-" + id).start(() -> setUp(s, id));
        }
    }

    /** LIM-6: {@code socket} starts its handshake; when the cap is full, the connection that waited longest is closed. */
    private void admit(long id, AutoCloseable socket) {
        List<AutoCloseable> evicted = new ArrayList<>();
        synchronized (handshaking) {
            var step = slots.on(new HandshakeSlots.Accepted(id));
            slots = step.state();
            handshaking.put(id, socket);
            for (Action a : step.actions()) {
                switch ((HandshakeSlots.SlotAction) a) {
                    case HandshakeSlots.CloseOldest(long oldest) -> {
                        AutoCloseable victim = handshaking.remove(oldest);
                        if (victim != null) evicted.add(victim);
                    }
                }
            }
        }
        // Closing the socket ends its TLS handshake or its connection's reader; the rest follows.
        evicted.forEach(Server::closeQuietly);
    }

    /** LIM-6: connection {@code id} finished its handshake or closed: its slot is free. */
    private void handshakeDone(long id) {
        synchronized (handshaking) {
            slots = slots.on(new HandshakeSlots.Finished(id)).state();
            handshaking.remove(id);
        }
    }

    /** Connections in their handshake now (LIM-6). */
    public int connectionsInHandshake() {
        synchronized (handshaking) {
            return slots.waiting().size();
        }
    }

    /**
     * As {@link #acceptLoop} for a unix domain socket: no TLS, so the connection starts right on
     * the accept thread (starting only queues our SETTINGS, which starts its writer, and spawns its reader).
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
            if (live.get() >= options.maxConnections) {
                closeQuietly(s);
                continue;
            }
            live.incrementAndGet();
            long id = connectionCount.incrementAndGet();
            String name = "unix:" + options.unixSocket + "#" + id;
            FrameTrace trace = options.trace.apply(name);
            admit(id, s);
            try {
                EndpointConfig config = options.endpointConfig(options.handshakeTimeoutNanos);
                serve(Http2Connection.start(s, config, listenerFor(id, name, "unix", trace), timers, trace, name, options.machine));
            } catch (Exception | LinkageError e) {
                trace.note("connection set-up failed: " + e);
                closeQuietly(s);
                ended(id);
            }
        }
    }

    /** TLS (if any) under the handshake deadline, then the HTTP/2 connection with what remains of it. */
    private void setUp(Socket raw, long id) {
        long deadline = System.nanoTime() + options.handshakeTimeoutNanos;
        Socket socket = raw;
        InetSocketAddress peer = (InetSocketAddress) raw.getRemoteSocketAddress();
        String name = peer == null ? "closed#" + id : peer.getAddress().getHostAddress() + ":" + peer.getPort() + "#" + id;
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
                    ended(id);
                    return;
                }
                ssl.setSoTimeout(0);
                socket = ssl;
            }
            if (shuttingDown) {
                closeQuietly(socket);
                ended(id);
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new SocketTimeoutException("handshake deadline passed during TLS");
            EndpointConfig config = options.endpointConfig(left);
            ConnectionListener listener = listenerFor(id, name, peer.getAddress().getHostAddress(), trace);
            serve(Http2Connection.start(socket, socket == raw ? null : raw, config, listener, timers, trace, name, options.machine));
        } catch (Exception | LinkageError e) {
            // Whatever went wrong stays with this connection.
            trace.note("connection set-up failed: " + e);
            closeQuietly(socket);
            ended(id);
        }
    }

    /**
     * What hears connection {@code id}: the call dispatcher (or the builder's connection handler,
     * beside a listener that does the dispatcher's bookkeeping), after the observer's listener when
     * there is an observer.
     */
    private ConnectionListener listenerFor(long id, String name, String peerHost, FrameTrace trace) {
        ConnectionListener calls;
        if (options.connectionHandler != null) {
            ConnectionListener bookkeeping = new ConnectionListener() {
                @Override
                public void onReady(Http2Connection c) {
                    handshakeDone(id);
                }

                @Override
                public void onClosed(Http2Connection c, String reason) {
                    connections.remove(c);
                    ended(id);
                }
            };
            calls = ConnectionListener.both(options.connectionHandler.apply(name), bookkeeping);
        } else {
            calls = dispatcher(id, trace);
        }
        return options.observer == null ? calls : ConnectionListener.both(options.observer.connection(name, peerHost), calls);
    }

    /**
     * The layer above connection {@code id}: its handshake slot is freed when the peer's SETTINGS
     * arrive (LIM-6), and everything is released when the connection closes.
     */
    private CallDispatcher dispatcher(long id, FrameTrace trace) {
        return new CallDispatcher(registry, options, handlers, timers, trace, () -> handshakeDone(id), c -> {
            connections.remove(c);
            ended(id);
        });
    }

    private void serve(Http2Connection c) {
        connections.add(c);
        if (c.isClosed()) connections.remove(c);
        if (shuttingDown) c.shutdown(true);
    }

    /** Connection {@code id} is gone (closed, or never set up): its slot and its place under the connection bound are free. */
    private void ended(long id) {
        handshakeDone(id);
        live.decrementAndGet();
    }

    /**
     * Graceful stop (grpc-go GracefulStop): no new connections, a graceful GOAWAY on each, then
     * wait up to {@code grace} for their calls to finish; whatever is left is closed at once.
     * Returns true when everything finished within the grace.
     */
    @Enforces("HL-5")
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
