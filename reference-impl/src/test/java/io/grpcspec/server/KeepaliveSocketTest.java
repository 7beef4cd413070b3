package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.wire.Bytes;
import io.grpcspec.wire.ErrorCode;
import io.grpcspec.wire.Frame;
import io.grpcspec.wire.GoAwayFrame;
import io.grpcspec.wire.PingFrame;
import io.grpcspec.wire.SettingsFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Keepalive and connection-management timers run for real: the transport arms them, the machine decides. */
class KeepaliveSocketTest {

    @Test
    void clientPingingTooOftenGetsTooManyPings() throws Exception {
        Server server = ServerBuilder.forPort(0).build().start();
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            GoAwayFrame g = null;
            for (int i = 0; i < 6 && g == null; i++) {
                c.send(new PingFrame(false, i));
                Frame f = c.readUntil(x -> (x instanceof PingFrame p && p.ack()) || x instanceof GoAwayFrame);
                if (f instanceof GoAwayFrame ga) g = ga;
            }
            GoAwayFrame got = g;
            assertNotNull(got, c.trace::toString);
            assertEquals(ErrorCode.ENHANCE_YOUR_CALM.code(), got.errorCode(), c.trace::toString);
            assertEquals(Bytes.ofAscii("too_many_pings"), got.debugData(), c.trace::toString);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void idleConnectionIsDrainedAfterMaxConnectionIdle() throws Exception {
        Server server = ServerBuilder.forPort(0).connectionLimits(Duration.ofMillis(300), null, null).build().start();
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            long t0 = System.nanoTime();
            GoAwayFrame g = (GoAwayFrame) c.readUntil(f -> {
                if (f instanceof SettingsFrame s && !s.ack()) ack(c);
                return f instanceof GoAwayFrame;
            });
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertNotNull(g, c.trace::toString);
            assertEquals(ErrorCode.NO_ERROR.code(), g.errorCode(), c.trace::toString);
            assertTrue(ms >= 250 && ms < 4000, "GOAWAY after " + ms + " ms\n" + c.trace);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectionReachingMaxAgeIsDrainedThenClosedAfterTheGrace() throws Exception {
        Server server = ServerBuilder.forPort(0).connectionLimits(null, Duration.ofMillis(400), Duration.ofMillis(300)).build().start();
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            long t0 = System.nanoTime();
            List<Frame> got = c.readAll();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            GoAwayFrame first = (GoAwayFrame) got.stream().filter(f -> f instanceof GoAwayFrame).findFirst().orElse(null);
            assertNotNull(first, c.trace::toString);
            assertEquals(ErrorCode.NO_ERROR.code(), first.errorCode(), c.trace::toString);
            // age 400 ms ± 10 % jitter, then the GOAWAY PING wait and the grace: closed within seconds, not left open
            assertTrue(ms >= 300 && ms < 4500, "closed after " + ms + " ms\n" + c.trace);
            assertTrue(!c.trace.toString().contains("read timed out"), c.trace::toString);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void serverPingsASilentClientAndClosesWhenNoAckComes() throws Exception {
        Server server = ServerBuilder.forPort(0).keepaliveParams(Duration.ofSeconds(1), Duration.ofMillis(500)).build().start();
        try (RawH2Client c = new RawH2Client(server.port()).handshake()) {
            long t0 = System.nanoTime();
            List<Frame> got = c.readAll(); // never answers the PING
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(got.stream().anyMatch(f -> f instanceof PingFrame p && !p.ack()), c.trace::toString);
            assertTrue(ms >= 1000 && ms < 4500, "closed after " + ms + " ms\n" + c.trace);
            assertTrue(c.trace.toString().contains("EOF") || c.trace.toString().contains("socket"), c.trace::toString);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    private static void ack(RawH2Client c) {
        try {
            c.send(SettingsFrame.ACK_FRAME);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
