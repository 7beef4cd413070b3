package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ContinuationFrame;
import io.grpcspec.wire.DataFrame;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a server built with no options announces and enforces (issue #9): at most 100 concurrent
 * streams, a 16 KiB header list (so 8 KiB of metadata in CONTINUATION frames is served, and a
 * larger list gets HTTP 431), 4 MiB request messages. Exact frames over a real socket.
 */
class ServerDefaultsSocketTest {
    Server server;

    @BeforeEach
    void start() throws Exception {
        server = ServerBuilder.forPort(0).addService(GreeterService.definition()).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    @Test
    @Checks({"STR-13"})
    void oneHundredConcurrentStreamsAreAnnouncedAndTheNextIsRefused() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port())) {
            SettingsFrame s = (SettingsFrame) c.read();
            assertTrue(s.settings().contains(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100)), c.trace::toString);
            assertTrue(s.settings().contains(new Setting(SettingId.MAX_HEADER_LIST_SIZE, 16384)), c.trace::toString);
            c.handshake();
            c.send(SettingsFrame.ACK_FRAME);
            // Each call waits for its request message, so its stream stays open.
            for (int id = 1; id <= 199; id += 2) c.sendHeaders(id, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.sendHeaders(201, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            assertEquals(List.of(new RstStreamFrame(201, ErrorCode.REFUSED_STREAM)), c.framesOn(201), c.trace::toString);
            // The streams within the limit are served.
            c.sendMessage(1, HelloRequest.newBuilder().setName("one").build().toByteArray(), true);
            List<Frame> first = c.framesOn(1);
            assertEquals("0", RawH2Client.get(c.blocks.get(c.blocks.size() - 1), "grpc-status"), c.trace::toString);
            assertTrue(first.get(first.size() - 1) instanceof HeadersFrame h && h.endStream(), c.trace::toString);
        }
    }

    @Test
    @Checks({"HB-6", "HP-14"})
    void eightKibOfMetadataInContinuationFramesIsServed() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            List<HeaderField> req = new ArrayList<>(RawH2Client.request("/helloworld.Greeter/SayHello"));
            for (int i = 0; i < 8; i++) req.add(new HeaderField("x-dummy-" + i, String.valueOf((char) ('a' + i)).repeat(1000)));
            long size = req.stream().mapToLong(HeaderField::size).sum();
            assertTrue(size > 8192 && size < 16384, "a list between grpc-java's 8 KiB and our 16 KiB: " + size);
            Bytes block = c.encoder.encode(req);
            int quarter = block.length() / 4 + 1;
            c.send(new HeadersFrame(1, block.slice(0, quarter), false, false));
            c.send(new ContinuationFrame(1, block.slice(quarter, 2 * quarter), false));
            c.send(new ContinuationFrame(1, block.slice(2 * quarter, 3 * quarter), false));
            c.send(new ContinuationFrame(1, block.slice(3 * quarter, block.length()), true));
            c.sendMessage(1, HelloRequest.newBuilder().setName("big").build().toByteArray(), true);
            c.framesOn(1);
            assertEquals("0", RawH2Client.get(c.blocks.get(c.blocks.size() - 1), "grpc-status"), c.trace::toString);
        }
    }

    @Test
    @Checks({"HP-14"})
    void aHeaderListOverTheLimitIsAnsweredWith431() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            List<HeaderField> big = new ArrayList<>(RawH2Client.request("/helloworld.Greeter/SayHello"));
            big.add(new HeaderField("x-big", "v".repeat(17_000)));
            // The request goes on: 431 ends our side, RST_STREAM(NO_ERROR) asks the client to stop.
            c.sendHeaders(1, big, false);
            List<Frame> open = c.framesOn(1);
            assertEquals(1, open.size(), c.trace::toString);
            assertTrue(open.get(0) instanceof HeadersFrame h && h.endStream(), c.trace::toString);
            assertEquals(List.of(new HeaderField(":status", "431")), c.blocks.get(0), c.trace::toString);
            assertEquals(new RstStreamFrame(1, ErrorCode.NO_ERROR), c.readUntil(f -> f.streamId() == 1), c.trace::toString);
            // A request that had ended gets the 431 alone; the connection and its HPACK state go on.
            c.sendHeaders(3, big, true);
            assertEquals(1, c.framesOn(3).size(), c.trace::toString);
            assertEquals(List.of(new HeaderField(":status", "431")), c.blocks.get(1), c.trace::toString);
            BadInputSocketTest.assertGreeterWorks(c, 5);
        }
    }

    @Test
    @Checks({"RPC-16", "RPC-17"})
    void requestMessagesAreLimitedTo4MiB() throws Exception {
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            // A prefix announcing 4 MiB + 1: refused from the prefix alone.
            c.sendHeaders(1, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.send(new DataFrame(1, prefix(4 * 1024 * 1024 + 1), false));
            List<Frame> over = c.framesOn(1);
            assertInstanceOf(HeadersFrame.class, over.get(0), c.trace::toString);
            assertEquals("8", RawH2Client.get(c.blocks.get(0), "grpc-status"), c.trace::toString);
            // Exactly 4 MiB is allowed: the server waits for it, and ending the request early is INTERNAL (RPC-17).
            c.sendHeaders(3, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.send(new DataFrame(3, prefix(4 * 1024 * 1024), false));
            c.send(new DataFrame(3, Bytes.EMPTY, true));
            c.framesOn(3);
            assertEquals("13", RawH2Client.get(c.blocks.get(1), "grpc-status"), c.trace::toString);
        }
    }

    private static Bytes prefix(int length) {
        return Bytes.of(new byte[] {0, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    }
}
