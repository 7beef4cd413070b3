package io.grpcspec.hpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpcspec.wire.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The encoder's unlocked block buffer gives the octets a plain ByteArrayOutputStream gives, growing past any start size. */
class BlockBufferTest {

    @Test
    void randomWritesGiveTheSameOctetsAsAByteArrayOutputStream() {
        Random random = new Random(7541);
        for (int round = 0; round < 200; round++) {
            BlockBuffer ours = new BlockBuffer(1 + random.nextInt(8));
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            for (int k = random.nextInt(300); k > 0; k--) {
                if (random.nextBoolean()) {
                    int b = random.nextInt(512) - 128; // out-of-octet ints keep their low 8 bits, as write(int) says
                    ours.write(b);
                    plain.write(b);
                } else {
                    byte[] chunk = new byte[random.nextInt(100)];
                    random.nextBytes(chunk);
                    int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
                    int len = random.nextInt(chunk.length - off + 1);
                    ours.write(chunk, off, len);
                    plain.write(chunk, off, len);
                }
            }
            assertArrayEquals(plain.toByteArray(), ours.toByteArray(), "round " + round);
            assertEquals(Bytes.of(plain.toByteArray()), ours.toBytes(), "round " + round);
            assertEquals(plain.size(), ours.size());
        }
    }
}
