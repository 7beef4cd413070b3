package io.grpcspec.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.Checks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeded random frames of every type: write, read, write again. */
class FrameRoundTripTest {
    private static final long SEED = 0x9113_4000L;
    private static final int PER_TYPE = 400;

    @Test
    @Checks({"FR-15", "FR-17", "FR-18"})
    void everyTypeRoundTripsToAnEqualRecordAndIdenticalBytes() throws Exception {
        RandomFrames random = new RandomFrames(SEED, FrameReader.DEFAULT_MAX_FRAME_SIZE);
        int[] types = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0a, 0x7f, 0xff};
        int count = 0;
        for (int type : types) {
            for (int i = 0; i < PER_TYPE; i++) {
                Frame f = random.of(type);
                byte[] bytes = FrameWriter.encode(f);
                assertEquals(9 + f.payloadLength(), bytes.length);
                assertEquals(0, bytes[5] & 0x80, "reserved bit");
                assertEquals(0, bytes[4] & ~Flags.defined(type) & 0xff, "undefined flags");
                FrameDecoder.Decoded d = FrameDecoder.decodeFirst(bytes, 0, FrameReader.DEFAULT_MAX_FRAME_SIZE);
                assertEquals(f, d.frame(), () -> "seed " + SEED + ": " + f);
                assertEquals(bytes.length, d.length());
                assertArrayEquals(bytes, FrameWriter.encode(d.frame()), () -> "re-encoding " + f);
                count++;
            }
        }
        assertTrue(count >= 5000, "thousands of frames: " + count);
    }

    @Test
    @Checks("FR-16")
    void aLongMixedSequenceReadsBackInOrderFromAStream() throws Exception {
        RandomFrames random = new RandomFrames(SEED + 1, 1024);
        List<Frame> sent = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 3000; i++) {
            Frame f = random.any();
            sent.add(f);
            FrameWriter.write(f, out);
        }
        byte[] all = out.toByteArray();
        assertEquals(sent, FrameDecoder.decodeAll(all));

        // A stream that hands out 1..7 bytes per read, like a slow socket.
        FrameReader reader = new FrameReader(new TrickleInputStream(all, SEED));
        List<Frame> received = new ArrayList<>();
        for (Frame f; (f = reader.readFrame()) != null; ) received.add(f);
        assertEquals(sent, received);
        assertNull(reader.readFrame(), "end of input stays a clean end");
    }

    @Test
    @Checks("FR-2")
    void framesAsLargeAsTheSettingsRangeAllowsRoundTrip() throws Exception {
        int max = (1 << 24) - 1;
        DataFrame huge = new DataFrame(1, Bytes.of(new byte[max - 256]), true, 255);
        byte[] bytes = FrameWriter.encode(huge);
        assertEquals(9 + max, bytes.length);
        assertEquals(huge, new FrameReader(new ByteArrayInputStream(bytes), max).readFrame());
    }

    /** Serves its bytes in small random chunks. */
    static final class TrickleInputStream extends java.io.InputStream {
        private final byte[] bytes;
        private final java.util.Random random;
        private int at;

        TrickleInputStream(byte[] bytes, long seed) {
            this.bytes = bytes;
            this.random = new java.util.Random(seed);
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (at >= bytes.length) return -1;
            int n = Math.min(Math.min(len, 1 + random.nextInt(7)), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}
