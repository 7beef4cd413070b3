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

    static long connectionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("grpcspec-reader") || t.getName().startsWith("grpcspec-writer"))
                .count();
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
