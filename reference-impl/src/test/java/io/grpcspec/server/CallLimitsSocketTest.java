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
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gRPC-level answers over a real socket: 415, UNIMPLEMENTED, RESOURCE_EXHAUSTED, oversized header lists. */
class CallLimitsSocketTest {
    Server server;

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).maxReceiveMessageSize(1000).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    @Test
    void nonGrpcContentTypeGets415() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            List<HeaderField> req = new ArrayList<>(RawH2Client.request("/helloworld.Greeter/SayHello"));
            req.set(5, new HeaderField("content-type", "application/json"));
            c.sendHeaders(1, req, true);
            RawH2Client.Block b = c.readHeaders(1);
            assertNotNull(b, c.trace::toString);
            assertEquals("415", b.get(":status"), c.trace::toString);
            assertEquals("3", b.get("grpc-status"), c.trace::toString);
        }
    }

    @Test
    void unknownMethodIsUnimplementedTrailersOnly() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayGoodbye"), true);
            RawH2Client.Block b = c.readHeaders(1);
            assertNotNull(b, c.trace::toString);
            assertTrue(b.endStream(), "trailers-only\n" + c.trace);
            assertEquals("200", b.get(":status"), c.trace::toString);
            assertEquals("12", b.get("grpc-status"), c.trace::toString);
            assertEquals("unknown method SayGoodbye for service helloworld.Greeter", b.get("grpc-message"), c.trace::toString);
        }
    }

    @Test
    void messageOverTheReceiveLimitIsResourceExhausted() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.sendMessage(1, HelloRequest.newBuilder().setName("x".repeat(2000)).build().toByteArray(), true);
            RawH2Client.Block b = c.readHeaders(1);
            assertNotNull(b, c.trace::toString);
            assertEquals("8", b.get("grpc-status"), c.trace::toString);
        }
    }

    @Test
    void streamBeyondMaxConcurrentStreamsIsRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MethodDescriptor<HelloRequest, HelloReply> hold = MethodDescriptor.of("test.Hold", "Hold", MethodType.UNARY,
                ProtoMarshaller.of(HelloRequest.getDefaultInstance()), ProtoMarshaller.of(HelloReply.getDefaultInstance()));
        ServiceDefinition slow = ServiceDefinition.builder("test.Hold")
                .method(hold, (ServerMethods.Unary<HelloRequest, HelloReply>) (req, ctx) -> {
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HelloReply.getDefaultInstance();
                })
                .build();
        Server one = ServerBuilder.forPort(0).addService(slow).maxConcurrentStreams(1).build().start();
        try (RawH2Client c = new RawH2Client(one.port())) {
            SettingsFrame s = (SettingsFrame) c.read();
            assertTrue(s.settings().contains(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 1)), c.trace::toString);
            c.handshake();
            c.sendHeaders(1, RawH2Client.request("/test.Hold/Hold"), false);
            c.sendMessage(1, HelloRequest.getDefaultInstance().toByteArray(), true);
            c.sendHeaders(3, RawH2Client.request("/test.Hold/Hold"), true);
            RstStreamFrame r = (RstStreamFrame) c.readUntil(f -> f instanceof RstStreamFrame);
            assertNotNull(r, c.trace::toString);
            assertEquals(3, r.streamId(), c.trace::toString);
            assertEquals(ErrorCode.REFUSED_STREAM.code(), r.errorCode(), c.trace::toString);
            release.countDown();
            RawH2Client.Block b;
            do {
                b = c.readHeaders(1);
            } while (b != null && !b.endStream());
            assertNotNull(b, c.trace::toString);
            assertEquals("0", b.get("grpc-status"), c.trace::toString);
        } finally {
            release.countDown();
            one.shutdown(2, TimeUnit.SECONDS);
        }
    }
}
