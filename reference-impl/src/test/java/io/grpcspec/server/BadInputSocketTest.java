package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Broken peers over real sockets get exactly the answer spec/connection.md names, and the
 * server goes on serving a well-behaved connection opened before them.
 */
class BadInputSocketTest {
    Server server;
    RawH2Client good;

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).build().start();
        good = new RawH2Client(server.port()).handshake();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            // The connection opened before the bad one still serves calls.
            assertGreeterWorks(good, 1);
        } finally {
            good.close();
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void bogusPrefaceIsClosedWithoutGoAway() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port())) {
            c.writeRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            List<Frame> got = c.readAll();
            // The server speaks first (its SETTINGS), then closes on the bogus greeting (CONN-3).
            assertFalse(got.isEmpty(), c.trace::toString);
            assertInstanceOf(SettingsFrame.class, got.get(0), c.trace::toString);
            assertTrue(got.stream().noneMatch(f -> f instanceof GoAwayFrame), c.trace::toString);
            assertTrue(c.trace.toString().contains("EOF") || c.trace.toString().contains("socket"), c.trace::toString);
        }
    }

    @Test
    void nonSettingsFirstFrameGetsGoAwayProtocolError() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port())) {
            c.writeRaw(io.grpcspec.wire.Preface.CLIENT.toByteArray());
            c.send(new PingFrame(false, 42));
            GoAwayFrame g = (GoAwayFrame) c.readUntil(f -> f instanceof GoAwayFrame);
            assertNotNull(g, c.trace::toString);
            assertEquals(ErrorCode.PROTOCOL_ERROR.code(), g.errorCode(), c.trace::toString);
            assertEquals(0, g.lastStreamId(), c.trace::toString);
            assertEquals(null, c.readUntil(f -> true), "connection closed after the GOAWAY\n" + c.trace);
        }
    }

    @Test
    void windowUpdateOfZeroOnAStreamResetsOnlyThatStream() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.send(new WindowUpdateFrame(1, 0));
            RstStreamFrame r = (RstStreamFrame) c.readUntil(f -> f instanceof RstStreamFrame || f instanceof GoAwayFrame);
            assertNotNull(r, c.trace::toString);
            assertEquals(1, r.streamId(), c.trace::toString);
            assertEquals(ErrorCode.PROTOCOL_ERROR.code(), r.errorCode(), c.trace::toString);
            // The connection survives: the next stream is served.
            assertGreeterWorks(c, 3);
        }
    }

    @Test
    void dataOnStreamZeroGetsGoAwayProtocolError() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.send(new DataFrame(0, Bytes.ofAscii("x"), false, Frame.NO_PADDING));
            GoAwayFrame g = (GoAwayFrame) c.readUntil(f -> f instanceof GoAwayFrame);
            assertNotNull(g, c.trace::toString);
            assertEquals(ErrorCode.PROTOCOL_ERROR.code(), g.errorCode(), c.trace::toString);
            assertEquals(null, c.readUntil(f -> true), "connection closed after the GOAWAY\n" + c.trace);
        }
    }

    @Test
    void garbageHeaderBlockIsACompressionError() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            // 0xff 0xff ... : an indexed field with an index far past both tables (RFC 7541 §2.3.3).
            c.send(new io.grpcspec.wire.HeadersFrame(1, Bytes.ofHex("ffffffff0f"), true, true));
            GoAwayFrame g = (GoAwayFrame) c.readUntil(f -> f instanceof GoAwayFrame);
            assertNotNull(g, c.trace::toString);
            assertEquals(ErrorCode.COMPRESSION_ERROR.code(), g.errorCode(), c.trace::toString);
        }
    }

    static void assertGreeterWorks(RawH2Client c, int stream) throws Exception {
        c.sendHeaders(stream, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
        c.sendMessage(stream, HelloRequest.newBuilder().setName("again").build().toByteArray(), true);
        RawH2Client.Block trailers = null;
        for (RawH2Client.Block b; (b = c.readHeaders(stream)) != null; ) {
            if (b.endStream()) {
                trailers = b;
                break;
            }
        }
        assertNotNull(trailers, () -> "no trailers on stream " + stream + "\n" + c.trace);
        assertEquals("0", trailers.get("grpc-status"), c.trace::toString);
    }
}
