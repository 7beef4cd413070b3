package io.grpcspec.client;

import io.grpcspec.rpc.Compression;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.Action;
import io.grpcspec.spec.Actions;
import io.grpcspec.spec.Step;
import io.grpcspec.spec.grpc.CallActions;
import io.grpcspec.spec.grpc.CallConfig;
import io.grpcspec.spec.grpc.ClientCall;
import io.grpcspec.spec.grpc.ClientCallEvent;
import io.grpcspec.spec.grpc.GrpcMessage;
import io.grpcspec.spec.grpc.RequestHeaders;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A call on the channel, driven by the pure {@link ClientCall} machine: the application's
 * requests and the stream's frames become {@link ClientCallEvent}s, and the machine's actions
 * become frames (through the {@link ClientTransport}), timers and listener callbacks. Nothing
 * here decides a protocol question: which status a reset means, when a reset is owed, whether a
 * response is well formed — the machine does.
 *
 * <p>Every event of a call runs on the call's own {@link SyncContext}, so the machine sees one
 * event at a time whichever thread (application, transport reader, timer) raised it.
 *
 * <p>Transparent retry (gRFC A6's "transparent retry", grpc-go's and grpc-java's behaviour):
 * when the transport reports that the server never processed the stream (REFUSED_STREAM, or a
 * GOAWAY whose last-stream-id is below it) before any response headers, the call is replayed
 * once on a newly picked transport. The request frames sent so far are kept for that until the
 * response headers arrive (at most {@link #REPLAY_LIMIT} bytes; beyond it the call is not retried).
 */
final class StreamCall<Req, Resp> implements Call<Req, Resp> {

    /** Request bytes kept for a transparent retry. */
    static final int REPLAY_LIMIT = 1 << 20;

    private final Channel channel;
    private final MethodDescriptor<Req, Resp> method;
    private final CallOptions options;
    private final long deadlineNanoTime;
    private final SyncContext ctx;

    // ---- call context only
    private Listener<Resp> listener;
    private ClientCall call;
    private volatile ClientTransport transport; // volatile: read by back-pressure waits outside the context
    private volatile int streamId;
    private ScheduledFuture<?> deadlineTimer;
    private boolean responseHeadersSeen;
    private boolean recording = true;
    private int recordedBytes;
    private final List<Action> sent = new ArrayList<>();
    private int retriesLeft = 1;
    private Status override;
    private Status closedBeforeStart;
    private boolean closed;
    private volatile boolean done; // read outside the context by back-pressure waits
    private volatile boolean messageCompression = true;

    StreamCall(Channel channel, MethodDescriptor<Req, Resp> method, CallOptions options) {
        this.channel = channel;
        this.method = method;
        this.options = options;
        this.deadlineNanoTime = options.timeout() == null ? Long.MAX_VALUE : System.nanoTime() + options.timeout().toNanos();
        this.ctx = new SyncContext(e -> channel.log("call " + method.fullName() + " task failed: " + e));
    }

    @Override
    public void start(Listener<Resp> l, Metadata headers) {
        Objects.requireNonNull(l);
        Metadata md = headers == null ? Metadata.EMPTY : headers;
        ClientTransport t;
        try {
            t = channel.runtime().pick(options.waitForReady(), deadlineNanoTime);
        } catch (StatusException e) {
            ctx.execute(() -> {
                if (attach(l)) closeWith(e.status(), Metadata.EMPTY);
            });
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.execute(() -> {
                if (attach(l)) closeWith(Status.of(StatusCode.CANCELLED, "interrupted while waiting for a connection"), Metadata.EMPTY);
            });
            return;
        }
        ctx.execute(() -> begin(l, md, t));
    }

    private void begin(Listener<Resp> l, Metadata md, ClientTransport t) {
        if (!attach(l)) return;
        transport = t;
        DialOptions o = channel.options();
        RequestHeaders rh = RequestHeaders.of(o.tls() == null ? "http" : "https", channel.authority(), method.path())
                .withUserAgent(o.fullUserAgent())
                .withMetadata(md)
                .withEncodings(options.compression() == Compression.IDENTITY ? null : options.compression().headerName(),
                        Compression.ACCEPT_ENCODING);
        if (deadlineNanoTime != Long.MAX_VALUE) {
            long left = deadlineNanoTime - System.nanoTime();
            if (left <= 0) {
                closeWith(Status.of(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before the call started"), Metadata.EMPTY);
                return;
            }
            rh = rh.withTimeoutNanos(left);
        }
        call = ClientCall.create(0, new CallConfig(o.maxReceiveMessageBytes(), List.of(Compression.GZIP.headerName())));
        step(new ClientCallEvent.StartCall(rh));
    }

    @Override
    public void sendMessage(Req message) {
        byte[] raw = method.requestMarshaller().toBytes(message);
        boolean compress = options.compression() != Compression.IDENTITY && messageCompression;
        int limit = channel.options().maxSendMessageBytes();
        if (raw.length > limit) {
            ctx.execute(() -> failLocally(Status.of(StatusCode.RESOURCE_EXHAUSTED,
                    "request message larger than max (" + raw.length + " vs. " + limit + ")")));
            return;
        }
        byte[] body = compress ? options.compression().compress(raw) : raw;
        awaitWritable();
        ctx.execute(() -> {
            if (call == null || closed) return;
            step(new ClientCallEvent.SendRequestMessage(new GrpcMessage(Bytes.of(body), compress), false));
        });
    }

    /** Back-pressure from HTTP/2 flow control, bounded by the deadline (outside the call context). */
    private void awaitWritable() {
        ClientTransport t = transport;
        int id = streamId;
        if (t == null || id == 0 || done) return;
        long left = deadlineNanoTime == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(30) : deadlineNanoTime - System.nanoTime();
        try {
            t.awaitWritable(id, Math.max(0, left), () -> done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void setMessageCompression(boolean enabled) {
        messageCompression = enabled;
    }

    @Override
    public void halfClose() {
        ctx.execute(() -> {
            if (call == null || closed) return;
            step(new ClientCallEvent.HalfClose());
        });
    }

    @Override
    public void cancel(String reason) {
        ctx.execute(() -> {
            if (closed) return;
            if (call == null) {
                closeWith(Status.of(StatusCode.CANCELLED, reason), Metadata.EMPTY);
                return;
            }
            step(new ClientCallEvent.CancelCall(reason));
        });
    }

    // ---------------------------------------------------------------- stepping (call context)

    private void step(ClientCallEvent e) {
        Step<ClientCall> s = ClientCall.on(call, e);
        if (s instanceof Step.Violated<ClientCall> v) {
            // The server broke a stream rule (RPC-22 and friends): reset the stream, end the call.
            ErrorCode code = v.violation().code();
            channel.log("stream " + streamId + ": " + v.violation());
            if (transport != null && streamId != 0) transport.reset(streamId, code);
            step(new ClientCallEvent.ResetSent(code, v.violation().rule().id() + ": " + v.violation().detail()));
            return;
        }
        call = s.state();
        for (Action a : s.actions()) perform(a);
    }

    private void perform(Action a) {
        if (a instanceof CallActions.SendHeaders || a instanceof CallActions.SendMessage || a instanceof CallActions.SendEndStream) {
            record(a);
            if (transport != null) send(a);
        } else if (a instanceof CallActions.SendRstStream r) {
            if (transport != null && streamId != 0) transport.reset(streamId, r.code());
        } else if (a instanceof Actions.ArmTimer t) {
            armDeadline(t.delayNanos());
        } else if (a instanceof Actions.CancelTimer) {
            if (deadlineTimer != null) deadlineTimer.cancel(false);
        } else if (a instanceof CallActions.DeliverResponseHeaders h) {
            responseHeadersSeen = true;
            stopRecording();
            listener.onHeaders(h.metadata());
        } else if (a instanceof CallActions.DeliverMessage m) {
            deliver(m.message());
        } else if (a instanceof CallActions.Complete c) {
            closeWith(override != null ? override : c.status(), c.trailers());
        } else if (a instanceof CallActions.PeerFault f) {
            channel.log("stream " + streamId + ": server broke " + f.rule().id() + ": " + f.detail());
        } else if (a instanceof CallActions.Refused r) {
            channel.log("call " + method.fullName() + ": refused locally: " + r.reason());
        }
    }

    private void send(Action a) {
        if (a instanceof CallActions.SendHeaders h) {
            long quotaWait = deadlineNanoTime == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(60) : deadlineNanoTime - System.nanoTime();
            ClientTransport.Opened o;
            try {
                o = transport.newStream(h.fields(), h.endStream(), new Handler(transport), Math.max(0, quotaWait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                o = new ClientTransport.Opened(0, "interrupted while waiting for a stream slot");
            }
            if (!o.ok()) {
                notProcessed("stream not opened on " + transport.describe() + ": " + o.refused(), true);
                return;
            }
            streamId = o.streamId();
            call = new ClientCall(streamId, call.phase(), call.config(), call.deframer(), call.deadlineArmed(),
                    call.compressedSendAllowed());
        } else if (a instanceof CallActions.SendMessage m) {
            transport.sendData(streamId, m.framed(), m.endStream());
        } else {
            transport.sendData(streamId, Bytes.EMPTY, true);
        }
    }

    private void record(Action a) {
        if (!recording) return;
        if (a instanceof CallActions.SendMessage m) recordedBytes += m.framed().length();
        if (recordedBytes > REPLAY_LIMIT) {
            stopRecording();
            retriesLeft = 0;
            return;
        }
        sent.add(a);
    }

    private void stopRecording() {
        recording = false;
        sent.clear();
    }

    private void deliver(GrpcMessage m) {
        byte[] bytes = m.payload().toByteArray();
        Resp value;
        try {
            if (m.compressed()) bytes = Compression.GZIP.decompress(bytes, channel.options().maxReceiveMessageBytes());
            value = method.responseMarshaller().fromBytes(bytes);
        } catch (Compression.MessageTooLargeException e) {
            failLocally(Status.of(StatusCode.RESOURCE_EXHAUSTED, e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            failLocally(Status.of(StatusCode.INTERNAL, "cannot read the response message: " + e.getMessage()));
            return;
        }
        listener.onMessage(value);
    }

    /** Ends the call from our side with {@code status}: the stream is cancelled, the machine closes. */
    private void failLocally(Status status) {
        if (closed) return;
        if (call == null) {
            closeWith(status, Metadata.EMPTY);
            return;
        }
        override = status;
        step(new ClientCallEvent.CancelCall(status.message()));
    }

    private void armDeadline(long delayNanos) {
        try {
            deadlineTimer = channel.scheduler().schedule(() -> ctx.execute(() -> {
                if (!closed) step(new ClientCallEvent.DeadlineExpired(System.nanoTime()));
            }), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            channel.log("deadline timer not armed: channel shut down");
        }
    }

    /**
     * Sets the listener (call context). False when the call already ended (cancelled while
     * {@code start} was still picking a transport): the listener has then heard the close.
     */
    private boolean attach(Listener<Resp> l) {
        listener = l;
        if (!closed) return true;
        if (closedBeforeStart != null) {
            Status st = closedBeforeStart;
            closedBeforeStart = null;
            l.onClose(st, Metadata.EMPTY);
        }
        return false;
    }

    private void closeWith(Status status, Metadata trailers) {
        if (closed) return;
        closed = true;
        done = true;
        if (deadlineTimer != null) deadlineTimer.cancel(false);
        sent.clear();
        if (listener == null) {
            closedBeforeStart = status; // start() is still picking: it delivers this
            return;
        }
        listener.onClose(status, trailers);
    }

    // ---------------------------------------------------------------- transparent retry

    /**
     * @param avoidTransport the transport itself takes no new streams (draining after GOAWAY,
     *     closed): the retry must wait for another. A REFUSED_STREAM reset alone says nothing
     *     about the connection, so that retry may use it again.
     */
    private void notProcessed(String why, boolean avoidTransport) {
        if (closed) return;
        if (responseHeadersSeen || !recording || retriesLeft == 0) {
            override = Status.of(StatusCode.UNAVAILABLE, why);
            step(new ClientCallEvent.ResetSent(ErrorCode.REFUSED_STREAM, why));
            return;
        }
        retriesLeft--;
        channel.log("call " + method.fullName() + ": " + why + "; retrying on another stream");
        ClientTransport refusing = avoidTransport ? transport : null;
        transport = null;
        streamId = 0;
        try {
            channel.connector().execute(() -> {
                ClientTransport t;
                try {
                    t = channel.runtime().pick(options.waitForReady(), deadlineNanoTime, refusing);
                } catch (StatusException e) {
                    ctx.execute(() -> failLocally(e.status()));
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                ctx.execute(() -> resume(t));
            });
        } catch (RejectedExecutionException e) {
            failLocally(Status.of(StatusCode.UNAVAILABLE, why));
        }
    }

    private void resume(ClientTransport t) {
        if (closed) return;
        transport = t;
        for (Action a : new ArrayList<>(sent)) {
            if (transport == null || closed) return; // refused again
            send(a);
        }
    }

    /** Events of the call's current stream; a stale stream's events (after a retry) are dropped. */
    private final class Handler implements ClientTransport.StreamHandler {
        private final ClientTransport owner;

        Handler(ClientTransport owner) {
            this.owner = owner;
        }

        private boolean stale() {
            return owner != transport || closed;
        }

        @Override
        public void onHeaders(List<HeaderField> fields, boolean endStream) {
            ctx.execute(() -> {
                if (!stale()) step(new ClientCallEvent.HeadersReceived(fields, endStream));
            });
        }

        @Override
        public void onData(Bytes data, boolean endStream) {
            ctx.execute(() -> {
                if (stale()) return;
                // Credit goes back as soon as the bytes are ours; messages wait in the listener.
                if (data.length() > 0) transport.consumed(streamId, data.length());
                step(new ClientCallEvent.DataReceived(data, endStream));
            });
        }

        @Override
        public void onReset(long errorCode) {
            ctx.execute(() -> {
                if (stale()) return;
                if (errorCode == ErrorCode.REFUSED_STREAM.code() && !responseHeadersSeen) {
                    notProcessed("server refused stream " + streamId + " (REFUSED_STREAM)", false);
                } else if (errorCode == ErrorCode.CANCEL.code() && deadlineNanoTime != Long.MAX_VALUE
                        && System.nanoTime() - deadlineNanoTime >= 0) {
                    // The server's copy of our deadline fired and its RST_STREAM(CANCEL) beat our
                    // own timer task here: the call ended by its deadline, so it is
                    // DEADLINE_EXCEEDED, not CANCELLED (gRPC PROTOCOL-HTTP2; grpc-java does the same).
                    step(new ClientCallEvent.DeadlineExpired(System.nanoTime()));
                } else {
                    step(new ClientCallEvent.RstStreamReceived(errorCode));
                }
            });
        }

        @Override
        public void onNotProcessed(String why) {
            ctx.execute(() -> {
                if (!stale()) notProcessed(why, true);
            });
        }

        @Override
        public void onConnectionClosed(String why) {
            ctx.execute(() -> {
                if (stale()) return;
                override = Status.of(StatusCode.UNAVAILABLE, "connection closed: " + why);
                step(new ClientCallEvent.ResetSent(ErrorCode.CANCEL, why));
            });
        }
    }
}
