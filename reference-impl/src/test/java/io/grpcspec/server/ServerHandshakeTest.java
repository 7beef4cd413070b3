package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.wire.Frame;
import io.grpcspec.wire.Setting;
import io.grpcspec.wire.SettingId;
import io.grpcspec.wire.SettingsFrame;
import io.grpcspec.wire.WindowUpdateFrame;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server speaks first: its SETTINGS (and connection WINDOW_UPDATE) before it reads the preface. */
class ServerHandshakeTest {

    @Test
    void defaultServerSendsSettingsWithMaxFrameSizeFirstAndNoWindowUpdate() throws Exception {
        Server server = ServerBuilder.forPort(0).build().start();
        try (RawH2Client c = new RawH2Client(server.port())) {
            // Nothing sent by the client yet.
            Frame first = c.read();
            SettingsFrame s = assertInstanceOf(SettingsFrame.class, first, c.trace::toString);
            assertEquals(false, s.ack());
            assertEquals(new Setting(SettingId.MAX_FRAME_SIZE, 16384), s.settings().get(0), c.trace::toString);
            assertTrue(s.settings().contains(new Setting(SettingId.MAX_HEADER_LIST_SIZE, 16384)), c.trace::toString);
            assertTrue(s.settings().contains(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100)), c.trace::toString);
            c.socket.setSoTimeout(300);
            List<Frame> more = c.readAll();
            assertEquals(List.of(), more, "nothing else before the preface\n" + c.trace);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void largerConnectionWindowIsAnnouncedRightAfterSettings() throws Exception {
        Server server = ServerBuilder.forPort(0).initialConnWindowSize(1 << 20).initialWindowSize(1 << 18)
                .maxFrameSize(32768).build().start();
        try (RawH2Client c = new RawH2Client(server.port())) {
            SettingsFrame s = assertInstanceOf(SettingsFrame.class, c.read(), c.trace::toString);
            assertEquals(new Setting(SettingId.MAX_FRAME_SIZE, 32768), s.settings().get(0), c.trace::toString);
            assertTrue(s.settings().contains(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 18)), c.trace::toString);
            WindowUpdateFrame w = assertInstanceOf(WindowUpdateFrame.class, c.read(), c.trace::toString);
            assertEquals(0, w.streamId());
            assertEquals((1 << 20) - 65535, w.increment(), c.trace::toString);
            // Then the handshake completes: our preface + SETTINGS get a SETTINGS ACK.
            c.handshake();
            Frame ack = c.readUntil(f -> f instanceof SettingsFrame sf && sf.ack());
            assertInstanceOf(SettingsFrame.class, ack, c.trace::toString);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void silentClientIsDroppedAtTheHandshakeDeadline() throws Exception {
        Server server = ServerBuilder.forPort(0).handshakeTimeout(java.time.Duration.ofMillis(300)).build().start();
        try (RawH2Client c = new RawH2Client(server.port())) {
            long t0 = System.nanoTime();
            List<Frame> got;
            try {
                got = c.readAll();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("server kept a silent connection open\n" + c.trace);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertInstanceOf(SettingsFrame.class, got.get(0), c.trace::toString);
            assertTrue(ms < 4000, "closed after " + ms + " ms\n" + c.trace);
            assertTrue(c.trace.toString().contains("EOF") || c.trace.toString().contains("socket"), c.trace::toString);
        } finally {
            server.shutdown(2, TimeUnit.SECONDS);
        }
    }
}
