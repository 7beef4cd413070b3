package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.server.GreeterService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.spec.endpoint.EndpointConfig;
import io.grpcspec.spec.grpc.MessageFramer;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.HeaderField;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same connection class in the client role, against our server: the transport is role-agnostic. */
class Http2ConnectionClientTest {
    Server server;
    ScheduledExecutorService timers;
    final FrameTrace.Recorder trace = new FrameTrace.Recorder();

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).maxHeaderListSize(64 * 1024).build().start();
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
        timers.shutdownNow();
    }

    /** Collects what the connection delivers. */
    static final class Collector implements ConnectionListener {
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final LinkedBlockingQueue<List<HeaderField>> headers = new LinkedBlockingQueue<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        @Override
        public void onReady(Http2Connection c) {
            ready.countDown();
        }

        @Override
        public void onHeaders(Http2Connection c, int streamId, List<HeaderField> fields, boolean endStream, boolean trailers) {
            headers.add(fields);
        }

        @Override
        public synchronized void onData(Http2Connection c, int streamId, Bytes d, boolean endStream) {
            data.writeBytes(d.toByteArray());
            c.consumed(streamId, d.length());
        }

        @Override
        public void onClosed(Http2Connection c, String reason) {
            closed.countDown();
        }
    }

    @Test
    void clientRoleCallWithHeaderBlockSplitIntoContinuations() throws Exception {
        Collector l = new Collector();
        Http2Connection c = Http2Connection.start(new Socket("127.0.0.1", server.port()), EndpointConfig.client(), l, timers, trace, "client");
        try {
            assertTrue(l.ready.await(5, TimeUnit.SECONDS), trace::toString);
            List<HeaderField> req = new ArrayList<>(List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                    new HeaderField(":path", "/helloworld.Greeter/SayHello"), new HeaderField(":authority", "localhost"),
                    new HeaderField("te", "trailers"), new HeaderField("content-type", "application/grpc")));
            // 40 000 octets of metadata: more than two 16 KiB frames, so HEADERS + 2 CONTINUATION.
            req.add(new HeaderField("x-big", "v".repeat(40_000)));
            Http2Connection.Outcome o = c.openStream(req, false);
            assertNull(o.refused(), trace::toString);
            assertEquals(1, o.streamId());
            byte[] msg = HelloRequest.newBuilder().setName("role").build().toByteArray();
            assertNull(c.sendData(1, MessageFramer.frame(Bytes.of(msg)), true).refused(), trace::toString);
            assertNotNull(l.headers.poll(5, TimeUnit.SECONDS), trace::toString);
            List<HeaderField> trailers = l.headers.poll(5, TimeUnit.SECONDS);
            assertNotNull(trailers, trace::toString);
            assertTrue(trailers.contains(new HeaderField("grpc-status", "0")), trace::toString);
            byte[] body;
            synchronized (l) {
                body = l.data.toByteArray();
            }
            assertEquals("Hello role", HelloReply.parseFrom(Arrays.copyOfRange(body, 5, body.length)).getMessage());
            long continuations = trace.lines().stream().filter(s -> s.startsWith(">> CONTINUATION stream=1")).count();
            assertEquals(2, continuations, trace::toString);
            assertTrue(trace.lines().contains("-- preface sent"), trace::toString);
        } finally {
            c.shutdown(false);
            assertTrue(l.closed.await(5, TimeUnit.SECONDS), trace::toString);
        }
    }
}
