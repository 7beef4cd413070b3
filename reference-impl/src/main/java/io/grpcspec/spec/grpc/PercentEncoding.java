package io.grpcspec.spec.grpc;

import io.grpcspec.traceability.Enforces;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The {@code grpc-message} encoding (gRPC PROTOCOL-HTTP2, Responses): the message as UTF-8, with
 * every byte outside 0x20-0x7E, and '%' itself, written as {@code %XX} (upper-case hex).
 */
public final class PercentEncoding {
    private PercentEncoding() {}

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Encodes a Unicode message; unpaired surrogates become '?' (they have no UTF-8 form). */
    public static String encode(String message) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length);
        for (byte b : utf8) {
            int v = b & 0xff;
            if (v >= 0x20 && v <= 0x7e && v != '%') {
                out.append((char) v);
            } else {
                out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes a received value. The doc forbids failing on bad input, so this never fails: a '%'
     * not followed by two hex digits stays as it is, and bytes that are not valid UTF-8 become
     * U+FFFD. The value is a Latin-1 header string (one char per octet) ({@link RpcRules#RPC_21}).
     */
    @Enforces("RPC-21")
    public static String decode(String value) {
        if (value.indexOf('%') < 0 && isAscii(value)) return value;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                bytes.write(hex(value.charAt(i + 1)) << 4 | hex(value.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c & 0xff);
            }
        }
        return utf8Lenient(bytes.toByteArray());
    }

    private static String utf8Lenient(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = d.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            // Unreachable with REPLACE; keep the raw octets rather than throwing.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) return false;
        }
        return true;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    }
}
