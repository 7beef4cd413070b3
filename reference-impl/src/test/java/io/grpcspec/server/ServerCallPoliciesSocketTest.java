package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloReply;
import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.rpc.Compression;
import io.grpcspec.rpc.MethodDescriptor;
import io.grpcspec.rpc.MethodType;
import io.grpcspec.rpc.ProtoMarshaller;
import io.grpcspec.rpc.ServerMethods;
import io.grpcspec.rpc.ServiceDefinition;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's call policies over a real socket, from a hand-rolled client: the request shape of
 * a unary method (RPC-36), messages that cannot be read (RPC-34, RPC-35), and response
 * compression only as the client accepts it (RPC-32).
 */
class ServerCallPoliciesSocketTest {
    Server server;

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).addService(ZIPPER).maxReceiveMessageSize(1000)
                .build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    private static final byte[] HELLO = HelloRequest.newBuilder().setName("x").build().toByteArray();

    /** A Greeter that always asks for gzip-compressed responses. */
    private static final ServiceDefinition ZIPPER = ServiceDefinition.builder("test.Zipper")
            .method(MethodDescriptor.of("test.Zipper", "Hello", MethodType.UNARY, ProtoMarshaller.of(HelloRequest.getDefaultInstance()),
                    ProtoMarshaller.of(HelloReply.getDefaultInstance())), (ServerMethods.Unary<HelloRequest, HelloReply>) (req, ctx) -> {
                        ctx.setResponseCompression(Compression.GZIP);
                        return HelloReply.newBuilder().setMessage("Hello " + req.getName()).build();
                    })
            .build();

    /** The final header block of stream 1 (trailers or trailers-only). */
    private static RawH2Client.Block status(RawH2Client c) throws Exception {
        RawH2Client.Block b;
        do {
            b = c.readHeaders(1);
        } while (b != null && !b.endStream());
        assertNotNull(b, c.trace::toString);
        return b;
    }

    @Test
    @Checks("RPC-36")
    void aSecondRequestMessageForAUnaryMethodIsInternal() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.sendMessage(1, HELLO, false);
            c.sendMessage(1, HELLO, true);
            RawH2Client.Block b = status(c);
            assertEquals("13", b.get("grpc-status"), c.trace::toString);
            assertEquals("Too many requests", b.get("grpc-message"), c.trace::toString);
            BadInputSocketTest.assertGreeterWorks(c, 3);
        }
    }

    @Test
    @Checks("RPC-36")
    void aUnaryRequestThatEndsWithoutAMessageIsInternal() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayHello"), true);
            RawH2Client.Block b = status(c);
            assertEquals("13", b.get("grpc-status"), c.trace::toString);
            assertEquals("Half-closed without a request", b.get("grpc-message"), c.trace::toString);
        }
    }

    @Test
    @Checks("RPC-35")
    void anUnparsableRequestIsInternal() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.sendMessage(1, new byte[] {(byte) 0xff, (byte) 0xff}, true);
            RawH2Client.Block b = status(c);
            assertEquals("13", b.get("grpc-status"), c.trace::toString);
            assertTrue(b.get("grpc-message").startsWith("cannot parse the message"), c.trace::toString);
        }
    }

    @Test
    @Checks({"RPC-34", "RPC-35"})
    void aCompressedRequestIsJudgedAfterDecompression() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            List<HeaderField> req = new ArrayList<>(RawH2Client.request("/helloworld.Greeter/SayHello"));
            req.add(new HeaderField("grpc-encoding", "gzip"));
            // 5000 bytes of name gzip to a few dozen: under the 1000-byte limit on the wire, over it unpacked.
            byte[] packed = Compression.GZIP.compress(HelloRequest.newBuilder().setName("x".repeat(5000)).build().toByteArray());
            assertTrue(packed.length < 1000);
            c.sendHeaders(1, req, false);
            c.send(new DataFrame(1, compressedMessage(packed), true, Frame.NO_PADDING));
            RawH2Client.Block b = status(c);
            assertEquals("8", b.get("grpc-status"), c.trace::toString);
            // Bytes that are not gzip at all are INTERNAL.
            c.sendHeaders(3, req, false);
            c.send(new DataFrame(3, compressedMessage(new byte[] {1, 2, 3}), true, Frame.NO_PADDING));
            RawH2Client.Block bad;
            do {
                bad = c.readHeaders(3);
            } while (bad != null && !bad.endStream());
            assertNotNull(bad, c.trace::toString);
            assertEquals("13", bad.get("grpc-status"), c.trace::toString);
        }
    }

    @Test
    @Checks("RPC-32")
    void theResponseIsCompressedOnlyWhenTheClientAcceptsTheEncoding() throws Exception {
        // The handler always asks for gzip; the client's grpc-accept-encoding decides.
        for (boolean accepts : new boolean[] {true, false}) {
            try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
                List<HeaderField> req = new ArrayList<>(RawH2Client.request("/test.Zipper/Hello"));
                if (accepts) req.add(new HeaderField("grpc-accept-encoding", "deflate, gzip"));
                c.sendHeaders(1, req, false);
                c.sendMessage(1, HELLO, true);
                RawH2Client.Block headers = c.readHeaders(1);
                assertNotNull(headers, c.trace::toString);
                DataFrame d = (DataFrame) c.readUntil(f -> f instanceof DataFrame df && df.streamId() == 1);
                assertNotNull(d, c.trace::toString);
                byte[] framed = d.data().toByteArray();
                byte[] body = Arrays.copyOfRange(framed, 5, framed.length);
                if (accepts) {
                    assertEquals("gzip", headers.get("grpc-encoding"), c.trace::toString);
                    assertEquals(1, framed[0]);
                    body = Compression.GZIP.decompress(body, 1 << 20);
                } else {
                    assertNull(headers.get("grpc-encoding"), c.trace::toString);
                    assertEquals(0, framed[0]);
                }
                assertEquals("Hello x", HelloReply.parseFrom(body).getMessage(), c.trace::toString);
            }
        }
    }

    private static Bytes compressedMessage(byte[] packed) {
        byte[] framed = new byte[5 + packed.length];
        framed[0] = 1;
        framed[1] = (byte) (packed.length >>> 24);
        framed[2] = (byte) (packed.length >>> 16);
        framed[3] = (byte) (packed.length >>> 8);
        framed[4] = (byte) packed.length;
        System.arraycopy(packed, 0, framed, 5, packed.length);
        return Bytes.of(framed);
    }
}
