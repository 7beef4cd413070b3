package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.proto.helloworld.HelloRequest;
import io.grpcspec.proto.testing.ResponseParameters;
import io.grpcspec.proto.testing.StreamingOutputCallRequest;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeaderField;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Trailers held behind DATA that waits for window while another stream's headers go out: every
 * header block must decode in wire order (the encoder runs in write order, not hand-over order).
 */
class HpackOrderSocketTest {

    @Test
    void heldTrailersAndLaterHeadersDecodeInWireOrder() throws Exception {
        Server server = ServerBuilder.forPort(0).addService(GreeterService.definition())
                .addService(InteropTestService.definition()).build().start();
        try (RawH2Client c = new RawH2Client(server.port())) {
            c.writeRaw(io.grpcspec.wire.Preface.CLIENT.toByteArray());
            c.send(new SettingsFrame(false, List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 100))));
            // Stream 1: 600 bytes of response against a 100-byte window; the trailers must wait.
            c.sendHeaders(1, RawH2Client.request("/grpc.testing.TestService/StreamingOutputCall"), false);
            c.sendMessage(1, StreamingOutputCallRequest.newBuilder()
                    .addResponseParameters(ResponseParameters.newBuilder().setSize(600)).build().toByteArray(), true);
            Map<Integer, List<List<HeaderField>>> blocks = new HashMap<>();
            readBlocks(c, blocks, 1, 1, 300); // stream 1's response headers; its trailers are held
            // Stream 3 runs to completion meanwhile.
            c.sendHeaders(3, RawH2Client.request("/helloworld.Greeter/SayHello"), false);
            c.sendMessage(3, HelloRequest.newBuilder().setName("x").build().toByteArray(), true);
            readBlocks(c, blocks, 3, 2, 3000);
            assertEquals(1, blocks.get(1).size(), "stream 1 trailers must still wait for window\n" + c.trace);
            // Now let stream 1 finish.
            c.send(new WindowUpdateFrame(1, 10_000));
            readBlocks(c, blocks, 1, 2, 3000);
            assertEquals("0", value(blocks.get(3).get(1), "grpc-status"), c.trace::toString);
            assertEquals("0", value(blocks.get(1).get(1), "grpc-status"), c.trace::toString);
            assertEquals("200", value(blocks.get(1).get(0), ":status"), c.trace::toString);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    /** Reads, decoding EVERY header block in arrival order, until {@code stream} has {@code count} blocks. */
    private static void readBlocks(RawH2Client c, Map<Integer, List<List<HeaderField>>> blocks, int stream, int count, int timeoutMs)
            throws Exception {
        c.socket.setSoTimeout(timeoutMs);
        while (blocks.getOrDefault(stream, List.of()).size() < count) {
            Frame f;
            try {
                f = c.read();
            } catch (java.net.SocketTimeoutException e) {
                if (stream == 1 && count == 1) return;
                throw new AssertionError("timed out waiting for block " + count + " of stream " + stream + "\n" + c.trace);
            }
            assertTrue(f != null, c.trace::toString);
            if (f instanceof SettingsFrame s && !s.ack()) c.send(SettingsFrame.ACK_FRAME);
            if (f instanceof HeadersFrame h) {
                assertTrue(h.endHeaders(), "small blocks fit one frame");
                blocks.computeIfAbsent(h.streamId(), k -> new ArrayList<>()).add(c.decode(h.fragment()));
            }
        }
    }

    private static String value(List<HeaderField> fields, String name) {
        for (HeaderField f : fields) if (f.name().equals(name)) return f.value();
        return null;
    }
}
