package io.grpcspec.server;

import io.grpcspec.rpc.CallContext;
import io.grpcspec.rpc.Compression;
import io.grpcspec.rpc.MetadataValues;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.StreamObserver;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.grpc.CallActions;
import io.grpcspec.spec.grpc.GrpcMessage;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.RequestHeaders;
import io.grpcspec.spec.grpc.ServerCall;
import io.grpcspec.spec.grpc.ServerCallEvent;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call on one stream: the {@link ServerCall} machine decides everything about the call
 * (validation, deframing, headers, trailers, status); this class feeds it the stream's events
 * and the application's requests, performs its Send* actions on the connection and runs the
 * application's handler on the call's {@link SerialExecutor}.
 *
 * <p>Locking: the call machine is stepped under this object's monitor and its actions are
 * performed there too, so frames leave in the machine's order. Nothing blocks under the
 * monitor; back-pressure waits happen before taking it.
 */
final class ServerStream implements CallContext {
    /**
     * Request bytes the handler may have waiting (delivered, not yet processed) before we stop
     * returning flow-control credit: a slow handler then slows the client down instead of
     * letting its messages pile up in memory.
     */
    static final int MAX_BACKLOG_BYTES = 1 << 20;

    /** How long a response message may wait for flow-control room before the call is cancelled. */
    private static final long WRITE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final CallDispatcher dispatcher;
    private final Http2Connection conn;
    private final int streamId;
    private final SerialExecutor serial;

    // guarded by this
    private ServerCall call;
    private final List<Runnable> cancelListeners = new ArrayList<>();
    private ScheduledFuture<?> deadlineTimer;
    private Metadata responseHeaders = Metadata.EMPTY;
    private Metadata trailers = Metadata.EMPTY;
    private boolean headersSent;
    private Compression responseCompression;
    private boolean messageCompression = true;
    private boolean finishing;

    private volatile boolean done;
    private volatile boolean cancelled;
    private volatile boolean lastRequestCompressed;
    private volatile RequestHeaders request;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile ServiceDefinition.MethodDefinition<Object, Object> method;
    private volatile ServerMethods.Handler<Object, Object> handler;

    // flow-control credit (guarded by creditLock)
    private final Object creditLock = new Object();
    private long backlogBytes;
    private int owedCredit;

    // touched only on the serial executor
    private Object unaryRequest;
    private int requests;
    private StreamObserver<Object> requestObserver;

    ServerStream(CallDispatcher dispatcher, Http2Connection conn, int streamId) {
        this.dispatcher = dispatcher;
        this.conn = conn;
        this.streamId = streamId;
        this.serial = new SerialExecutor(dispatcher.handlers(), this::handlerFailed);
        this.call = ServerCall.start(streamId, dispatcher.callConfig());
    }

    // ------------------------------------------------------------------ from the connection

    void headers(List<HeaderField> fields, boolean endStream) {
        step(new ServerCallEvent.HeadersReceived(fields, endStream));
    }

    void data(Bytes data, boolean endStream) {
        step(new ServerCallEvent.DataReceived(data, endStream));
        int credit;
        synchronized (creditLock) {
            owedCredit += data.length();
            credit = backlogBytes <= MAX_BACKLOG_BYTES ? takeCredit() : 0;
        }
        if (credit > 0) conn.consumed(streamId, credit);
    }

    private int takeCredit() {
        int c = owedCredit;
        owedCredit = 0;
        return c;
    }

    /** A delivered message of {@code size} bytes was processed; owed credit goes back once the backlog is small. */
    private void processed(int size) {
        int credit;
        synchronized (creditLock) {
            backlogBytes -= size;
            credit = backlogBytes <= MAX_BACKLOG_BYTES ? takeCredit() : 0;
        }
        if (credit > 0) conn.consumed(streamId, credit);
    }

    void peerReset(long code) {
        step(new ServerCallEvent.RstStreamReceived(code));
    }

    /** The stream closed under the call (a stream error the endpoint answered, or the connection went). */
    void gone(String why) {
        step(new ServerCallEvent.ResetSent(ErrorCode.CANCEL, why));
    }

    // ------------------------------------------------------------------ stepping

