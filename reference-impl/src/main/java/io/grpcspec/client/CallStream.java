package io.grpcspec.client;

import io.grpcspec.spec.grpc.Metadata;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.grpc.Status;
import io.grpcspec.spec.grpc.StatusCode;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blocking handle on one call of any shape: send requests, half-close, take responses one by
 * one, read the status. Every wait has a timeout; the no-argument forms wait at most
 * {@link #DEFAULT_WAIT} (or until the call's deadline, which ends the call anyway).
 *
 * <p>Responses are asked for one at a time: one when the call starts and one more each time
 * {@link #next} takes one, so at most one waits here and a stream nobody reads holds the
 * server back (the call's receive credit, RPC-38). {@link #awaitStatus} asks for all of them.
 */
public final class CallStream<Req, Resp> implements AutoCloseable {

    /** The longest a wait without an explicit timeout lasts. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private record Item(Object message, boolean end) {}

    private final Call<Req, Resp> call;
    private final BlockingQueue<Item> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch headersLatch = new CountDownLatch(1);
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile Metadata headers;
    private volatile Status status;
    private volatile Metadata trailers;
    private boolean ended;

    private CallStream(Call<Req, Resp> call) {
        this.call = call;
    }

    /** Starts a call of {@code method} with request metadata {@code md} (may be null). */
    public static <Req, Resp> CallStream<Req, Resp> start(Channel channel, MethodDescriptor<Req, Resp> method,
                                                          CallOptions options, Metadata md) {
        CallStream<Req, Resp> s = new CallStream<>(channel.newCall(method, options));
        s.call.start(new Call.Listener<>() {
            @Override
            public void onHeaders(Metadata h) {
                s.headers = h;
                s.headersLatch.countDown();
            }

            @Override
            public void onMessage(Resp message) {
                s.inbox.add(new Item(message, false));
            }

            @Override
            public void onClose(Status st, Metadata t) {
                s.status = st;
                s.trailers = t;
                s.headersLatch.countDown();
                s.closedLatch.countDown();
                s.inbox.add(new Item(null, true));
            }
        }, md);
        s.call.request(1);
        return s;
    }

    public CallStream<Req, Resp> send(Req message) {
        call.sendMessage(message);
        return this;
    }

    public CallStream<Req, Resp> setMessageCompression(boolean enabled) {
        call.setMessageCompression(enabled);
        return this;
    }

    public CallStream<Req, Resp> halfClose() {
        call.halfClose();
        return this;
    }

    public void cancel(String reason) {
        call.cancel(reason);
    }

    /**
     * The next response, or null when the call ended OK after its last response.
     *
     * @throws StatusException the call ended with a non-OK status (with its trailers), or
     *     DEADLINE_EXCEEDED when nothing came within {@code timeout} (the call is then cancelled)
     */
    @SuppressWarnings("unchecked")
    public Resp next(Duration timeout) throws StatusException, InterruptedException {
        if (ended) return endOrThrow();
        Item it = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (it == null) {
            call.cancel("no response within " + timeout.toMillis() + " ms");
            throw new StatusException(Status.of(StatusCode.DEADLINE_EXCEEDED, "no response within " + timeout.toMillis() + " ms"));
        }
        if (it.end()) {
            ended = true;
            return endOrThrow();
        }
        call.request(1);
        return (Resp) it.message();
    }

    public Resp next() throws StatusException, InterruptedException {
        return next(DEFAULT_WAIT);
    }

    private Resp endOrThrow() throws StatusException {
        if (status.isOk()) return null;
        throw new StatusException(status); // trailers: trailers()
    }

    /** The response headers (empty metadata for a trailers-only response), waiting up to {@code timeout}. */
    public Metadata headers(Duration timeout) throws InterruptedException {
        headersLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return headers == null ? Metadata.EMPTY : headers;
    }

    /**
     * The final status, waiting up to {@code timeout}; null if the call has not ended by then. The
     * responses not yet taken are asked for (the status follows them), and wait here for {@link #next}.
     */
    public Status awaitStatus(Duration timeout) throws InterruptedException {
        if (closedLatch.getCount() > 0) call.request(Integer.MAX_VALUE);
        closedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return status;
    }

    public Status awaitStatus() throws InterruptedException {
        return awaitStatus(DEFAULT_WAIT);
    }

    /** The trailing metadata (after the call ended). */
    public Metadata trailers() {
        return trailers == null ? Metadata.EMPTY : trailers;
    }

    /** Cancels the call unless it already ended. */
    @Override
    public void close() {
        if (closedLatch.getCount() > 0) call.cancel("closed by the application");
    }
}
