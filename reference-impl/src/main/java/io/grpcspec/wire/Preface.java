package io.grpcspec.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client connection preface, RFC 9113 §3.4: 24 fixed octets a client sends before its first
 * frame, chosen so that an HTTP/1.1 server rejects them. A server checks them with
 * {@link #read(InputStream)} before handing the stream to a {@link FrameReader}; a mismatch is a
 * {@link FrameError.Kind#BAD_PREFACE}.
 */
public final class Preface {
    /** {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}. */
    public static final Bytes CLIENT = Bytes.ofAscii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    public static final int LENGTH = 24;

    private Preface() {}

    /** True for exactly the 24 preface octets (a short read is not a preface). */
    public static boolean valid(Bytes greeting) {
        return CLIENT.equals(greeting);
    }

    /** Checks that {@code bytes} is exactly the preface. */
    public static void check(byte[] bytes) throws FrameException {
        int n = Math.min(bytes.length, LENGTH);
        if (matching(bytes, n) < n) throw mismatch(bytes, n);
        if (bytes.length < LENGTH) throw ended(bytes.length);
        if (bytes.length > LENGTH) throw error(bytes.length + " octets given; the client preface is exactly 24");
    }

    /**
     * Consumes the 24 preface octets from {@code in}. It stops at the first wrong octet instead of
     * waiting for all 24: an HTTP/1.1 client may send a request shorter than that and then wait
     * for an answer, and it should get its error at once.
     */
    public static void read(InputStream in) throws IOException, FrameException {
        byte[] got = new byte[LENGTH];
        int n = 0;
        while (n < LENGTH) {
            int r = in.read(got, n, LENGTH - n);
            if (r < 0) throw ended(n);
            n += r;
            if (matching(got, n) < n) throw mismatch(got, n);
        }
    }

    /** How many leading octets of {@code bytes[0..n)} agree with the preface. */
    private static int matching(byte[] bytes, int n) {
        int i = 0;
        while (i < n && i < LENGTH && bytes[i] == CLIENT.get(i)) i++;
        return i;
    }

    private static FrameException ended(int n) {
        return error("the connection ended after " + n + " of the 24 client preface octets");
    }

    private static FrameException mismatch(byte[] got, int n) {
        int at = matching(got, n);
        String hint = "";
        if (n > 0 && got[0] == 0x16) {
            hint = " (this looks like a TLS ClientHello sent to a cleartext port)";
        } else if (startsWithHttp1Method(got, n)) {
            hint = " (this looks like an HTTP/1.1 request; h2c with prior knowledge must start with the preface)";
        }
        return error("client preface differs at octet " + at + ": got \"" + printable(got, n) + "\"" + hint);
    }

    private static boolean startsWithHttp1Method(byte[] got, int n) {
        String s = new String(got, 0, Math.min(n, 8), StandardCharsets.ISO_8859_1);
        for (String m : new String[] {"GET ", "POST", "PUT ", "HEAD", "DELE", "OPTI", "PATC", "CONN"}) {
            if (s.startsWith(m)) return true;
        }
        return false;
    }

    private static String printable(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c == '\r') sb.append("\\r");
            else if (c == '\n') sb.append("\\n");
            else if (c == '"' || c == '\\') sb.append('\\').append((char) c);
            else if (c >= 0x20 && c < 0x7f) sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private static FrameException error(String detail) {
        return new FrameException(new FrameError(FrameError.Kind.BAD_PREFACE, 0, FrameError.NO_FRAME, detail, null));
    }
}
