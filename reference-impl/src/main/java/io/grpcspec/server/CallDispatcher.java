package io.grpcspec.server;

import io.grpcspec.rpc.Compression;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.spec.driver.CallDriver;
import io.grpcspec.spec.driver.StreamReport;
import io.grpcspec.spec.grpc.CallConfig;
import io.grpcspec.spec.stream.Closure;
import io.grpcspec.transport.ConnectionListener;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The server's layer above one connection: a {@link ServerStream} per client stream, created
 * when the stream's first header block arrives and dropped when the stream closes.
 */
final class CallDispatcher implements ConnectionListener {
    private final ServiceRegistry registry;
    private final ServerBuilder options;
    private final Executor handlers;
    private final ScheduledExecutorService timers;
    private final FrameTrace trace;
    private final Runnable onReady;
    private final Consumer<Http2Connection> onClosed;
    private final CallConfig callConfig;
    private final Map<Integer, ServerStream> streams = new ConcurrentHashMap<>();

    CallDispatcher(ServiceRegistry registry, ServerBuilder options, Executor handlers, ScheduledExecutorService timers,
                   FrameTrace trace, Runnable onReady, Consumer<Http2Connection> onClosed) {
        this.registry = registry;
        this.options = options;
        this.handlers = handlers;
        this.timers = timers;
        this.trace = trace;
        this.onReady = onReady;
        this.onClosed = onClosed;
        // As grpc-java's and grpc-go's servers: the receive limit set, no send limit, our codecs.
        this.callConfig = new CallConfig(options.maxReceiveMessageSize, Integer.MAX_VALUE, Compression.ENCODINGS);
    }

    /** The handshake is done (the client's SETTINGS arrived): the server frees its handshake slot (LIM-6). */
    @Override
    public void onReady(Http2Connection c) {
        onReady.run();
    }

    @Override
    public void onHeaders(Http2Connection c, int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) {
        StreamReport r = new StreamReport.Headers(fields, endStream, trailers);
        ServerStream s = streams.get(streamId);
        if (s == null) {
            if (!CallDriver.startsServerCall(r)) return; // the call is gone already
            s = new ServerStream(this, c, streamId);
            streams.put(streamId, s);
        }
        s.report(r);
    }

    @Override
    public void onData(Http2Connection c, int streamId, Bytes data, boolean endStream) {
        ServerStream s = streams.get(streamId);
        // Without a call the stream is closed: nothing to credit, its connection credit went back on arrival.
        if (s != null) s.report(new StreamReport.Data(data, endStream));
    }

    @Override
    public void onPeerReset(Http2Connection c, int streamId, long errorCode) {
        ServerStream s = streams.get(streamId);
        if (s != null) s.report(new StreamReport.PeerReset(errorCode));
    }

    @Override
    public void onStreamClosed(Http2Connection c, int streamId, Closure how) {
        ServerStream s = streams.remove(streamId);
        // After trailers or a reset the call is already closed and this is a no-op.
        if (s != null) {
            s.gone("stream closed (" + how.label() + ")");
        } else {
            // No call was made for the stream (its header block never reached us): LIM-5 must not wait for one.
            c.callFinished(streamId);
        }
    }

    @Override
    public void onClosed(Http2Connection c, String reason) {
        try {
            for (ServerStream s : List.copyOf(streams.values())) s.gone("connection closed: " + reason);
            streams.clear();
        } finally {
            onClosed.accept(c);
        }
    }

    ServiceRegistry registry() {
        return registry;
    }

    /**
     * Where the handler of a method of this shape runs: the pool, or, with
     * {@link ServerBuilder#directExecutor()} and a method with one response (unary, client
     * streaming), the thread that hands it its work.
     */
    Executor handlers(MethodType type) {
        return options.directExecutor && !type.serverStreams() ? Runnable::run : handlers;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    FrameTrace trace() {
        return trace;
    }

    CallConfig callConfig() {
        return callConfig;
    }

    /** The server's observer (the oracle), or null. */
    ServerObserver observer() {
        return options.observer;
    }

    /** The method's handler wrapped by the interceptors, the first registered outermost. */
    ServerMethods.Handler<Object, Object> intercepted(ServiceDefinition.MethodDefinition<Object, Object> m) {
        ServerMethods.Handler<Object, Object> h = m.handler();
        for (int i = options.interceptors.size() - 1; i >= 0; i--) h = options.interceptors.get(i).intercept(m.descriptor(), h);
        return h;
    }
}
