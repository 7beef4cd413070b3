package io.grpcspec.client;

import io.grpcspec.rpc.Compression;
import io.grpcspec.rpc.MessageCodec;
import io.grpcspec.rpc.MethodDescriptor;
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
import io.grpcspec.spec.grpc.CallAction.DeliverMessage;
import io.grpcspec.spec.grpc.CallAction.DeliverResponseHeaders;
import io.grpcspec.spec.grpc.CallAction.OpenStream;
import io.grpcspec.spec.grpc.CallAction.PeerFault;
import io.grpcspec.spec.grpc.CallAction.PickTransport;
import io.grpcspec.spec.grpc.CallAction.Refused;
import io.grpcspec.spec.grpc.CallConfig;
import io.grpcspec.spec.grpc.ClientCall;
import io.grpcspec.spec.grpc.ClientCallEvent;
import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.spec.grpc.RequestHeaders;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.Unreadable;
import io.grpcspec.transport.SerialExecutor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A call on the channel, driven by the pure {@link ClientCall} machine: the application's
 * requests, the stream's reports and the answers to the machine's own requests (a stream opened,
 * a transport picked, a message decoded) become {@link ClientCallEvent}s, and the machine's
 * {@link CallAction.Client} actions become stream requests (through the {@link ClientTransport}),
 * timers, transport picks and listener callbacks. Between the machine and its stream stands
 * {@link CallDriver}, the same pure translation the model checker runs: stream actions go to the
 * transport as they are, reports come back through {@link CallDriver#toClient}, the answer to an
 * open through {@link CallDriver#opened}, a violation is answered by {@link CallDriver#reset}. Nothing here decides a protocol question — which
 * status a reset means, when a reset is owed, whether to retry, which encodings to offer, what
 * an unreadable message or a stalled write means, when credit goes back: the machine does. This
 * class runs the codec and the marshaller ({@link MessageCodec}), picks transports, arms timers
 * and measures the write-stall wait.
 *
 * <p>Every event of a call runs on the call's own {@link SerialExecutor} (tasks run on the
 * calling thread), so the machine sees one event at a time whichever thread (application,
 * transport reader, timer, retry pick) raised it. The events a step's actions produce (stream
 * assigned, message delivered) are stepped right after it, before anything else reaches the call.
 */
final class StreamCall<Req, Resp> implements Call<Req, Resp> {

    /** How long a request message may wait for flow-control credit before the call is given up (RPC-40). */
    static final long WRITE_STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** How long opening a stream may wait for the server's concurrency limit when the call has no deadline. */
    private static final long QUOTA_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Channel channel;
    private final MethodDescriptor<Req, Resp> method;
    private final CallOptions options;
    /** The call's deadline on {@link System#nanoTime}'s clock: an input of the call, fixed when it is made. */
    private final OptionalLong deadline;
    private final SerialExecutor ctx;

    /** The machine. Stepped only in the context; volatile for back-pressure waits, which read it outside. */
    private volatile ClientCall call;

    // ---- call context only
    private Listener<Resp> listener;
    private Complete closedBeforeStart;
    /**
     * The transport the machine's stream actions go to (the picked one); null while a retry picks.
     * Written in the context; volatile for back-pressure waits, which read it outside.
     */
    private volatile ClientTransport transport;
    /** The handler of the stream the machine works with; events of any other are stale. */
    private Handler current;
    private ScheduledFuture<?> deadlineTimer;

    private volatile boolean messageCompression = true;

    StreamCall(Channel channel, MethodDescriptor<Req, Resp> method, CallOptions options) {
        this.channel = channel;
        this.method = method;
        this.options = options;
        this.deadline = options.timeout() == null ? OptionalLong.empty() : OptionalLong.of(System.nanoTime() + options.timeout().toNanos());
        this.ctx = SerialExecutor.onCallingThread(e -> channel.log("call " + method.fullName() + " task failed: " + e));
        DialOptions o = channel.options();
        this.call = ClientCall.create(new CallConfig(o.maxReceiveMessageBytes(), o.maxSendMessageBytes(), Compression.ENCODINGS));
    }

