package io.grpcspec.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.TestCerts;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    @Test
    void tls12SuitesMustBeEphemeralAead() {
        assertTrue(Tls.allowedForH2("TLS_AES_128_GCM_SHA256"));
        assertTrue(Tls.allowedForH2("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        assertTrue(Tls.allowedForH2("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
        assertFalse(Tls.allowedForH2("TLS_RSA_WITH_AES_128_GCM_SHA256"), "static RSA key exchange");
        assertFalse(Tls.allowedForH2("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"), "CBC is not AEAD");
    }

    @Test
    void handshakeOverLoopbackNegotiatesH2(@TempDir Path dir) throws Exception {
        TestCerts certs = TestCerts.create(dir);
        SSLContext server = Tls.serverContext(certs.certPem(), certs.keyPem());
        SSLContext client = Tls.clientContext(certs.certPem());
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ss.setSSLParameters(Tls.h2Parameters(server, true));
            CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                    return String.valueOf(Tls.checkNegotiated(s));
                } catch (Exception e) {
                    return "error " + e;
                }
            });
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                c.setSSLParameters(Tls.h2Parameters(client, false));
                c.startHandshake();
                assertNull(Tls.checkNegotiated(c));
                assertEquals("h2", c.getApplicationProtocol());
            }
            assertEquals("null", serverSide.get(30, TimeUnit.SECONDS));
        }
    }
}
