package io.grpcspec.oracle.serve;

import static io.grpcspec.oracle.serve.MisbehavingClient.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.server.GreeterService;
import io.grpcspec.server.Server;
import io.grpcspec.server.ServerBuilder;
import io.grpcspec.testing.Checks;
import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.HeadersFrame;
import io.grpcspec.wire.RstStreamFrame;
import io.grpcspec.wire.SettingsFrame;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The robust and the strict answer over real sockets, with grpc-java's stress-client pattern from
 * issue #10 (HEADERS, RST_STREAM(CANCEL), then DATA on the same stream) and a surplus SETTINGS
 * ACK: the default server ignores both and serves the next call on the same connection; a server
 * built with {@code strictAnswers(true)} ({@code serve --strict}) ends the connection.
 */
class RobustAnswersSocketTest {

    private static Server server(boolean strict) throws Exception {
        return ServerBuilder.forPort(0).host("127.0.0.1").addService(GreeterService.definition()).strictAnswers(strict).build().start();
    }

    /** Sends the fault, then a well-formed call on stream 3; returns the client to look at. */
    private static MisbehavingClient dataAfterOwnReset(int port) throws Exception {
        MisbehavingClient c = new MisbehavingClient(port).handshake();
        c.headers(1, request("/helloworld.Greeter/SayHello"), false);
        c.send(new RstStreamFrame(1, ErrorCode.CANCEL));
        c.data(1, Bytes.of(new byte[12_518]), false);
        try {
            c.sayHello(3, request("/helloworld.Greeter/SayHello"));
        } catch (java.io.IOException closedAlready) {
            // the strict server may have closed the connection by now
        }
        return c;
    }

    private static boolean answered(MisbehavingClient c, int stream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (Frame f : c.received()) if (f instanceof HeadersFrame h && h.streamId() == stream && h.endStream()) return true;
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    @Checks({"STR-3"})
    void dataAfterTheClientsOwnResetIsIgnoredByDefaultAndEndsTheConnectionWhenStrict() throws Exception {
        Server robust = server(false);
        Server strict = server(true);
        try (MisbehavingClient r = dataAfterOwnReset(robust.port()); MisbehavingClient s = dataAfterOwnReset(strict.port())) {
            assertTrue(answered(r, 3), () -> "the next call on the same connection is served: " + r.received());
            assertNull(r.goAway(), "no GOAWAY");
            assertTrue(s.awaitClosed(Duration.ofSeconds(5)));
            GoAwayFrame g = s.goAway();
            assertNotNull(g);
            assertEquals(ErrorCode.STREAM_CLOSED.code(), g.errorCode());
            assertTrue(g.debugData().ascii().startsWith("STR-3"), g.debugData().ascii());
        } finally {
            robust.shutdownNow();
            strict.shutdownNow();
        }
    }

    @Test
    @Checks({"SET-11"})
    void aSurplusSettingsAckIsIgnoredByDefaultAndAProtocolErrorWhenStrict() throws Exception {
        Server robust = server(false);
        Server strict = server(true);
        try (MisbehavingClient r = new MisbehavingClient(robust.port()).handshake();
             MisbehavingClient s = new MisbehavingClient(strict.port()).handshake()) {
            r.send(SettingsFrame.ACK_FRAME);
            s.send(SettingsFrame.ACK_FRAME);
            r.sayHello(1, request("/helloworld.Greeter/SayHello"));
            assertTrue(answered(r, 1), () -> r.received().toString());
            assertFalse(r.awaitClosed(Duration.ofMillis(100)));
            assertTrue(s.awaitClosed(Duration.ofSeconds(5)));
            assertEquals(ErrorCode.PROTOCOL_ERROR.code(), s.goAway().errorCode());
        } finally {
            robust.shutdownNow();
            strict.shutdownNow();
        }
    }
}
