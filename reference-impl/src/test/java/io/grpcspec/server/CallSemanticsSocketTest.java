package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.rpc.StatusException;
import io.grpcspec.spec.grpc.StatusCode;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.RstStreamFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deadlines, cancellation, interceptors and back-pressure over a real socket. */
class CallSemanticsSocketTest {
    static final ProtoMarshaller<HelloRequest> REQ = ProtoMarshaller.of(HelloRequest.getDefaultInstance());
    static final ProtoMarshaller<HelloReply> RESP = ProtoMarshaller.of(HelloReply.getDefaultInstance());
    static final MethodDescriptor<HelloRequest, HelloReply> WAIT = MethodDescriptor.of("test.Calls", "Wait", MethodType.UNARY, REQ, RESP);
    static final MethodDescriptor<HelloRequest, HelloReply> FLOOD = MethodDescriptor.of("test.Calls", "Flood", MethodType.SERVER_STREAMING, REQ, RESP);

    final CountDownLatch cancelSeen = new CountDownLatch(1);
    final CountDownLatch waitStarted = new CountDownLatch(1);
    final AtomicInteger sent = new AtomicInteger();
    final CountDownLatch floodEnded = new CountDownLatch(1);
    Server server;

    @BeforeEach
    void start() throws Exception {
        ServiceDefinition calls = ServiceDefinition.builder("test.Calls")
                .method(WAIT, (ServerMethods.Unary<HelloRequest, HelloReply>) (req, ctx) -> {
                    ctx.onCancel(cancelSeen::countDown);
                    waitStarted.countDown();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (!ctx.isCancelled() && System.nanoTime() < until) sleep(5);
                    return HelloReply.newBuilder().setMessage("waited").build();
                })
                .method(FLOOD, (ServerMethods.ServerStreaming<HelloRequest, HelloReply>) (req, out, ctx) -> {
                    String chunk = "x".repeat(16 * 1024);
                    try {
                        for (int i = 0; i < 1000 && !ctx.isCancelled(); i++) {
                            out.onNext(HelloReply.newBuilder().setMessage(chunk).build());
                            sent.incrementAndGet();
                        }
                        out.onCompleted();
                    } finally {
                        floodEnded.countDown();
                    }
                })
                .build();
        server = ServerBuilder.forPort(0).addService(calls)
                .intercept(new ServerInterceptor() {
                    @Override
                    public <Req, Resp> ServerMethods.Handler<Req, Resp> intercept(MethodDescriptor<Req, Resp> m, ServerMethods.Handler<Req, Resp> next) {
                        if (!(next instanceof ServerMethods.Unary<Req, Resp> u)) return next;
                        return (ServerMethods.Unary<Req, Resp>) (req, ctx) -> {
                            if (io.grpcspec.rpc.MetadataValues.text(ctx.requestMetadata(), "x-deny") != null) {
                                throw StatusException.of(StatusCode.PERMISSION_DENIED, "denied by interceptor");
                            }
                            return u.invoke(req, ctx);
                        };
                    }
                })
                .build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] hello() {
        return HelloRequest.newBuilder().setName("n").build().toByteArray();
    }

    @Test
    void grpcTimeoutEndsTheCallWithDeadlineExceededAndCancelsTheHandler() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            List<HeaderField> req = new ArrayList<>(RawH2Client.request("/test.Calls/Wait"));
            req.add(new HeaderField("grpc-timeout", "1000m"));
            long t0 = System.nanoTime();
            c.sendHeaders(1, req, false);
            c.sendMessage(1, hello(), true);
            RawH2Client.Block b = c.readHeaders(1);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertNotNull(b, c.trace::toString);
            assertEquals("4", b.get("grpc-status"), c.trace::toString);
            assertTrue(b.endStream(), c.trace::toString);
            assertTrue(ms >= 900 && ms < 4000, ms + " ms\n" + c.trace);
            assertTrue(waitStarted.await(0, TimeUnit.SECONDS), "the handler ran before the deadline");
            assertTrue(cancelSeen.await(2, TimeUnit.SECONDS), "handler saw the cancellation");
        }
    }

    @Test
    void deadlineWhileTheClientIsStillSendingAlsoResetsTheStream() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            List<HeaderField> req = new ArrayList<>(RawH2Client.request("/test.Calls/Wait"));
            req.add(new HeaderField("grpc-timeout", "100m"));
            c.sendHeaders(1, req, false); // no END_STREAM: the request stays open
            RawH2Client.Block b = c.readHeaders(1);
            assertNotNull(b, c.trace::toString);
            assertEquals("4", b.get("grpc-status"), c.trace::toString);
            // RPC-25/26: the client may still be sending, so the stream is reset after the trailers.
            Frame r = c.readUntil(f -> f instanceof RstStreamFrame);
            assertNotNull(r, c.trace::toString);
            assertEquals(ErrorCode.CANCEL.code(), ((RstStreamFrame) r).errorCode(), c.trace::toString);
        }
    }

    @Test
    void clientResetCancelsTheHandler() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/test.Calls/Wait"), false);
            c.sendMessage(1, hello(), true);
            // A call reset before its handler starts never runs it: reset a running one.
            assertTrue(waitStarted.await(5, TimeUnit.SECONDS), c.trace::toString);
            c.send(new RstStreamFrame(1, ErrorCode.CANCEL.code()));
            assertTrue(cancelSeen.await(2, TimeUnit.SECONDS), () -> "handler saw the cancellation\n" + c.trace);
            // The connection goes on: the next call is answered.
            c.sendHeaders(3, RawH2Client.request("/test.Calls/Nothing"), true);
            RawH2Client.Block b = c.readHeaders(3);
            assertNotNull(b, c.trace::toString);
            assertEquals("12", b.get("grpc-status"), c.trace::toString);
        }
    }

    @Test
    void interceptorCanRefuseACall() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            List<HeaderField> req = new ArrayList<>(RawH2Client.request("/test.Calls/Wait"));
            req.add(new HeaderField("x-deny", "1"));
            c.sendHeaders(1, req, false);
            c.sendMessage(1, hello(), true);
            RawH2Client.Block b = c.readHeaders(1);
            assertNotNull(b, c.trace::toString);
            assertEquals("7", b.get("grpc-status"), c.trace::toString);
            assertEquals("denied by interceptor", b.get("grpc-message"), c.trace::toString);
        }
    }

    @Test
    void streamingHandlerBlocksWhenTheClientGrantsNoWindow() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/test.Calls/Flood"), false);
            c.sendMessage(1, hello(), true);
            // Never send WINDOW_UPDATE: 65535 bytes of window, then the handler must stall.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int stalledAt = -1;
            for (int last = -1; System.nanoTime() < deadline; ) {
                sleep(300);
                int now = sent.get();
                if (now > 0 && now == last) {
                    stalledAt = now;
                    break;
                }
                last = now;
            }
            assertTrue(stalledAt > 0, "handler never stalled: " + sent.get());
            sleep(300);
            assertEquals(stalledAt, sent.get(), "handler kept producing without window");
            // window (64 KiB) + the per-stream pending bound (64 KiB), in 16 KiB messages: a handful
            assertTrue(stalledAt < 16, "messages accepted before back-pressure: " + stalledAt);
            c.send(new RstStreamFrame(1, ErrorCode.CANCEL.code()));
            assertTrue(floodEnded.await(3, TimeUnit.SECONDS), () -> "handler released by the reset\n" + c.trace);
        }
    }
}
