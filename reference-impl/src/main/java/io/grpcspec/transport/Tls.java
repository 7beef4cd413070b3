package io.grpcspec.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for HTTP/2 with the JDK's own provider: ALPN {@code h2} (RFC 9113 §3.2), TLS 1.2 or later
 * and, for 1.2, only ephemeral-key AEAD cipher suites (RFC 9113 §9.2.1-9.2.2; the JDK never
 * compresses or renegotiates unless asked, which §9.2.1 forbids).
 */
public final class Tls {
    /** ALPN protocol ID of HTTP/2 over TLS. */
    public static final String H2 = "h2";

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** A PEM block (RFC 7468): its label and everything up to its END line (RFC 1421 headers included). */
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private Tls() {}

    /** A server context from a PEM certificate chain and a PEM private key (PKCS#8, or PKCS#1 RSA). */
    public static SSLContext serverContext(Path certChainPem, Path privateKeyPem) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = readCertificates(certChainPem);
        if (chain.isEmpty()) throw new GeneralSecurityException(certChainPem + " holds no CERTIFICATE block");
        PrivateKey key = readPrivateKey(privateKeyPem);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context trusting the PEM certificates in {@code trustPem}, or the JDK's defaults when null. */
    public static SSLContext clientContext(Path trustPem) throws IOException, GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        if (trustPem == null) {
            ctx.init(null, null, null);
            return ctx;
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int i = 0;
        List<X509Certificate> cas = readCertificates(trustPem);
        if (cas.isEmpty()) throw new GeneralSecurityException(trustPem + " holds no CERTIFICATE block");
        for (X509Certificate c : cas) ts.setCertificateEntry("ca" + i++, c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Protocol versions, cipher suites and ALPN for an HTTP/2 socket of {@code ctx}. */
    public static SSLParameters h2Parameters(SSLContext ctx, boolean server) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(Arrays.stream(PROTOCOLS)
                .filter(v -> Arrays.asList(ctx.getSupportedSSLParameters().getProtocols()).contains(v))
                .toArray(String[]::new));
        p.setCipherSuites(Arrays.stream(p.getCipherSuites()).filter(Tls::allowedForH2).toArray(String[]::new));
        p.setApplicationProtocols(new String[] {H2});
        if (server) p.setUseCipherSuitesOrder(true);
        return p;
    }

    /**
     * RFC 9113 §9.2.2 and Appendix A: TLS 1.3 suites are all fine; a TLS 1.2 suite must use an
     * ephemeral key exchange and an AEAD cipher.
     */
    static boolean allowedForH2(String suite) {
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) return true; // TLS 1.3
        boolean ephemeral = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305");
        return ephemeral && aead;
    }

    /**
     * After the handshake: the peer must have agreed on {@code h2} and TLS 1.2+. Returns null
     * when fine, otherwise why the connection must be refused (gRPC has no HTTP/1.1 fallback).
     */
    public static String checkNegotiated(SSLSocket socket) {
        String alpn = socket.getApplicationProtocol();
        if (!H2.equals(alpn)) return "ALPN did not select h2 (got " + (alpn == null || alpn.isEmpty() ? "none" : alpn) + ")";
        String version = socket.getSession().getProtocol();
        if (!Arrays.asList(PROTOCOLS).contains(version)) return "TLS version " + version + " is below 1.2";
        return null;
    }

    static List<X509Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : blocks(pem, "CERTIFICATE")) {
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
        return out;
    }

    static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
        List<byte[]> pkcs8 = blocks(pem, "PRIVATE KEY");
        if (!pkcs8.isEmpty()) return pkcs8Key(pkcs8.get(0));
        List<byte[]> pkcs1 = blocks(pem, "RSA PRIVATE KEY");
        if (!pkcs1.isEmpty()) return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapPkcs1(pkcs1.get(0))));
        String convert = " (convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem)";
        if (!blocks(pem, "ENCRYPTED PRIVATE KEY").isEmpty()) throw new GeneralSecurityException(pem + ": the key is encrypted" + convert);
        if (!blocks(pem, "EC PRIVATE KEY").isEmpty()) throw new GeneralSecurityException(pem + ": an EC PRIVATE KEY (SEC 1) block is not read" + convert);
        throw new GeneralSecurityException(pem + ": no PRIVATE KEY or RSA PRIVATE KEY block" + convert);
    }

    private static PrivateKey pkcs8Key(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (RFC 5208 §5) so the JDK can read it. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algId.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algId, 0, body, version.length, algId.length);
        System.arraycopy(octets, 0, body, version.length + algId.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }

    /**
     * The contents of the blocks labelled {@code type}, in order. Text around blocks (openssl's
     * "Bag Attributes", comments), CRLF or LF line ends and indentation are what PEM files in the
     * wild carry, and are skipped. A block with RFC 1421 headers ({@code Proc-Type: 4,ENCRYPTED})
     * is an encrypted legacy key: refused with that reason.
     */
    private static List<byte[]> blocks(Path pem, String type) throws IOException, GeneralSecurityException {
        // ISO-8859-1 reads any octet: non-ASCII text around the blocks must not make the file unreadable.
        String text = Files.readString(pem, StandardCharsets.ISO_8859_1);
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals(type)) continue;
            String body = m.group(2);
            if (body.contains("Proc-Type:")) throw new GeneralSecurityException(pem + ": the " + type + " is encrypted (Proc-Type header)");
            try {
                out.add(Base64.getMimeDecoder().decode(body.replaceAll("[^A-Za-z0-9+/=]", "")));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException(pem + ": the " + type + " block is not base64: " + e.getMessage());
            }
        }
        return out;
    }

    /** True when {@code socket} is a TLS socket (for callers that accept both kinds). */
    public static boolean isTls(java.net.Socket socket) {
        return socket instanceof SSLSocket;
    }
}
