package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.SettingsFrame;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Greeter over a real loopback socket, with a hand-rolled HTTP/2 request. */
class GreeterSocketTest {
    Server server;

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition())
                .addService(InteropTestService.definition()).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    @Test
    void sayHelloAnswersWithGreetingAndStatusOk() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port())) {
            c.handshake();
            c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.sendMessage(1, HelloRequest.newBuilder().setName("spec").build().toByteArray(), true);
            RawH2Client.Block headers = c.readHeaders(1);
            assertNotNull(headers, () -> "no response headers\n" + c.trace);
            assertEquals("200", headers.get(":status"), c.trace::toString);
            assertEquals("application/grpc", headers.get("content-type"), c.trace::toString);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            RawH2Client.Block trailers = null;
            for (Frame f; trailers == null && (f = c.read()) != null; ) {
                if (f instanceof DataFrame d && d.streamId() == 1) body.write(d.data().toByteArray());
                if (f instanceof io.grpcspec.wire.HeadersFrame h && h.streamId() == 1) {
                    trailers = new RawH2Client.Block(c.decode(h.fragment()), h.endStream());
                }
                if (f instanceof SettingsFrame s && !s.ack()) c.send(SettingsFrame.ACK_FRAME);
            }
            assertNotNull(trailers, () -> "no trailers\n" + c.trace);
            assertTrue(trailers.endStream(), c.trace::toString);
            assertEquals("0", trailers.get("grpc-status"), c.trace::toString);
            byte[] b = body.toByteArray();
            assertEquals(0, b[0], "uncompressed");
            HelloReply reply = HelloReply.parseFrom(Arrays.copyOfRange(b, 5, b.length));
            assertEquals("Hello spec", reply.getMessage(), c.trace::toString);
        }
    }
}