    /** Steps the events in order, performing each step's actions before the next. */
    private void step(ServerCallEvent... events) {
        List<Runnable> after = new ArrayList<>();
        conn.deferDeliveries(() -> {
            synchronized (this) {
                ArrayDeque<ServerCallEvent> queue = new ArrayDeque<>(List.of(events));
                while (!queue.isEmpty()) {
                    ServerCallEvent e = queue.poll();
                    Step<ServerCall> s = ServerCall.on(call, e);
                    if (s instanceof Step.Violated<ServerCall> v) {
                        // The client's request broke a stream rule: reset the stream, end the call.
                        dispatcher.trace().note("stream " + streamId + ": " + v.violation());
                        conn.resetStream(streamId, v.violation().code());
                        s = ServerCall.on(call, new ServerCallEvent.ResetSent(v.violation().code(), v.violation().detail()));
                        if (s.isViolation()) return;
                    }
                    call = s.state();
                    for (Action a : s.actions()) perform(a, queue, after);
                }
            }
        });
        for (Runnable r : after) r.run();
    }

    private void perform(Action a, ArrayDeque<ServerCallEvent> queue, List<Runnable> after) {
        if (a instanceof CallActions.SendHeaders h) {
            if (!h.endStream()) headersSent = true;
            conn.sendHeaders(streamId, h.fields(), h.endStream());
        } else if (a instanceof CallActions.SendTrailers t) {
            conn.sendHeaders(streamId, t.fields(), true);
        } else if (a instanceof CallActions.SendMessage m) {
            conn.sendData(streamId, m.framed(), m.endStream());
        } else if (a instanceof CallActions.SendRstStream r) {
            conn.resetStream(streamId, r.code());
        } else if (a instanceof CallActions.DeliverRequest r) {
            start(r.request(), queue);
        } else if (a instanceof CallActions.DeliverMessage m) {
            int size = m.message().payload().length();
            synchronized (creditLock) {
                backlogBytes += size;
            }
            runSerially(() -> {
                try {
                    onMessage(m.message());
                } finally {
                    processed(size);
                }
            });
        } else if (a instanceof CallActions.DeliverHalfClose) {
            runSerially(this::onHalfClose);
        } else if (a instanceof CallActions.Complete c) {
            complete(c.status(), after);
        } else if (a instanceof Actions.ArmTimer t) {
            if (deadlineTimer != null) deadlineTimer.cancel(false);
            try {
                deadlineTimer = dispatcher.timers().schedule(
                        () -> step(new ServerCallEvent.DeadlineExpired(System.nanoTime())), t.delayNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                deadlineTimer = null;
            }
        } else if (a instanceof Actions.CancelTimer) {
            if (deadlineTimer != null) deadlineTimer.cancel(false);
            deadlineTimer = null;
        } else if (a instanceof CallActions.PeerFault f) {
            dispatcher.trace().note("stream " + streamId + " peer fault " + f.rule().id() + ": " + f.detail());
        } else if (a instanceof CallActions.Refused r) {
            dispatcher.trace().note("stream " + streamId + " call refused a request: " + r.reason());
        } else {
            dispatcher.trace().note("stream " + streamId + " unhandled call action " + a);
        }
    }

    /** A valid request arrived: find the method, arm the deadline bookkeeping, start streaming handlers. */
    @SuppressWarnings("unchecked")
    private void start(RequestHeaders req, ArrayDeque<ServerCallEvent> queue) {
        request = req;
        if (req.timeoutNanos().isPresent()) deadlineNanos = System.nanoTime() + req.timeoutNanos().getAsLong();
        ServiceRegistry.Lookup found = dispatcher.registry().lookup(req.service(), req.method());
        if (found instanceof ServiceRegistry.Missing m) {
            finishing = true;
            queue.add(new ServerCallEvent.FinishCall(Status.of(StatusCode.UNIMPLEMENTED, m.message()), Metadata.EMPTY));
            return;
        }
        method = (ServiceDefinition.MethodDefinition<Object, Object>) ((ServiceRegistry.Found) found).method();
        handler = dispatcher.intercepted(method);
        if (method.descriptor().type().clientStreams()) {
            runSerially(this::invokeStreaming);
        }
    }

    private void complete(Status status, List<Runnable> after) {
        done = true;
        if (deadlineTimer != null) deadlineTimer.cancel(false);
        deadlineTimer = null;
        if (finishing) return;
        // The call ended without the application finishing it: cancelled, deadline, reset, connection gone.
        cancelled = true;
        List<Runnable> listeners = List.copyOf(cancelListeners);
        cancelListeners.clear();
        after.addAll(listeners);
        StatusException why = new StatusException(status);
        try {
            serial.execute(() -> {
                if (requestObserver != null) requestObserver.onError(why);
            });
        } catch (RejectedExecutionException busy) {
            // no thread to tell the handler; it sees isCancelled()
        }
    }

    private void runSerially(Runnable r) {
        try {
            serial.execute(r);
        } catch (RejectedExecutionException busy) {
            finish(Status.of(StatusCode.RESOURCE_EXHAUSTED, "server busy: no handler thread available"), Metadata.EMPTY);
        }
    }

    // ------------------------------------------------------------------ application side (serial executor)

    private void invokeStreaming() {
        StreamObserver<Object> responses = responseObserver();
        if (handler instanceof ServerMethods.ClientStreaming<Object, Object> cs) {
            requestObserver = cs.invoke(responses, this);
        } else {
            requestObserver = ((ServerMethods.BidiStreaming<Object, Object>) handler).invoke(responses, this);
        }
        if (requestObserver == null) finish(Status.of(StatusCode.INTERNAL, "handler returned no request observer"), Metadata.EMPTY);
    }

    private void onMessage(GrpcMessage m) {
        if (done || method == null) return;
        byte[] raw = m.payload().toByteArray();
        if (m.compressed()) {
            Compression c = Compression.byName(request.encoding());
            if (c == null) {
                finish(Status.of(StatusCode.INTERNAL, "compressed message with unsupported grpc-encoding " + request.encoding()), Metadata.EMPTY);
                return;
            }
            try {
                raw = c.decompress(raw, dispatcher.maxReceiveMessageSize());
            } catch (Compression.MessageTooLargeException e) {
                finish(Status.of(StatusCode.RESOURCE_EXHAUSTED, e.getMessage()), Metadata.EMPTY);
                return;
            } catch (IllegalArgumentException e) {
                finish(Status.of(StatusCode.INTERNAL, e.getMessage()), Metadata.EMPTY);
                return;
            }
        }
        lastRequestCompressed = m.compressed();
        Object req;
        try {
            req = method.descriptor().requestMarshaller().fromBytes(raw);
        } catch (IllegalArgumentException e) {
            finish(Status.of(StatusCode.INTERNAL, "failed to parse request: " + e.getMessage()), Metadata.EMPTY);
            return;
        }
        if (method.descriptor().type().clientStreams()) {
            if (requestObserver != null) requestObserver.onNext(req);
        } else if (++requests > 1) {
            finish(Status.of(StatusCode.INTERNAL, "too many requests for a " + method.descriptor().type() + " method"), Metadata.EMPTY);
        } else {
            unaryRequest = req;
        }
    }

    private void onHalfClose() {
        if (done || method == null) return;
        MethodType type = method.descriptor().type();
        if (type.clientStreams()) {
            if (requestObserver != null) requestObserver.onCompleted();
            return;
        }
        if (unaryRequest == null) {
            finish(Status.of(StatusCode.INTERNAL, "half-closed without a request"), Metadata.EMPTY);
            return;
        }
        try {
            if (handler instanceof ServerMethods.Unary<Object, Object> u) {
                Object response = u.invoke(unaryRequest, this);
                if (response == null) {
                    finish(Status.of(StatusCode.INTERNAL, "handler returned no response"), Metadata.EMPTY);
                    return;
                }
                sendResponse(response);
                finish(Status.OK, Metadata.EMPTY);
            } else {
                ((ServerMethods.ServerStreaming<Object, Object>) handler).invoke(unaryRequest, responseObserver(), this);
            }
        } catch (StatusException e) {
            finish(e.status(), e.trailers());
        }
    }

    private void handlerFailed(Throwable t) {
        dispatcher.trace().note("stream " + streamId + " handler failed: " + t);
        finish(statusOf(t), trailersOf(t));
    }

    private StreamObserver<Object> responseObserver() {
        return new StreamObserver<>() {
            @Override
            public void onNext(Object value) {
                sendResponse(value);
            }

            @Override
            public void onError(Throwable error) {
                finish(statusOf(error), trailersOf(error));
            }

            @Override
            public void onCompleted() {
                finish(Status.OK, Metadata.EMPTY);
            }
        };
    }

    private void sendResponse(Object value) {
        if (done) return;
        byte[] bytes = method.descriptor().responseMarshaller().toBytes(value);
        Compression codec;
        boolean compress;
        synchronized (this) {
            codec = responseCompression;
            compress = codec != null && codec != Compression.IDENTITY && messageCompression;
        }
        GrpcMessage message = compress ? new GrpcMessage(Bytes.of(codec.compress(bytes)), true) : GrpcMessage.of(Bytes.of(bytes));
        try {
            if (!conn.awaitWritable(streamId, WRITE_WAIT_NANOS, () -> done) && !done) {
                // The peer stopped reading: give up on the call rather than buffer without bound.
                conn.resetStream(streamId, ErrorCode.CANCEL);
                gone("response not writable for " + TimeUnit.NANOSECONDS.toSeconds(WRITE_WAIT_NANOS) + " s");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ServerCallEvent headers;
        synchronized (this) {
            headers = headersSent ? null : new ServerCallEvent.SendResponseHeaders(responseHeaders,
                    codec == null || codec == Compression.IDENTITY ? null : codec.headerName());
        }
        ServerCallEvent msg = new ServerCallEvent.SendResponseMessage(message);
        if (headers == null) step(msg);
        else step(headers, msg);
    }

    /** Ends the call once; trailers carry the context's trailers (and its headers when none were sent). */
    private void finish(Status status, Metadata extra) {
        Metadata t;
        synchronized (this) {
            if (finishing || done) return;
            finishing = true;
            t = MetadataValues.concat(trailers, extra);
            // A trailers-only response has no header block of its own: its metadata goes along.
            if (!headersSent) t = MetadataValues.concat(responseHeaders, t);
        }
        step(new ServerCallEvent.FinishCall(status, t));
    }

    private static Status statusOf(Throwable t) {
        if (t instanceof StatusException se) return se.status();
        return Status.of(StatusCode.UNKNOWN, "application error: " + t);
    }

    private static Metadata trailersOf(Throwable t) {
        return t instanceof StatusException se ? se.trailers() : Metadata.EMPTY;
    }

    // ------------------------------------------------------------------ CallContext

    @Override
    public MethodDescriptor<?, ?> method() {
        return method == null ? null : method.descriptor();
    }

    @Override
    public Metadata requestMetadata() {
        RequestHeaders r = request;
        return r == null ? Metadata.EMPTY : r.metadata();
    }

    @Override
    public long remainingNanos() {
        long d = deadlineNanos;
        return d == Long.MAX_VALUE ? Long.MAX_VALUE : d - System.nanoTime();
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable listener) {
        synchronized (this) {
            if (!cancelled) {
                cancelListeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    @Override
    public boolean lastRequestCompressed() {
        return lastRequestCompressed;
    }

    @Override
    public synchronized void addResponseHeaders(Metadata headers) {
        if (headersSent) throw new IllegalStateException("response headers already sent");
        responseHeaders = MetadataValues.concat(responseHeaders, headers);
    }

    @Override
    public synchronized void addTrailers(Metadata more) {
        trailers = MetadataValues.concat(trailers, more);
    }

    /**
     * Takes effect only when the client listed the codec in {@code grpc-accept-encoding}
     * (compression.md: a server must not compress with an encoding the client cannot decode);
     * otherwise responses stay uncompressed, as grpc-java does.
     */
    @Override
    public synchronized void setResponseCompression(Compression compression) {
        if (headersSent) return; // too late to declare an encoding; messages stay uncompressed
        RequestHeaders r = request;
        boolean accepted = compression == null || compression == Compression.IDENTITY
                || (r != null && Compression.parseAccept(r.acceptEncoding()).contains(compression));
        if (accepted) responseCompression = compression;
    }

    @Override
    public synchronized void setMessageCompression(boolean enabled) {
        messageCompression = enabled;
    }

    @Override
    public SocketAddress peer() {
        return conn.remoteAddress();
    }

    int streamId() {
        return streamId;
    }
}
