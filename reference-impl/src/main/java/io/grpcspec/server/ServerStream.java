package io.grpcspec.server;

import io.grpcspec.rpc.CallContext;
import io.grpcspec.rpc.Compression;
import io.grpcspec.rpc.MessageCodec;
import io.grpcspec.rpc.MetadataValues;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.rpc.StreamObserver;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.Violation;
import io.grpcspec.spec.driver.CallDriver;
import io.grpcspec.spec.driver.StreamReport;
import io.grpcspec.spec.grpc.CallAction;
import io.grpcspec.spec.grpc.CallAction.ArmDeadline;
import io.grpcspec.spec.grpc.CallAction.CancelDeadline;
import io.grpcspec.spec.grpc.CallAction.Complete;
import io.grpcspec.spec.grpc.CallAction.DeliverCancel;
import io.grpcspec.spec.grpc.CallAction.DeliverHalfClose;
import io.grpcspec.spec.grpc.CallAction.DeliverMessage;
import io.grpcspec.spec.grpc.CallAction.DeliverRequest;
import io.grpcspec.spec.grpc.CallAction.PeerFault;
import io.grpcspec.spec.grpc.CallAction.Refused;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.RequestHeaders;
import io.grpcspec.spec.grpc.ServerCall;
import io.grpcspec.spec.grpc.ServerCallEvent;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.spec.grpc.Unreadable;
import io.grpcspec.transport.Http2Connection;
import io.grpcspec.transport.SerialExecutor;
import io.grpcspec.wire.Bytes;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call on one stream: the {@link ServerCall} machine decides everything about the call
 * (validation, deframing, the request's shape, response compression, limits, credit, headers,
 * trailers, status); this class feeds it the stream's reports, the method lookup and the
 * application's requests, performs its {@link CallAction.Server} actions on the connection
 * (stream actions and the answer to a violation through {@link CallDriver}, the translation the
 * model checker runs too), runs the codec and the marshaller ({@link MessageCodec}), and runs
 * the application's handler on the call's {@link SerialExecutor}, one delivered message at a
 * time: on a borrowed handler thread, or, with {@link ServerBuilder#directExecutor()} and a
 * method with one response, on the thread that delivered the work (the connection's reader).
 *
 * <p>Locking: the call machine is stepped under this object's monitor, and its local actions
 * (timers, lookups, queueing application work) are performed there. Its requests of the
 * connection, which take the connection's lock, are queued there on a calling-thread
 * {@link SerialExecutor} and made after the monitor is released, in the machine's order, by
 * whichever stepping thread finds that queue free; so the monitor is held only for the step
 * itself, never while waiting for the connection. Then the application work the step queued is
 * handed to its executor, still outside the monitor. Back-pressure waits happen before taking it.
 * The machine's state is also published
 * through a volatile field: the application's questions (cancelled? time left? headers sent?)
 * are answered from it.
 */
final class ServerStream implements CallContext {

    /** How long a response message may wait for flow-control credit before the call is given up (RPC-40). */
    static final long WRITE_STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final CallDispatcher dispatcher;
    private final Http2Connection conn;
    private final int streamId;
    /**
     * The application's work for the call, one task at a time: made when the method is found,
     * on the executor {@link CallDispatcher#handlers} names for its shape; null before that.
     */
    private volatile SerialExecutor serial;
    /**
     * The machine's requests of the connection, queued under this monitor in the machine's order
     * and run, in that order, by whichever stepping thread finds the queue free once it has left
     * the monitor (the others leave their requests to it and go on).
     */
    private final SerialExecutor outbound;

    /** The machine: stepped under this monitor, read anywhere. */
    private volatile ServerCall call;

    // guarded by this
    private final List<Runnable> cancelListeners = new ArrayList<>();
    private ScheduledFuture<?> deadlineTimer;
    private Metadata responseHeaders = Metadata.EMPTY;
    private Metadata trailers = Metadata.EMPTY;
    private Compression responseCompression;
    private boolean messageCompression = true;
    /** Application work was queued on {@link #serial} during the step under way: hand it off after. */
    private boolean handOff;

    private volatile boolean cancelled;
    /** The connection has been told the call is finished (LIM-5); told once. */
    private final java.util.concurrent.atomic.AtomicBoolean finishedReported = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean lastRequestCompressed;
    private volatile RequestHeaders request;
    private volatile ServiceDefinition.MethodDefinition<Object, Object> method;
    private volatile ServerMethods.Handler<Object, Object> handler;

    // touched only on the serial executor
    private Object unaryRequest;
    private StreamObserver<Object> requestObserver;

    ServerStream(CallDispatcher dispatcher, Http2Connection conn, int streamId) {
        this.dispatcher = dispatcher;
        this.conn = conn;
        this.streamId = streamId;
        this.outbound = SerialExecutor.onCallingThread(this::requestFailed);
        this.call = ServerCall.start(streamId, dispatcher.callConfig());
    }

    // ------------------------------------------------------------------ from the connection

    /** What the connection reports about the call's stream, as {@link CallDriver#toServer} translates it. */
    void report(StreamReport r) {
        ServerCallEvent e = CallDriver.toServer(r, System.nanoTime());
        if (e != null) step(e);
    }

    /** The stream closed under the call (a stream error the endpoint answered, or the connection went). */
    void gone(String why) {
        report(new StreamReport.StreamClosed(why));
    }

    // ------------------------------------------------------------------ stepping

    /**
     * Steps {@code first} and the events its actions produce, in order. The machine is stepped
     * under this object's monitor; what it asks of the connection is queued on {@link #outbound}
     * there, in the machine's order, and performed after the monitor is released, so a thread
     * waiting for the connection's lock never holds up another thread stepping this call.
     */
    private void step(ServerCallEvent first) {
        List<Runnable> after = new ArrayList<>();
        boolean work;
        synchronized (this) {
            ArrayDeque<ServerCallEvent> queue = new ArrayDeque<>();
            queue.add(first);
            while (!queue.isEmpty()) {
                ServerCallEvent e = queue.poll();
                switch (ServerCall.on(call, e)) {
                    case Step.Violated<ServerCall>(Violation v) -> {
                        // The client's request broke a stream rule: reset the stream, end the call.
                        dispatcher.trace().note("stream " + streamId + ": " + v);
                        observe(o -> o.callViolation(conn, streamId, v));
                        CallAction.OnStream reset = CallDriver.reset(v);
                        outbound.add(() -> conn.request(streamId, reset));
                        queue.add(CallDriver.serverResetSent(v));
                    }
                    case Step.Next<ServerCall>(ServerCall next, List<Action> actions) -> {
                        call = next;
                        for (Action a : actions) perform((CallAction.Server) a, queue, after);
                    }
                }
            }
            work = handOff;
            handOff = false;
        }
        // Deliveries the connection produces meanwhile run once this call's requests are made.
        conn.deferDeliveries(outbound::runPending);
        if (work) handOff();
        for (Runnable r : after) r.run();
        maybeFinished();
    }

    /**
     * Hands the application work the step queued to its executor, outside the monitor: a pool
     * thread takes it, or (direct executor) this thread runs it now, after the step's requests
     * of the connection were made. A pool with no thread to spare is the machine's business (a
     * call that has ended meanwhile ignores it).
     */
    private void handOff() {
        try {
            serial.runPending();
        } catch (RejectedExecutionException busy) {
            step(new ServerCallEvent.HandlerUnavailable("server busy: no handler thread available"));
        }
    }

    /**
     * {@code LimitsRules.LIM_5}: the call counts as in progress on its connection until the
     * machine closed it and no application work of it is queued or running; then the connection
     * hears it once, and reading resumes if the call was holding it back.
     */
    private void maybeFinished() {
        SerialExecutor app = serial;
        if (call.phase() == ServerCall.Phase.CLOSED && (app == null || app.idle()) && outbound.idle()
                && finishedReported.compareAndSet(false, true)) {
            conn.callFinished(streamId);
        }
    }

    private void perform(CallAction.Server a, ArrayDeque<ServerCallEvent> queue, List<Runnable> after) {
        switch (a) {
            case CallAction.OnStream onStream -> outbound.add(() -> conn.request(streamId, onStream));
            case ArmDeadline(long delayNanos) -> armDeadline(delayNanos);
            case CancelDeadline() -> {
                if (deadlineTimer != null) deadlineTimer.cancel(false);
                deadlineTimer = null;
            }
            case DeliverRequest(RequestHeaders req) -> resolve(req, queue);
            case DeliverMessage d -> runSerially(() -> onMessage(d));
            case DeliverHalfClose() -> runSerially(this::onHalfClose);
            case DeliverCancel(Status status) -> cancelled(status, after);
            case Complete c -> {
                if (deadlineTimer != null) deadlineTimer.cancel(false);
                deadlineTimer = null;
            }
            case PeerFault(Rule rule, String detail) -> {
                dispatcher.trace().note("stream " + streamId + " peer fault " + rule.id() + ": " + detail);
                observe(o -> o.callFault(conn, streamId, rule, detail));
            }
            case Refused(String reason) -> dispatcher.trace().note("stream " + streamId + " call refused a request: " + reason);
        }
    }

    /** A valid request arrived: look the method up and tell the machine what was found. */
    @SuppressWarnings("unchecked")
    private void resolve(RequestHeaders req, ArrayDeque<ServerCallEvent> queue) {
        request = req;
        switch (dispatcher.registry().lookup(req.service(), req.method())) {
            case ServiceRegistry.Missing m -> queue.add(new ServerCallEvent.MethodUnknown(m.message()));
            case ServiceRegistry.Found f -> {
                method = (ServiceDefinition.MethodDefinition<Object, Object>) f.method();
                handler = dispatcher.intercepted(method);
                serial = SerialExecutor.onPool(dispatcher.handlers(method.descriptor().type()), this::handlerFailed, this::maybeFinished);
                boolean streaming = method.descriptor().type().clientStreams();
                observe(o -> o.callShape(conn, streamId, !streaming));
                queue.add(new ServerCallEvent.MethodResolved(streaming));
                if (streaming) runSerially(this::invokeStreaming);
                // The handler takes messages as fast as it processes them: the machine hands over one at a time.
                queue.add(new ServerCallEvent.RequestMessages(Long.MAX_VALUE));
            }
        }
    }

    /** The call ended without the application finishing it: tell the handler. */
    private void cancelled(Status status, List<Runnable> after) {
        cancelled = true;
        after.addAll(List.copyOf(cancelListeners));
        cancelListeners.clear();
        StatusException why = new StatusException(status);
        // With no thread to tell the handler (the pool is full) it still sees isCancelled().
        if (serial != null) runSerially(() -> {
            if (requestObserver != null) requestObserver.onError(why);
        });
    }

    private void armDeadline(long delayNanos) {
        if (deadlineTimer != null) deadlineTimer.cancel(false);
        try {
            deadlineTimer = dispatcher.timers().schedule(
                    () -> step(new ServerCallEvent.DeadlineExpired(System.nanoTime())), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            deadlineTimer = null;
        }
    }

    /** Queues application work under the monitor; {@link #handOff} starts it once the step is over. */
    private void runSerially(Runnable r) {
        serial.add(r);
        handOff = true;
    }

    /** Tells the server's observer, if any; its failure stays with it. */
    private void observe(java.util.function.Consumer<ServerObserver> report) {
        ServerObserver o = dispatcher.observer();
        if (o == null) return;
        try {
            report.accept(o);
        } catch (RuntimeException e) {
            dispatcher.trace().note("observer failed: " + e);
        }
    }

    // ------------------------------------------------------------------ application side (serial executor)

    private void invokeStreaming() {
        StreamObserver<Object> responses = responseObserver();
        requestObserver = switch (handler) {
            case ServerMethods.ClientStreaming<Object, Object> cs -> cs.invoke(responses, this);
            case ServerMethods.BidiStreaming<Object, Object> bidi -> bidi.invoke(responses, this);
            case ServerMethods.Unary<Object, Object> u -> throw new IllegalStateException("a unary handler takes no request stream");
            case ServerMethods.ServerStreaming<Object, Object> ss -> throw new IllegalStateException("a server-streaming handler takes no request stream");
        };
        if (requestObserver == null) finish(Status.of(StatusCode.INTERNAL, "handler returned no request observer"), Metadata.EMPTY);
    }

    /** Decodes one delivered message for the handler and tells the machine how that went. */
    private void onMessage(DeliverMessage d) {
        if (!call.phase().live()) return;
        switch (MessageCodec.read(d, method.descriptor().requestMarshaller())) {
            case MessageCodec.Value<Object>(Object value) -> {
                lastRequestCompressed = d.message().compressed();
                if (method.descriptor().type().clientStreams()) {
                    if (requestObserver != null) requestObserver.onNext(value);
                } else {
                    unaryRequest = value; // the machine lets exactly one through (RPC-36)
                }
                step(new ServerCallEvent.MessageDelivered());
            }
            case MessageCodec.Failed<Object>(Unreadable why, String detail) -> step(new ServerCallEvent.MessageUnreadable(why, detail));
        }
    }

    private void onHalfClose() {
        if (!call.phase().live()) return;
        try {
            switch (handler) {
                case ServerMethods.ClientStreaming<Object, Object> cs -> {
                    if (requestObserver != null) requestObserver.onCompleted();
                }
                case ServerMethods.BidiStreaming<Object, Object> bidi -> {
                    if (requestObserver != null) requestObserver.onCompleted();
                }
                case ServerMethods.Unary<Object, Object> u -> {
                    // The machine delivers the half-close after exactly one request message (RPC-36).
                    Object response = u.invoke(unaryRequest, this);
                    if (response == null) {
                        finish(Status.of(StatusCode.INTERNAL, "handler returned no response"), Metadata.EMPTY);
                        return;
                    }
                    sendResponse(response);
                    finish(Status.OK, Metadata.EMPTY);
                }
                case ServerMethods.ServerStreaming<Object, Object> ss -> ss.invoke(unaryRequest, responseObserver(), this);
            }
        } catch (StatusException e) {
            finish(e.status(), e.trailers());
        }
    }

    private void requestFailed(Throwable t) {
        dispatcher.trace().note("stream " + streamId + " connection request failed: " + t);
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

    /**
     * One response: the headers first when none went out (asking for the application's compression;
     * the machine declares it only if the client accepts it, RPC-32), then the message, compressed
     * with what the machine declared. A wait for credit that lasts the write-stall limit is
     * reported to the machine (RPC-40).
     */
    private void sendResponse(Object value) {
        if (!call.phase().live()) return;
        if (!call.phase().headersSent()) {
            Metadata md;
            Compression want;
            synchronized (this) {
                md = responseHeaders;
                want = responseCompression;
            }
            step(new ServerCallEvent.SendResponseHeaders(md, want == null || want == Compression.IDENTITY ? null : want.headerName()));
        }
        String declared = call.responseEncoding();
        boolean perMessage;
        synchronized (this) {
            perMessage = messageCompression;
        }
        Compression codec = declared != null && perMessage ? Compression.byName(declared) : Compression.IDENTITY;
        MessageCodec.Written w = MessageCodec.write(value, method.descriptor().responseMarshaller(), codec);
        long started = System.nanoTime();
        try {
            if (!conn.awaitWritable(streamId, WRITE_STALL_NANOS, () -> !call.phase().live())
                    && System.nanoTime() - started >= WRITE_STALL_NANOS) {
                step(new ServerCallEvent.WriteStalled("response not writable: the client granted no flow-control credit for "
                        + TimeUnit.NANOSECONDS.toSeconds(WRITE_STALL_NANOS) + " s"));
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        step(new ServerCallEvent.SendResponseMessage(w.message(), w.uncompressedBytes()));
    }

    /** Ends the call; trailers carry the context's trailers (and its headers when none were sent). */
    private void finish(Status status, Metadata extra) {
        Metadata t;
        synchronized (this) {
            t = MetadataValues.concat(trailers, extra);
            // A trailers-only response has no header block of its own: its metadata goes along.
            if (!call.phase().headersSent()) t = MetadataValues.concat(responseHeaders, t);
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
        return call.remainingNanos(System.nanoTime());
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
        if (call.phase().headersSent()) throw new IllegalStateException("response headers already sent");
        responseHeaders = MetadataValues.concat(responseHeaders, headers);
    }

    @Override
    public synchronized void addTrailers(Metadata more) {
        trailers = MetadataValues.concat(trailers, more);
    }

    /**
     * Asks for compressed responses. The call machine declares the encoding with the response
     * headers only when the client listed it in {@code grpc-accept-encoding} (RPC-32); otherwise
     * responses stay uncompressed, as grpc-java does. Asking after the headers went changes nothing.
     */
    @Override
    public synchronized void setResponseCompression(Compression compression) {
        responseCompression = compression;
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
