package io.grpcspec.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.spec.Scope;
import io.grpcspec.spec.codec.FrameErrors;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.testing.Checks;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrefaceTest {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    @Checks("FR-1")
    void thePrefaceIsAcceptedAndTheFramesAfterItAreUntouched() throws Exception {
        assertEquals(24, PREFACE.length);
        assertEquals(Bytes.of(PREFACE), Preface.CLIENT);
        Preface.check(PREFACE);
        InputStream in = new ByteArrayInputStream(RawFrames.concat(PREFACE, RawFrames.frame(0x4, 0, 0, "")));
        Preface.read(in);
        assertEquals(SettingsFrame.of(), new FrameReader(in).readFrame());
    }

    @Test
    @Checks("FR-1")
    void everySingleWrongOctetIsRejected() {
        for (int i = 0; i < PREFACE.length; i++) {
            byte[] bad = PREFACE.clone();
            bad[i] ^= 0x20;
            FrameException e = assertThrows(FrameException.class, () -> Preface.check(bad));
            assertEquals(FrameRules.FR_1, FrameErrors.violation(e.error()).rule());
            assertEquals(ErrorCode.PROTOCOL_ERROR, FrameErrors.violation(e.error()).code());
            assertEquals(Scope.CONNECTION, FrameErrors.violation(e.error()).scope());
            assertTrue(e.detail().contains("differs at octet " + i), e.detail());
            FrameException viaStream = assertThrows(FrameException.class,
                    () -> Preface.read(new ByteArrayInputStream(bad)));
            assertEquals(e.detail(), viaStream.detail());
        }
    }

    @Test
    @Checks("FR-1")
    void aShortPrefaceIsRejected() {
        for (int n = 0; n < 24; n++) {
            byte[] part = java.util.Arrays.copyOf(PREFACE, n);
            assertEquals(FrameRules.FR_1, FrameErrors.violation(assertThrows(FrameException.class, () -> Preface.check(part)).error()).rule());
            FrameException e = assertThrows(FrameException.class, () -> Preface.read(new ByteArrayInputStream(part)));
            assertEquals("the connection ended after " + n + " of the 24 client preface octets", e.detail());
        }
        assertThrows(FrameException.class, () -> Preface.check(RawFrames.concat(PREFACE, new byte[1])));
    }

    @Test
    @Checks("FR-1")
    void anHttp1RequestIsRejectedAtItsFirstOctetsWithoutWaitingFor24() {
        // An HTTP/1.1 client may send less than 24 octets and then wait: the stream below never ends.
        byte[] get = "GET / HT".getBytes(StandardCharsets.US_ASCII);
        InputStream neverEnds = new InputStream() {
            int i;

            @Override
            public int read() {
                if (i < get.length) return get[i++] & 0xff;
                throw new AssertionError("the preface check waited for more input");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= get.length) return read();
                int n = Math.min(len, get.length - i); // the request arrives as one segment
                System.arraycopy(get, i, b, off, n);
                i += n;
                return n;
            }
        };
        FrameException e = assertThrows(FrameException.class, () -> Preface.read(neverEnds));
        assertTrue(e.detail().contains("HTTP/1.1 request"), e.detail());
        FrameException tls = assertThrows(FrameException.class,
                () -> Preface.check(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}));
        assertTrue(tls.detail().contains("TLS"), tls.detail());
    }
}
