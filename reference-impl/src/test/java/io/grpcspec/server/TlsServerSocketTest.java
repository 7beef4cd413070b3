package io.grpcspec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.TestCerts;
import io.grpcspec.transport.Tls;
import io.grpcspec.wire.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with ALPN h2 (RFC 9113 §3.2): h2 is served, anything else is refused before HTTP/2 starts. */
class TlsServerSocketTest {
    @TempDir
    static Path dir;
    static Server server;
    static SSLContext clientContext;

    @BeforeAll
    static void start() throws Exception {
        TestCerts certs = TestCerts.create(dir);
        server = ServerBuilder.forPort(0).addService(GreeterService.definition())
                .tls(Tls.serverContext(certs.certPem(), certs.keyPem())).build().start();
        clientContext = Tls.clientContext(certs.certPem());
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdown(2, TimeUnit.SECONDS);
    }

    static SSLSocket connect(String... alpn) throws IOException {
        SSLSocket s = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", server.port());
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(alpn);
        s.setSSLParameters(p);
        s.setSoTimeout(5000);
        return s;
    }

    @Test
    void h2OverTlsServesGreeter() throws Exception {
        SSLSocket s = connect(Tls.H2);
        s.startHandshake();
        assertEquals("h2", s.getApplicationProtocol());
        try (RawH2Client c = new RawH2Client(s).handshake()) {
            BadInputSocketTest.assertGreeterWorks(c, 1);
        }
    }

    @Test
    void clientWithoutAlpnH2GetsNoHttp2() throws Exception {
        for (String[] alpn : List.of(new String[0], new String[] {"http/1.1"})) {
            SSLSocket s = connect(alpn);
            List<Frame> frames;
            try (RawH2Client c = new RawH2Client(s)) {
                s.startHandshake();
                frames = c.readAll();
                // closed by the server, not merely silent
                assertTrue(!c.trace.toString().contains("read timed out"), "connection left open\n" + c.trace);
            } catch (IOException refusedInHandshake) {
                frames = List.of(); // the JDK server may already fail the handshake (no_application_protocol)
            }
            assertTrue(frames.isEmpty(), "server spoke HTTP/2 to a client that did not offer h2: " + frames);
        }
    }
}
