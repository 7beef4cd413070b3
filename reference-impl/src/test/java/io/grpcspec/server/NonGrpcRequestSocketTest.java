package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.Preface;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request that is not gRPC is served like an HTTP/2 server serves one (RPC-44): read to its
 * end with every frame judged, then answered with a status and a text body. Exact frames over a
 * real socket.
 */
class NonGrpcRequestSocketTest {
    static final String BODY_415 = "415 Unsupported Media Type: invalid gRPC request content-type none\n";

    Server server;

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    static List<HeaderField> get(String path) {
        return List.of(new HeaderField(":method", "GET"), new HeaderField(":scheme", "http"),
                new HeaderField(":path", path), new HeaderField(":authority", "localhost"));
    }

    static List<HeaderField> post(String contentType, String... extra) {
        List<HeaderField> f = new ArrayList<>(List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
                new HeaderField(":path", "/upload"), new HeaderField(":authority", "localhost"),
                new HeaderField("content-type", contentType)));
        for (int i = 0; i < extra.length; i += 2) f.add(new HeaderField(extra[i], extra[i + 1]));
        return f;
    }

    /**
     * Nothing arrives on any stream before the answer to a PING: no late frame, no reset
     * (connection-level SETTINGS and WINDOW_UPDATE frames are passed over).
     */
    static void assertQuietUntilPingAck(RawH2Client c, long payload) throws Exception {
        c.send(new PingFrame(false, payload));
        Frame f = c.readUntil(x -> x.streamId() != 0 || x instanceof PingFrame || x instanceof GoAwayFrame);
        assertEquals(new PingFrame(true, payload), f, c.trace::toString);
    }

    @Test
    @Checks({"RPC-2", "RPC-44"})
    void aGetWithoutContentTypeGets415WithATextBody() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, get("/"), true);
            List<Frame> frames = c.framesOn(1);
            assertEquals(2, frames.size(), c.trace::toString);
            HeadersFrame h = assertInstanceOf(HeadersFrame.class, frames.get(0), c.trace::toString);
            assertFalse(h.endStream(), c.trace::toString);
            assertEquals(List.of(new HeaderField(":status", "415"), new HeaderField("content-type", "text/plain; charset=utf-8"),
                    new HeaderField("content-length", "" + BODY_415.length()), new HeaderField("grpc-status", "3"),
                    new HeaderField("grpc-message", "invalid gRPC request content-type none")), c.blocks.get(0), c.trace::toString);
            assertEquals(new DataFrame(1, Bytes.ofAscii(BODY_415), true), frames.get(1), c.trace::toString);
            // A complete response to a complete request: no RST_STREAM follows.
            assertQuietUntilPingAck(c, 7);
        }
    }

    @Test
    @Checks({"RPC-44"})
    void aNonGrpcRequestIsAnsweredOnlyAfterItsEnd() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, post("text/plain"), false);
            c.send(new DataFrame(1, Bytes.ofAscii("first part"), false));
            assertQuietUntilPingAck(c, 1);
            c.send(new DataFrame(1, Bytes.ofAscii("second part"), true));
            List<Frame> frames = c.framesOn(1);
            assertEquals(2, frames.size(), c.trace::toString);
            assertEquals("415", RawH2Client.get(c.blocks.get(0), ":status"), c.trace::toString);
            assertTrue(frames.get(1) instanceof DataFrame d && d.endStream(), c.trace::toString);
            BadInputSocketTest.assertGreeterWorks(c, 3);
        }
    }

    @Test
    @Checks({"RPC-43"})
    void aContentLengthThatDisagreesWithTheDataIsAStreamError() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, post("text/plain", "content-length", "1"), false);
            c.send(new DataFrame(1, Bytes.ofAscii("test"), true));
            assertEquals(List.of(new RstStreamFrame(1, ErrorCode.PROTOCOL_ERROR)), c.framesOn(1), c.trace::toString);
            // Too little DATA, found at END_STREAM; and the same on a gRPC call.
            c.sendHeaders(3, post("text/plain", "content-length", "10"), false);
            c.send(new DataFrame(3, Bytes.ofAscii("short"), true));
            assertEquals(List.of(new RstStreamFrame(3, ErrorCode.PROTOCOL_ERROR)), c.framesOn(3), c.trace::toString);
            List<HeaderField> call = new ArrayList<>(RawH2Client.request("/helloworld.Greeter/SayHello"));
            call.add(new HeaderField("content-length", "1"));
            c.sendHeaders(5, call, false);
            c.sendMessage(5, HelloRequest.newBuilder().setName("x").build().toByteArray(), true);
            assertEquals(List.of(new RstStreamFrame(5, ErrorCode.PROTOCOL_ERROR)), c.framesOn(5), c.trace::toString);
            BadInputSocketTest.assertGreeterWorks(c, 7);
        }
    }

    @Test
    @Checks({"RPC-8", "RPC-44"})
    void pseudoHeaderFieldsInTheTrailersOfAReadRequestAreAStreamError() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, get("/"), false);
            c.sendHeaders(1, List.of(new HeaderField(":path", "/other")), true);
            assertEquals(List.of(new RstStreamFrame(1, ErrorCode.PROTOCOL_ERROR)), c.framesOn(1), c.trace::toString);
        }
    }

    @Test
    @Checks({"HB-5", "RPC-44"})
    void aSecondHeadersWithoutEndStreamIsAStreamError() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, get("/"), false);
            c.sendHeaders(1, List.of(new HeaderField("x-more", "1")), false);
            assertEquals(List.of(new RstStreamFrame(1, ErrorCode.PROTOCOL_ERROR)), c.framesOn(1), c.trace::toString);
        }
    }

    @Test
    @Checks({"FC-1", "FC-2", "RPC-44"})
    void windowUpdatesOnAStreamBeingReadAreJudged() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, get("/"), false);
            c.send(new WindowUpdateFrame(1, 0));
            assertEquals(List.of(new RstStreamFrame(1, ErrorCode.PROTOCOL_ERROR)), c.framesOn(1), c.trace::toString);
            c.sendHeaders(3, get("/"), false);
            c.send(new WindowUpdateFrame(3, Integer.MAX_VALUE));
            assertEquals(List.of(new RstStreamFrame(3, ErrorCode.FLOW_CONTROL_ERROR)), c.framesOn(3), c.trace::toString);
            BadInputSocketTest.assertGreeterWorks(c, 5);
        }
    }

    @Test
    @Checks({"STR-3", "RPC-44"})
    void dataAfterTheClientsOwnResetIsIgnoredByDefaultAndAConnectionErrorWhenStrict() throws Exception {
        // The robust answer (STR-3 is a MAY): the late DATA is dropped, nothing answers on stream 1, the connection goes on.
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            c.sendHeaders(1, get("/"), false);
            c.send(new RstStreamFrame(1, ErrorCode.CANCEL));
            c.send(new DataFrame(1, Bytes.ofAscii("late"), false));
            assertQuietUntilPingAck(c, 9);
        }
        Server strict = ServerBuilder.forPort(0).addService(GreeterService.definition()).strictAnswers(true).build().start();
        try (RawH2Client c = new RawH2Client(strict.port()).handshake()) {
            c.sendHeaders(1, get("/"), false);
            c.send(new RstStreamFrame(1, ErrorCode.CANCEL));
            c.send(new DataFrame(1, Bytes.ofAscii("late"), false));
            GoAwayFrame g = (GoAwayFrame) c.readUntil(f -> f instanceof GoAwayFrame);
            assertEquals(ErrorCode.STREAM_CLOSED.code(), g.errorCode(), c.trace::toString);
            assertEquals(1, g.lastStreamId(), c.trace::toString);
        } finally {
            strict.shutdownNow();
        }
    }
    @Test
    @Checks({"FC-3", "RPC-44"})
    void theAnswerBodyWaitsForFlowControlCredit() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port())) {
            c.writeRaw(Preface.CLIENT.toByteArray());
            c.send(new SettingsFrame(false, List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1))));
            c.sendHeaders(1, get("/"), true);
            Frame h = c.readUntil(f -> f.streamId() == 1);
            assertInstanceOf(HeadersFrame.class, h, c.trace::toString);
            Frame first = c.readUntil(f -> f.streamId() == 1);
            assertEquals(new DataFrame(1, Bytes.ofAscii(BODY_415.substring(0, 1)), false), first, c.trace::toString);
            assertQuietUntilPingAck(c, 2);
            c.send(new WindowUpdateFrame(1, BODY_415.length() - 1));
            Frame rest = c.readUntil(f -> f.streamId() == 1);
            assertEquals(new DataFrame(1, Bytes.ofAscii(BODY_415.substring(1)), true), rest, c.trace::toString);
        }
    }
}
