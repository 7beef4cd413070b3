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
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful stop lets an in-flight call finish; the client is told by GOAWAY and gets its answer. */
class GracefulStopTest {
    static final MethodDescriptor<HelloRequest, HelloReply> SLOW = MethodDescriptor.of("test.Slow", "Hello", MethodType.UNARY,
            ProtoMarshaller.of(HelloRequest.getDefaultInstance()), ProtoMarshaller.of(HelloReply.getDefaultInstance()));

    @Test
    void inFlightCallFinishesDuringGracefulStop() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServiceDefinition slow = ServiceDefinition.builder("test.Slow")
                .method(SLOW, (ServerMethods.Unary<HelloRequest, HelloReply>) (req, ctx) -> {
                    running.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HelloReply.newBuilder().setMessage("late " + req.getName()).build();
                }).build();
        Server server = ServerBuilder.forPort(0).addService(slow).build().start();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/test.Slow/Hello"), false);
            c.sendMessage(1, HelloRequest.newBuilder().setName("x").build().toByteArray(), true);
            assertTrue(running.await(5, TimeUnit.SECONDS), c.trace::toString);
            Future<Boolean> stopped = pool.submit(() -> server.shutdown(10, TimeUnit.SECONDS));

            // First GOAWAY (NO_ERROR, last stream 2^31-1) and a PING; answer the PING like a client would.
            List<Frame> seen = new ArrayList<>();
            GoAwayFrame first = null;
            for (Frame f; first == null && (f = c.read()) != null; ) {
                seen.add(f);
                if (f instanceof SettingsFrame s && !s.ack()) c.send(SettingsFrame.ACK_FRAME);
                if (f instanceof GoAwayFrame g) first = g;
            }
            assertNotNull(first, c.trace::toString);
            assertEquals(ErrorCode.NO_ERROR.code(), first.errorCode(), c.trace::toString);
            release.countDown();

            String status = null;
            StringBuilder message = new StringBuilder();
            for (Frame f; (f = c.read()) != null; ) {
                if (f instanceof PingFrame p && !p.ack()) c.send(new PingFrame(true, p.opaqueData()));
                if (f instanceof DataFrame d && d.streamId() == 1) message.append(d.data().ascii());
                if (f instanceof HeadersFrame h && h.streamId() == 1 && h.endStream()) {
                    status = new RawH2Client.Block(c.decode(h.fragment()), true).get("grpc-status");
                } else if (f instanceof HeadersFrame h) {
                    c.decode(h.fragment());
                }
            }
            assertEquals("0", status, c.trace::toString);
            assertTrue(message.toString().contains("late x"), c.trace::toString);
            assertTrue(stopped.get(10, TimeUnit.SECONDS), "all calls finished within the grace\n" + c.trace);
            // The final GOAWAY names stream 1 as processed.
            long finals = c.trace.lines().stream().filter(l -> l.startsWith("<< GOAWAY last_stream=1 ")).count();
            assertEquals(1, finals, c.trace::toString);
        } finally {
            release.countDown();
            pool.shutdownNow();
            server.shutdownNow();
        }
    }
}
