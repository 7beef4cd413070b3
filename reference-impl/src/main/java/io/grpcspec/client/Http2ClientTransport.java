package io.grpcspec.client;

import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.StreamReport;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.endpoint.StreamAdmission;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.stream.Closure;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.transport.Tls;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * {@link ClientTransport} over the spec-driven socket connection {@link Http2Connection}: TCP,
 * optional TLS (ALPN h2, TLS 1.2+, host name verification against the authority), then HTTP/2
 * exactly as the composed endpoint machine decides. The connection reports ready when the
 * machine emits {@code HandshakeComplete} (the server's SETTINGS arrived).
 */
final class Http2ClientTransport implements ClientTransport {

    /** The socket transport, the default of {@link DialOptions}. */
    static final TransportFactory FACTORY = Http2ClientTransport::connect;

    private static final AtomicInteger IDS = new AtomicInteger();

    private final Listener listener;
    private final String description;
    private volatile Http2Connection connection;
    /** Opened once {@link #connection} is set: a fast server's SETTINGS must not make us ready before that. */
    private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

    // Stream events may arrive before newStream has registered the stream's handler (the
    // connection delivers them on whichever thread releases its lock, even inside openStream):
    // they wait in `early` until the handler is known.
    private final Object streamsLock = new Object();
    private final Map<Integer, StreamHandler> handlers = new HashMap<>();
    private final Map<Integer, List<StreamReport>> early = new HashMap<>();
    private final java.util.Set<Integer> finished = new java.util.HashSet<>();
    /** Why the socket closed (null until it has), for messages; whether the connection takes streams is the machine's answer. */
    private String closeReason;

    private Http2ClientTransport(Listener listener, String description) {
        this.listener = listener;
        this.description = description;
    }

    static ClientTransport connect(SocketAddress address, String authority, DialOptions options, long timeoutNanos,
                                   ScheduledExecutorService scheduler, Listener listener) throws IOException {
        if (address instanceof UnixDomainSocketAddress u) return connectUnix(u, options, scheduler, listener);
        if (!(address instanceof InetSocketAddress inet)) throw new IOException("unsupported address type " + address);
        if (inet.isUnresolved()) inet = new InetSocketAddress(inet.getHostString(), inet.getPort());
        if (inet.isUnresolved()) throw new IOException("cannot resolve " + inet.getHostString());
        int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(inet, timeoutMs);
            if (options.tls() != null) socket = handshake(socket, options.tls(), authority, inet, timeoutMs);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        String name = "client-" + IDS.incrementAndGet();
        Http2ClientTransport t = new Http2ClientTransport(listener, name + " " + inet);
        try {
            t.connection = Http2Connection.start(socket, config(options), t.events(), scheduler, options.trace(), name);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        } finally {
            t.started.countDown();
        }
        return t;
    }

    /**
     * A unix domain socket (gRPC's {@code unix:} targets), reached as Java 17 allows: through a
     * blocking {@link SocketChannel}. Plaintext only (our server offers no TLS there either). A
     * local connect either succeeds or fails at once, so no connect timeout applies.
     */
    private static ClientTransport connectUnix(UnixDomainSocketAddress address, DialOptions options,
                                               ScheduledExecutorService scheduler, Listener listener) throws IOException {
        if (options.tls() != null) throw new IOException("unix domain socket " + address.getPath() + ": TLS over unix sockets is not supported");
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        String name = "client-" + IDS.incrementAndGet();
        Http2ClientTransport t = new Http2ClientTransport(listener, name + " unix:" + address.getPath());
        try {
            try {
                channel.connect(address);
            } catch (IOException e) {
                // The JDK's message ("No such file or directory", "Connection refused") names no path.
                throw new IOException("unix domain socket " + address.getPath() + ": " + e.getMessage(), e);
            }
            t.connection = Http2Connection.start(channel, config(options), t.events(), scheduler, options.trace(), name);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } finally {
            t.started.countDown();
        }
        return t;
    }

    /** The client endpoint's defaults with the channel's keepalive. */
    private static EndpointConfig config(DialOptions options) {
        EndpointConfig d = EndpointConfig.client();
        return new EndpointConfig(d.role(), d.connection(), d.streams(), d.headerBlockLimits(),
                options.keepalive(), d.enforcement(), d.connectionManagement());
    }

    private static Socket handshake(Socket tcp, SSLContext ctx, String authority, InetSocketAddress inet, int timeoutMs)
            throws IOException {
        String host = hostOf(authority);
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, host, inet.getPort(), true);
        SSLParameters p = Tls.h2Parameters(ctx, false);
        // Verify the certificate against the authority (RFC 9110 §4.3.4); SNI only for names, not IP literals.
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && host.indexOf(':') < 0) p.setServerNames(List.of(new SNIHostName(host)));
        ssl.setSSLParameters(p);
        ssl.setUseClientMode(true);
        ssl.setSoTimeout(timeoutMs);
        ssl.startHandshake();
        String bad = Tls.checkNegotiated(ssl);
        if (bad != null) {
            ssl.close();
            throw new IOException("TLS with " + authority + ": " + bad);
        }
        ssl.setSoTimeout(0);
        return ssl;
    }

    /** The host part of an authority ({@code host:port}, {@code [v6]:port}, or a bare host). */
    static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? authority.substring(1, close) : authority;
        }
        int colon = authority.lastIndexOf(':');
        return colon >= 0 && authority.indexOf(':') == colon ? authority.substring(0, colon) : authority;
    }

    // ---------------------------------------------------------------- ClientTransport

    @Override
    public Opened newStream(CallAction.OpenStream open, StreamHandler handler, long quotaWaitNanos) throws InterruptedException {
        long deadline = System.nanoTime() + quotaWaitNanos;
        synchronized (streamsLock) {
            // Opens are serialized by streamsLock, so the admission seen here still holds at openStream.
            while (true) {
                StreamAdmission admission = connection.endpoint().admission();
                if (admission == StreamAdmission.OPEN) break;
                if (admission == StreamAdmission.CLOSED) {
                    return new Opened(0, closeReason == null ? admission.reason() : "connection closed: " + closeReason);
                }
                // Only the peer's concurrency limit may lift on this connection; any other answer
                // (handshake not done, GOAWAY, draining, identifiers used up) sends the call elsewhere.
                if (!admission.mayLift()) return new Opened(0, "the connection takes no new streams: " + admission.reason());
                long left = deadline - System.nanoTime();
                if (left <= 0) return new Opened(0, admission.reason() + " and stayed so");
                TimeUnit.NANOSECONDS.timedWait(streamsLock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            Http2Connection.Outcome o = connection.request(0, open);
            if (!o.ok()) return new Opened(0, o.refused());
            if (o.streamId() == 0) return new Opened(0, "the connection takes no new streams (GOAWAY)");
            handlers.put(o.streamId(), handler);
            List<StreamReport> waiting = early.remove(o.streamId());
            if (waiting != null) waiting.forEach(handler::on);
            if (finished.remove(o.streamId())) handlers.remove(o.streamId());
            return new Opened(o.streamId(), null);
        }
    }

    @Override
    public boolean request(int streamId, CallAction.OnStream action) {
        if (action instanceof CallAction.OpenStream) throw new IllegalArgumentException("open streams with newStream");
        return connection.request(streamId, action).ok();
    }

    @Override
    public boolean awaitWritable(int streamId, long timeoutNanos, BooleanSupplier cancelled) throws InterruptedException {
        return connection.awaitWritable(streamId, timeoutNanos, cancelled);
    }

    @Override
    public void shutdown(boolean graceful) {
        Http2Connection c = connection;
        if (c != null) c.shutdown(graceful);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "Http2ClientTransport(" + description + ")";
    }

    // ---------------------------------------------------------------- connection events

    private void toStream(int streamId, StreamReport report) {
        StreamHandler h;
        synchronized (streamsLock) {
            h = handlers.get(streamId);
            if (h == null) {
                early.computeIfAbsent(streamId, k -> new ArrayList<>()).add(report);
                return;
            }
        }
        h.on(report);
    }

    private ConnectionListener events() {
        return new ConnectionListener() {
            @Override
            public void onReady(Http2Connection c) {
                try {
                    if (!started.await(5, TimeUnit.SECONDS)) return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (connection == null) return; // start failed
                listener.onReady(Http2ClientTransport.this);
            }

            @Override
            public void onHeaders(Http2Connection c, int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) {
                toStream(streamId, new StreamReport.Headers(fields, endStream, trailers));
            }

            @Override
            public void onData(Http2Connection c, int streamId, Bytes data, boolean endStream) {
                toStream(streamId, new StreamReport.Data(data, endStream));
            }

            @Override
            public void onPeerReset(Http2Connection c, int streamId, long errorCode) {
                toStream(streamId, new StreamReport.PeerReset(errorCode));
            }

            @Override
            public void onStreamClosed(Http2Connection c, int streamId, Closure how) {
                synchronized (streamsLock) {
                    if (handlers.remove(streamId) == null && early.containsKey(streamId)) finished.add(streamId);
                    streamsLock.notifyAll(); // a stream slot may be free
                }
            }

            @Override
            public void onGoAway(Http2Connection c, int lastStreamId, long errorCode, Bytes debugData) {
                listener.onGoAway(Http2ClientTransport.this, new GoAwayFrame(lastStreamId, errorCode, debugData), "GOAWAY " + ErrorCode.describe(errorCode) + " last-stream-id "
                        + lastStreamId + (debugData.length() == 0 ? "" : " \"" + debugData.ascii() + "\""));
            }

            @Override
            public void onStreamsNotProcessed(Http2Connection c, List<Integer> streamIds) {
                for (int id : streamIds) toStream(id, new StreamReport.NotProcessed("stream " + id + " not processed by the server (GOAWAY)"));
            }

            @Override
            public void onPeerViolation(Http2Connection c, Violation v) {
                // The machine already answered (GOAWAY or RST_STREAM); the trace has it.
            }

            @Override
            public void onClosed(Http2Connection c, String reason) {
                List<StreamHandler> open;
                synchronized (streamsLock) {
                    closeReason = reason;
                    streamsLock.notifyAll();
                    open = new ArrayList<>(handlers.values());
                    handlers.clear();
                    early.clear();
                }
                for (StreamHandler h : open) h.on(new StreamReport.ConnectionClosed(reason));
                listener.onClosed(Http2ClientTransport.this, reason);
            }
        };
    }
}
