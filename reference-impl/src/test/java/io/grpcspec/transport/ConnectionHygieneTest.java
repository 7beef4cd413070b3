package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.server.GreeterService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hostile input costs nothing lasting: after many bad connections no connection thread remains. */
class ConnectionHygieneTest {

    /** Reader and writer threads still running (virtual threads: the connection keeps the list). */
    static long connectionThreads() {
        return Http2Connection.liveThreadNames().stream()
                .filter(n -> n.startsWith("grpcspec-reader") || n.startsWith("grpcspec-writer"))
                .count();
    }

    /** A peer that stops reading blocks our writer in the socket; stopping must still finish, quickly. */
    @Test
    void immediateStopFinishesWithAPeerThatNeverReads() throws Exception {
        Server server = ServerBuilder.forPort(0).addService(io.grpcspec.server.InteropTestService.definition()).build().start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setReceiveBufferSize(4096);
            OutputStream out = s.getOutputStream();
            io.grpcspec.hpack.HpackEncoder enc = new io.grpcspec.hpack.HpackEncoder();
            out.write(io.grpcspec.wire.Preface.CLIENT.toByteArray());
            out.write(io.grpcspec.wire.FrameWriter.encode(new io.grpcspec.wire.SettingsFrame(false,
                    java.util.List.of(new io.grpcspec.wire.Setting(io.grpcspec.wire.SettingId.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE)))));
            out.write(io.grpcspec.wire.FrameWriter.encode(new io.grpcspec.wire.WindowUpdateFrame(0, Integer.MAX_VALUE - 65535)));
            java.util.List<io.grpcspec.wire.HeaderField> req = java.util.List.of(new io.grpcspec.wire.HeaderField(":method", "POST"),
                    new io.grpcspec.wire.HeaderField(":scheme", "http"),
                    new io.grpcspec.wire.HeaderField(":path", "/grpc.testing.TestService/StreamingOutputCall"),
                    new io.grpcspec.wire.HeaderField("te", "trailers"), new io.grpcspec.wire.HeaderField("content-type", "application/grpc"));
            out.write(io.grpcspec.wire.FrameWriter.encode(new io.grpcspec.wire.HeadersFrame(1, enc.encode(req), false, true)));
            io.grpcspec.proto.testing.StreamingOutputCallRequest.Builder b = io.grpcspec.proto.testing.StreamingOutputCallRequest.newBuilder();
            for (int i = 0; i < 200; i++) b.addResponseParameters(io.grpcspec.proto.testing.ResponseParameters.newBuilder().setSize(64 * 1024));
            out.write(io.grpcspec.wire.FrameWriter.encode(new io.grpcspec.wire.DataFrame(1,
                    io.grpcspec.spec.grpc.MessageFramer.frame(io.grpcspec.wire.Bytes.of(b.build().toByteArray())), true,
                    io.grpcspec.wire.Frame.NO_PADDING)));
            out.flush();
            Thread.sleep(1000); // the server fills the socket buffers and its writer blocks; we never read
            long t0 = System.nanoTime();
            server.shutdownNow();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 8000, "stop took " + ms + " ms");
            assertTrue(server.awaitTermination(5, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (connectionThreads() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(connectionThreads() == 0, "connection threads left: " + connectionThreads());
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void connectionsBeyondTheBoundAreClosedAtAccept() throws Exception {
        Server server = ServerBuilder.forPort(0).maxConnections(2).build().start();
        try (Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
            a.setSoTimeout(3000);
            b.setSoTimeout(3000);
            // Both get the server's SETTINGS first (9-octet header + payload): they are served.
            assertTrue(a.getInputStream().read() >= 0);
            assertTrue(b.getInputStream().read() >= 0);
            try (Socket c = new Socket("127.0.0.1", server.port())) {
                c.setSoTimeout(3000);
                assertTrue(c.getInputStream().read() == -1, "third connection must be closed at once");
            }
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void badConnectionsLeaveNoThreadsBehind() throws Exception {
        Server server = ServerBuilder.forPort(0).addService(GreeterService.definition()).build().start();
        Random random = new Random(4);
        try {
            for (int i = 0; i < 40; i++) {
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    s.setSoTimeout(2000);
                    OutputStream out = s.getOutputStream();
                    switch (i % 4) {
                        case 0 -> out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        case 1 -> {
                            out.write(io.grpcspec.wire.Preface.CLIENT.toByteArray());
                            byte[] junk = new byte[200];
                            random.nextBytes(junk);
                            out.write(junk);
                        }
                        case 2 -> out.write(io.grpcspec.wire.Preface.CLIENT.toByteArray()); // then hang up
                        default -> {
                            // nothing at all
                        }
                    }
                    out.flush();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // Set-up runs on handshake threads: wait until nothing is open for a stable half second.
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                if (server.openConnections() > 0 || connectionThreads() > 0) quietSince = System.nanoTime();
                else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(500)) break;
                Thread.sleep(20);
            }
            assertTrue(server.openConnections() == 0, "connections still open: " + server.openConnections());
            assertTrue(connectionThreads() == 0, "connection threads left: " + connectionThreads());
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }
}
