package io.grpcspec.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.codec.FrameErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * Builds frames byte by byte, independently of {@link FrameWriter}, and decodes them through
 * both entry points ({@link FrameDecoder} on arrays, {@link FrameReader} on streams) so that
 * every rule test covers both.
 */
final class RawFrames {
    private RawFrames() {}

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    /** A frame with the given header fields; {@code length} is written as given, whatever the payload. */
    static byte[] frame(int length, int type, int flags, long streamWord, String payloadHex) {
        byte[] payload = hex(payloadHex);
        byte[] b = new byte[9 + payload.length];
        b[0] = (byte) (length >>> 16);
        b[1] = (byte) (length >>> 8);
        b[2] = (byte) length;
        b[3] = (byte) type;
        b[4] = (byte) flags;
        b[5] = (byte) (streamWord >>> 24);
        b[6] = (byte) (streamWord >>> 16);
        b[7] = (byte) (streamWord >>> 8);
        b[8] = (byte) streamWord;
        System.arraycopy(payload, 0, b, 9, payload.length);
        return b;
    }

    /** A frame whose length field matches its payload. */
    static byte[] frame(int type, int flags, long streamWord, String payloadHex) {
        return frame(hex(payloadHex).length, type, flags, streamWord, payloadHex);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Decodes exactly one frame through both entry points and checks they agree. */
    static Frame decode(byte[] bytes) {
        return decode(bytes, FrameReader.DEFAULT_MAX_FRAME_SIZE);
    }

    static Frame decode(byte[] bytes, int maxFrameSize) {
        try {
            FrameDecoder.Decoded d = FrameDecoder.decodeFirst(bytes, 0, maxFrameSize);
            assertEquals(bytes.length, d.length(), "decoder must use every byte");
            FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), maxFrameSize);
            Frame viaStream = reader.readFrame();
            assertEquals(d.frame(), viaStream, "stream reader and array decoder disagree");
            assertNull(reader.readFrame(), "one frame, then a clean end");
            return d.frame();
        } catch (FrameException e) {
            throw new AssertionError("expected a frame, got " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts both entry points reject {@code bytes} with this rule, code and scope; returns the error. */
    static FrameException reject(byte[] bytes, Rule rule, ErrorCode code, Scope scope) {
        return reject(bytes, FrameReader.DEFAULT_MAX_FRAME_SIZE, rule, code, scope);
    }

    static FrameException reject(byte[] bytes, int maxFrameSize, Rule rule, ErrorCode code, Scope scope) {
        FrameException viaArray = assertThrows(FrameException.class,
                () -> FrameDecoder.decodeFirst(bytes, 0, maxFrameSize));
        FrameException viaStream = assertThrows(FrameException.class,
                () -> new FrameReader(new ByteArrayInputStream(bytes), maxFrameSize).readFrame());
        for (FrameException e : new FrameException[] {viaArray, viaStream}) {
            assertEquals(rule, FrameErrors.violation(e.error()).rule(), e.getMessage());
            assertEquals(code, FrameErrors.violation(e.error()).code(), e.getMessage());
            assertEquals(scope, FrameErrors.violation(e.error()).scope(), e.getMessage());
        }
        assertEquals(viaArray.getMessage(), viaStream.getMessage());
        assertNotNull(viaArray.detail());
        return viaArray;
    }
}
