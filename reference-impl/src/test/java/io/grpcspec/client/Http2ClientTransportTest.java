package io.grpcspec.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class Http2ClientTransportTest {

    private static final ClientTransport.Listener IGNORE = new ClientTransport.Listener() {
        @Override
        public void onReady(ClientTransport t) {}

        @Override
        public void onGoAway(ClientTransport t, io.grpcspec.wire.GoAwayFrame goAway, String why) {}

        @Override
        public void onClosed(ClientTransport t, String why) {}
    };

    @Test
    void hostOfAnAuthority() {
        assertEquals("foo.test.google.fr", Http2ClientTransport.hostOf("foo.test.google.fr"));
        assertEquals("localhost", Http2ClientTransport.hostOf("localhost:50051"));
        assertEquals("::1", Http2ClientTransport.hostOf("[::1]:443"));
        assertEquals("::1", Http2ClientTransport.hostOf("::1"));
    }

    @Test
    void refusedConnectIsAnIoError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            int p = port;
            IOException e = assertThrows(IOException.class, () -> Http2ClientTransport.connect(new InetSocketAddress("127.0.0.1", p),
                    "localhost", DialOptions.defaults(), TimeUnit.SECONDS.toNanos(2), timers, IGNORE));
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            String missing = "/tmp/grpcspec-missing-" + System.nanoTime() + ".sock";
            IOException unix = assertThrows(IOException.class, () -> Http2ClientTransport.connect(UnixDomainSocketAddress.of(missing),
                    "localhost", DialOptions.defaults(), TimeUnit.SECONDS.toNanos(2), timers, IGNORE));
            assertTrue(unix.getMessage().startsWith("unix domain socket " + missing + ": "), unix.getMessage());
        } finally {
            timers.shutdownNow();
        }
    }
}
