package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.server.GreeterService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.spec.channel.ConnectivityState;
import io.grpcspec.testing.Checks;
import io.grpcspec.transport.FrameTrace;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.HeadersFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our client and our server over a unix domain socket (gRPC's {@code unix:} targets). */
class UnixSocketTest {

    @TempDir
    Path dir;

    @Test
    @Checks("CH-18")
    void greeterOverAUnixSocket() throws Exception {
        Path sock = dir.resolve("greeter.sock");
        AtomicInteger serverHeaders = new AtomicInteger();
        FrameTrace serverTrace = new FrameTrace() {
            @Override
            public void frame(boolean inbound, Frame frame) {
                if (inbound && frame instanceof HeadersFrame) serverHeaders.incrementAndGet();
            }
        };
        Server server = ServerBuilder.forPort(0).unixSocket(sock).addService(GreeterService.definition())
                .trace(name -> serverTrace).build().start();
        try (server;
             Channel ch = Grpc.dial("unix://" + sock.toAbsolutePath(), DialOptions.insecure(), DialOptions.withBlock(Duration.ofSeconds(5)))) {
            assertEquals(-1, server.port());
            assertNull(server.address());
            assertEquals(sock, server.unixSocket());
            assertEquals(ConnectivityState.READY, ch.state());
            GreeterClient g = new GreeterClient(ch).withOptions(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
            // Several calls on the one connection: reader and writer run at once over the channel.
            for (int i = 0; i < 20; i++) assertEquals("Hello unix " + i, g.sayHello("unix " + i));
            // A large message exercises flow control both ways (WINDOW_UPDATEs written while reading).
            String big = "x".repeat(300_000);
            assertEquals("Hello " + big, g.sayHello(big));
            assertEquals(21, serverHeaders.get(), "every call reached our server through the socket");
            assertEquals(1, server.openConnections());
        }
        assertFalse(Files.exists(sock), "the server removes its socket file when it stops");
    }

    @Test
    void tlsOverAUnixSocketIsRefusedAtBuild() throws Exception {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getDefault();
        ServerBuilder b = ServerBuilder.forPort(0).unixSocket(dir.resolve("tls.sock")).tls(ctx);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("unix"), e.getMessage());
    }
}