    @Override
    public void start(Listener<Resp> l, Metadata headers) {
        Objects.requireNonNull(l);
        Metadata md = headers == null ? Metadata.EMPTY : headers;
        ctx.execute(() -> attach(l));
        if (call.phase() != ClientCall.Phase.IDLE) return; // cancelled before it started
        ChannelRuntime.Pick pick;
        try {
            pick = channel.runtime().pick(options.waitForReady(), deadlineNanoTime(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.execute(() -> step(new ClientCallEvent.CancelCall("interrupted while waiting for a connection")));
            return;
        }
        switch (pick) {
            case ChannelRuntime.Pick.Ready(ClientTransport t) -> ctx.execute(() -> {
                transport = t;
                step(new ClientCallEvent.StartCall(request(md), deadline, System.nanoTime()));
            });
            case ChannelRuntime.Pick.Failed(String cause) -> ctx.execute(() -> step(new ClientCallEvent.PickFailed(cause)));
            case ChannelRuntime.Pick.TimedOut(String detail) -> ctx.execute(() -> step(new ClientCallEvent.PickTimedOut(detail)));
        }
    }

    private RequestHeaders request(Metadata md) {
        DialOptions o = channel.options();
        String encoding = options.compression() == Compression.IDENTITY ? null : options.compression().headerName();
        return RequestHeaders.of(o.tls() == null ? "http" : "https", channel.authority(), method.path())
                .withUserAgent(o.fullUserAgent())
                .withMetadata(md)
                .withEncodings(encoding, null);
    }

    @Override
    public void sendMessage(Req message) {
        MessageCodec.Written w = MessageCodec.write(message, method.requestMarshaller(),
                messageCompression ? options.compression() : Compression.IDENTITY);
        awaitWritable();
        ctx.execute(() -> step(new ClientCallEvent.SendRequestMessage(w.message(), w.uncompressedBytes(), false)));
    }

    /**
     * Back-pressure from HTTP/2 flow control (outside the call context). A wait that lasts the
     * whole write-stall limit is reported to the machine, which decides what it means (RPC-40).
     */
    private void awaitWritable() {
        ClientCall c = call;
        ClientTransport t = transport;
        if (t == null || c.attempt() != ClientCall.Attempt.OPEN || !c.phase().live()) return;
        long started = System.nanoTime();
        boolean writable;
        try {
            writable = t.awaitWritable(c.streamId(), WRITE_STALL_NANOS, () -> !call.phase().live());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!writable && System.nanoTime() - started >= WRITE_STALL_NANOS) {
            String why = "request not writable: the server granted no flow-control credit for "
                    + TimeUnit.NANOSECONDS.toSeconds(WRITE_STALL_NANOS) + " s";
            ctx.execute(() -> step(new ClientCallEvent.WriteStalled(why)));
        }
    }

    @Override
    public void setMessageCompression(boolean enabled) {
        messageCompression = enabled;
    }

    @Override
    public void request(int count) {
        ctx.execute(() -> step(new ClientCallEvent.RequestMessages(count)));
    }

    @Override
    public void halfClose() {
        ctx.execute(() -> step(new ClientCallEvent.HalfClose()));
    }

    @Override
    public void cancel(String reason) {
        ctx.execute(() -> step(new ClientCallEvent.CancelCall(reason)));
    }

    private long deadlineNanoTime() {
        return deadline.isPresent() ? deadline.getAsLong() : Long.MAX_VALUE;
    }

    // ---------------------------------------------------------------- stepping (call context)

    /** Steps {@code first} and then the events its actions produce, in order. */
    private void step(ClientCallEvent first) {
        ArrayDeque<ClientCallEvent> queue = new ArrayDeque<>();
        queue.add(first);
        while (!queue.isEmpty()) {
            ClientCallEvent e = queue.poll();
            switch (ClientCall.on(call, e)) {
                case Step.Violated<ClientCall>(Violation v) -> {
                    // The server broke a stream rule (RPC-22 and friends): reset the stream, end the call.
                    channel.log("stream " + call.streamId() + ": " + v);
                    if (transport != null && call.streamId() != 0) transport.request(call.streamId(), CallDriver.reset(v));
                    queue.add(CallDriver.clientResetSent(v));
                }
                case Step.Next<ClientCall>(ClientCall next, List<Action> actions) -> {
                    call = next;
                    for (Action a : actions) perform((CallAction.Client) a, queue);
                }
            }
        }
    }

    private void perform(CallAction.Client a, ArrayDeque<ClientCallEvent> queue) {
        switch (a) {
            case OpenStream open -> open(open, queue);
            case CallAction.OnStream onStream -> transport.request(call.streamId(), onStream);
            case ArmDeadline(long delayNanos) -> armDeadline(delayNanos);
            case CancelDeadline() -> {
                if (deadlineTimer != null) deadlineTimer.cancel(false);
            }
            case PickTransport(boolean avoidCurrent) -> pickForRetry(avoidCurrent);
            case DeliverResponseHeaders(Metadata md) -> listener.onHeaders(md);
            case DeliverMessage d -> deliver(d, queue);
            case Complete c -> close(c);
            case PeerFault(Rule rule, String detail) -> channel.log("stream " + call.streamId() + ": server broke " + rule.id() + ": " + detail);
            case Refused(String reason) -> channel.log("call " + method.fullName() + ": refused locally: " + reason);
        }
    }

    /** Opens the machine's stream on the transport in hand; the outcome is the machine's next event. */
    private void open(OpenStream open, ArrayDeque<ClientCallEvent> queue) {
        Handler h = new Handler();
        current = h;
        long quotaWait = deadline.isPresent() ? Math.max(0, deadline.getAsLong() - System.nanoTime()) : QUOTA_WAIT_NANOS;
        ClientTransport.Opened o;
        try {
            o = transport.newStream(open, h, quotaWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            o = new ClientTransport.Opened(0, "interrupted while waiting for a stream slot");
        }
        if (!o.ok()) current = null;
        queue.add(CallDriver.opened(o.streamId(), o.ok() ? null : transport.describe() + ": " + o.refused()));
    }

    /** Decodes a delivered message for the listener and tells the machine how that went. */
    private void deliver(DeliverMessage d, ArrayDeque<ClientCallEvent> queue) {
        switch (MessageCodec.read(d, method.responseMarshaller())) {
            case MessageCodec.Value<Resp>(Resp value) -> {
                listener.onMessage(value);
                queue.add(new ClientCallEvent.MessageDelivered());
            }
            case MessageCodec.Failed<Resp>(Unreadable why, String detail) -> queue.add(new ClientCallEvent.MessageUnreadable(why, detail));
        }
    }

    /** The machine abandoned its stream for a transparent retry (RPC-28): pick a transport off the context. */
    private void pickForRetry(boolean avoidCurrent) {
        ClientTransport avoid = avoidCurrent ? transport : null;
        current = null;
        transport = null;
        channel.log("call " + method.fullName() + ": stream not processed; retrying on another stream");
        Thread.ofVirtual().name("grpcspec-retry-pick").start(() -> {
            ChannelRuntime.Pick pick;
            try {
                pick = channel.runtime().pick(options.waitForReady(), deadlineNanoTime(), avoid);
            } catch (InterruptedException e) {
                ctx.execute(() -> step(new ClientCallEvent.CancelCall("interrupted while picking a transport for a retry")));
                return;
            }
            switch (pick) {
                case ChannelRuntime.Pick.Ready(ClientTransport t) -> ctx.execute(() -> {
                    transport = t;
                    step(new ClientCallEvent.TransportPicked(System.nanoTime()));
                });
                case ChannelRuntime.Pick.Failed(String cause) -> ctx.execute(() -> step(new ClientCallEvent.PickFailed(cause)));
                case ChannelRuntime.Pick.TimedOut(String detail) -> ctx.execute(() -> step(new ClientCallEvent.PickTimedOut(detail)));
            }
        });
    }

    private void armDeadline(long delayNanos) {
        try {
            deadlineTimer = channel.scheduler().schedule(() -> ctx.execute(() -> step(new ClientCallEvent.DeadlineExpired(System.nanoTime()))),
                    delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            channel.log("deadline timer not armed: channel shut down");
        }
    }

    /** Sets the listener (call context); a call that already ended (cancelled before start) tells it now. */
    private void attach(Listener<Resp> l) {
        listener = l;
        if (closedBeforeStart != null) {
            Complete c = closedBeforeStart;
            closedBeforeStart = null;
            l.onClose(c.status(), c.trailers());
        }
    }

    private void close(Complete c) {
        if (deadlineTimer != null) deadlineTimer.cancel(false);
        current = null;
        if (listener == null) {
            closedBeforeStart = c; // start() has not attached the listener yet: it delivers this
            return;
        }
        listener.onClose(c.status(), c.trailers());
    }

    /** Reports of one stream; once the machine has moved to another stream (or none), they are stale and dropped. */
    private final class Handler implements ClientTransport.StreamHandler {

        @Override
        public void on(StreamReport report) {
            ClientCallEvent e = CallDriver.toClient(report, System.nanoTime());
            if (e == null) return;
            ctx.execute(() -> {
                if (current == this) step(e);
            });
        }
    }
}
