package io.grpcspec.oracle.check;

import io.grpcspec.transport.Tls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Opens one connection to the server under test: TCP, then with TLS a handshake offering only
 * ALPN h2 (RFC 9113 §3.2), the SNI and certificate name taken from the authority's host (unless
 * {@code insecure}). Every scenario gets a connection of its own.
 */
final class Connector {
    private final CheckOptions options;
    private final SSLContext tls;

    Connector(CheckOptions options) throws IOException {
        this.options = options;
        try {
            this.tls = !options.tls() ? null : options.insecure() ? trustingAll() : Tls.clientContext(options.ca());
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up: " + e.getMessage(), e);
        }
    }

    /** A connected socket, TLS handshake done, within {@code timeoutMillis}. */
    Socket connect(int timeoutMillis) throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(options.host(), options.port()), Math.max(1, timeoutMillis));
            tcp.setTcpNoDelay(true);
            if (tls == null) return tcp;
            String name = hostOf(options.authorityOrTarget());
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(tcp, name, options.port(), true);
            SSLParameters p = Tls.h2Parameters(tls, false);
            if (!options.insecure()) p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!name.isEmpty() && !Character.isDigit(name.charAt(0)) && name.indexOf(':') < 0) {
                p.setServerNames(List.of(new SNIHostName(name)));
            }
            ssl.setSSLParameters(p);
            ssl.setUseClientMode(true);
            ssl.setSoTimeout(Math.max(1, timeoutMillis));
            ssl.startHandshake();
            String refused = Tls.checkNegotiated(ssl);
            if (refused != null) {
                ssl.close();
                throw new IOException("TLS: " + refused);
            }
            return ssl;
        } catch (IOException | RuntimeException e) {
            tcp.close();
            throw e;
        }
    }

    /** The host part of {@code host:port}, {@code [v6]:port} or a bare host. */
    static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(1, end);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 || authority.indexOf(':') != colon ? authority : authority.substring(0, colon);
    }

    private static SSLContext trustingAll() throws GeneralSecurityException {
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {any}, null);
        return ctx;
    }
}
