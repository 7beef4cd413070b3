package io.grpcspec.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.Checks;
import java.io.ByteArrayInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: bit-flipped valid frames and random bytes. Every outcome must be a frame or a
 * FrameException naming an FR rule; any other exception (index out of bounds, negative sizes)
 * fails. Decoded frames must also re-encode to the bytes they came from, minus what the RFC
 * says to drop (reserved bit, undefined flags, padding content).
 */
class FrameFuzzTest {
    private static final long SEED = 7540;

    @Test
    @Checks({"FR-15", "FR-17", "FR-18"})
    void bitFlippedFramesDecodeOrFailWithARule() throws Exception {
        Random random = new Random(SEED);
        RandomFrames frames = new RandomFrames(SEED, 300);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = FrameWriter.encode(frames.any());
            int flips = 1 + random.nextInt(3);
            for (int k = 0; k < flips; k++) {
                int at = random.nextInt(Math.min(bytes.length, 16)); // mostly the header and first fields
                bytes[at] ^= (byte) (1 << random.nextInt(8));
            }
            Object viaArray = outcome(bytes);
            Object viaStream = streamOutcome(bytes);
            assertEquals(viaArray, viaStream, "both entry points agree");
            if (viaArray instanceof Frame f) {
                decoded++;
                byte[] again = FrameWriter.encode(f);
                byte[] expected = normalised(f, bytes, again.length);
                assertArrayEquals(expected, again, () -> "re-encoding " + f);
            } else {
                rejected++;
            }
        }
        assertTrue(decoded > 1000 && rejected > 1000, decoded + " decoded, " + rejected + " rejected");
    }

    @Test
    void randomBytesDecodeOrFailWithARule() throws Exception {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 2 && random.nextBoolean()) { // keep lengths small so payloads are present
                bytes[0] = 0;
                bytes[1] = 0;
                bytes[2] = (byte) random.nextInt(32);
            }
            assertEquals(outcome(bytes), streamOutcome(bytes));
        }
    }

    /** The decoded frame, or the rule id of the rejection (both entry points must match it). */
    private static Object outcome(byte[] bytes) {
        try {
            FrameDecoder.Decoded d = FrameDecoder.decodeFirst(bytes, 0, FrameReader.DEFAULT_MAX_FRAME_SIZE);
            return d.length() == bytes.length ? d.frame() : "trailing";
        } catch (FrameException e) {
            return e.getMessage();
        }
    }

    private static Object streamOutcome(byte[] bytes) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        FrameReader reader = new FrameReader(in);
        try {
            Frame f = reader.readFrame();
            if (f == null) return new FrameException(new FrameError(FrameError.Kind.TRUNCATED, 0,
                    FrameError.NO_FRAME, "input ends after 0 of the 9 frame header bytes", null)).getMessage();
            return in.available() == 0 ? f : "trailing";
        } catch (FrameException e) {
            return e.getMessage();
        }
    }

    /** {@code original} as a conforming writer would have sent it. */
    private static byte[] normalised(Frame f, byte[] original, int length) {
        byte[] b = java.util.Arrays.copyOf(original, length);
        b[4] = (byte) (b[4] & Flags.defined(f.typeCode()));
        b[5] &= 0x7f;
        if (f instanceof WindowUpdateFrame) b[9] &= 0x7f;
        if (f instanceof GoAwayFrame) b[9] &= 0x7f;
        if (f instanceof PushPromiseFrame pp) b[9 + (pp.padded() ? 1 : 0)] &= 0x7f;
        int pad = f instanceof DataFrame d ? d.padLength()
                : f instanceof HeadersFrame h ? h.padLength()
                : f instanceof PushPromiseFrame pp ? pp.padLength() : Frame.NO_PADDING;
        if (pad > 0) java.util.Arrays.fill(b, length - pad, length, (byte) 0);
        return b;
    }
}
