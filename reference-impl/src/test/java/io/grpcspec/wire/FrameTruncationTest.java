package io.grpcspec.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpcspec.spec.Rule;
import io.grpcspec.spec.Scope;
import io.grpcspec.spec.codec.FrameErrors;
import io.grpcspec.spec.codec.FrameRules;
import io.grpcspec.testing.Checks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Cut frames and lying length fields. The expected outcome of each length mismatch comes from a
 * small model of RFC 9113 §4.2/§6 written here, not from the parser.
 */
class FrameTruncationTest {
    private static final int FRAMES = 400;
    private static final int MAX = FrameReader.DEFAULT_MAX_FRAME_SIZE;

    @Test
    @Checks("FR-19")
    void everyTruncationOfAValidFrameIsATruncationError() throws Exception {
        RandomFrames random = new RandomFrames(19, 200);
        for (int i = 0; i < FRAMES; i++) {
            Frame f = random.of(i % 11 == 10 ? 0x42 : i % 11);
            byte[] whole = FrameWriter.encode(f);
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] part = Arrays.copyOf(whole, cut);
                FrameException e = assertThrows(FrameException.class, () -> FrameDecoder.decodeFirst(part, 0, MAX));
                assertTruncation(e, f, cut);
                FrameReader reader = new FrameReader(new ByteArrayInputStream(part));
                if (cut == 0) {
                    assertNull(reader.readFrame(), "no bytes at all is a clean end, not a truncation");
                } else {
                    assertTruncation(assertThrows(FrameException.class, reader::readFrame), f, cut);
                }
            }
        }
    }

    @Test
    @Checks("FR-19")
    void aTruncatedFrameAfterGoodOnesIsReportedAfterThem() throws Exception {
        byte[] ping = FrameWriter.encode(new PingFrame(false, 1));
        byte[] data = FrameWriter.encode(new DataFrame(1, Bytes.ofAscii("hello"), true));
        byte[] input = RawFrames.concat(ping, Arrays.copyOf(data, data.length - 2));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(input));
        assertEquals(new PingFrame(false, 1), reader.readFrame());
        FrameException e = assertThrows(FrameException.class, reader::readFrame);
        assertEquals("input ends after 3 of the 5 payload bytes of a DATA frame on stream 1", e.detail());
        assertThrows(IllegalStateException.class, reader::readFrame, "no reading past a connection error");
        assertThrows(FrameException.class, () -> FrameDecoder.decodeAll(input));
    }

    @Test
    @Checks({"FR-3", "FR-4", "FR-5", "FR-6", "FR-7", "FR-8", "FR-9", "FR-10", "FR-11", "FR-19"})
    void everyLengthFieldMismatchIsRejected() throws Exception {
        RandomFrames random = new RandomFrames(4_2, 120);
        int checked = 0;
        for (int i = 0; i < FRAMES; i++) {
            Frame f = random.of(i % 11 == 10 ? 0xee : i % 11);
            byte[] bytes = FrameWriter.encode(f);
            int actual = f.payloadLength();
            for (int lie = 0; lie <= actual + 9; lie++) {
                if (lie == actual) continue;
                byte[] lying = bytes.clone();
                lying[0] = (byte) (lie >>> 16);
                lying[1] = (byte) (lie >>> 8);
                lying[2] = (byte) lie;
                Rule want = LengthLieOracle.expected(f, lie, actual);
                String where = f + " with length field " + lie;
                try {
                    FrameDecoder.Decoded d = FrameDecoder.decodeFirst(lying, 0, MAX);
                    if (want != null) fail(where + ": expected " + want + ", decoded " + d.frame());
                    assertTrue(d.length() < lying.length, where + ": a shorter length must leave trailing bytes");
                } catch (FrameException e) {
                    assertEquals(want, FrameErrors.violation(e.error()).rule(), where + ": " + e.getMessage());
                    assertEquals(LengthLieOracle.codeOf(want), FrameErrors.violation(e.error()).code(), where);
                    assertEquals(want == FrameRules.FR_8 ? Scope.STREAM : Scope.CONNECTION, FrameErrors.violation(e.error()).scope(), where);
                }
                checked++;
            }
        }
        assertTrue(checked > 10_000, "cases: " + checked);
    }

    private static void assertTruncation(FrameException e, Frame f, int cut) {
        assertEquals(FrameRules.FR_19, FrameErrors.violation(e.error()).rule(), f + " cut at " + cut + ": " + e.getMessage());
        assertEquals(ErrorCode.PROTOCOL_ERROR, FrameErrors.violation(e.error()).code());
        assertEquals(Scope.CONNECTION, FrameErrors.violation(e.error()).scope());
        if (cut >= 9) assertEquals(f.typeCode(), e.error().frameType());
    }


    @Test
    @Checks("FR-19")
    void anIoFailureIsNotDressedUpAsAFrameError() {
        java.io.InputStream broken = new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThrows(IOException.class, () -> new FrameReader(broken).readFrame());
    }
}
