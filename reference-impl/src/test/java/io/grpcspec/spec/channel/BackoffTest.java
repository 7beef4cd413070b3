package io.grpcspec.spec.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpcspec.testing.Checks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long S = 1_000_000_000L;
    private final Backoff b = Backoff.DEFAULT;

    @Test
    @Checks({"CH-7"})
    void defaultsAreThoseOfConnectionBackoffMd() {
        assertEquals(new Backoff(S, 1.6, 0.2, 120 * S, 20 * S), b);
    }

    @Test
    @Checks({"CH-7"})
    void withoutJitterTheSequenceGrowsBy1point6AndStopsAt120Seconds() {
        List<Long> got = new ArrayList<>();
        for (int k = 0; k <= 12; k++) got.add(b.delayNanos(k, 0.0));
        // 1.6^k seconds, truncated to whole nanoseconds; 1.6^11 s = 175.9 s is capped at 120 s.
        List<Long> want = List.of(1_000_000_000L, 1_600_000_000L, 2_560_000_000L, 4_096_000_000L, 6_553_600_000L,
                10_485_760_000L, 16_777_216_000L, 26_843_545_600L, 42_949_672_960L, 68_719_476_736L,
                109_951_162_777L, 120 * S, 120 * S);
        assertEquals(want, got);
    }

    @Test
    @Checks({"CH-7"})
    void jitterSpreadsByAFifthEitherWayButNeverTheFirstBackoff() {
        assertEquals(S, b.delayNanos(0, 1.0), "the first backoff is not jittered");
        assertEquals(S, b.delayNanos(0, -1.0));
        assertEquals(1_920_000_000L, b.delayNanos(1, 1.0)); // 1.6 s x 1.2
        assertEquals(1_280_000_000L, b.delayNanos(1, -1.0)); // 1.6 s x 0.8
        assertEquals(2_816_000_000L, b.delayNanos(2, 0.5)); // 2.56 s x 1.1
        // Jitter applies after the cap: 120 s spreads to [96 s, 144 s].
        assertEquals(144 * S, b.delayNanos(20, 1.0));
        assertEquals(96 * S, b.delayNanos(20, -1.0));
    }

    @Test
    @Checks({"CH-7"})
    void resultIsTruncatedTowardZero() {
        // 1.6 s x (1 + 0.2 x 1/3) = 1.70666... s: the fraction of a nanosecond is dropped.
        assertEquals(1_706_666_666L, b.delayNanos(1, 1.0 / 3.0));
    }

    @Test
    @Checks({"CH-7"})
    void aHugeBackoffNumberStaysAtTheCap() {
        assertEquals(120 * S, b.delayNanos(Integer.MAX_VALUE, 0.0));
    }

    @Test
    @Checks({"CH-7"})
    void jitterInputOutsideMinusOneToOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> b.delayNanos(1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> b.delayNanos(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new SubchannelEvent.Connect(-1.01));
    }

    @Test
    @Checks({"CH-8"})
    void connectTimeoutIsTheLargerOfBackoffAndTwentySeconds() {
        assertEquals(20 * S, b.connectTimeoutNanos(b.delayNanos(0, 0)));
        assertEquals(20 * S, b.connectTimeoutNanos(b.delayNanos(6, 0))); // 16.8 s
        assertEquals(26_843_545_600L, b.connectTimeoutNanos(b.delayNanos(7, 0)));
        assertEquals(144 * S, b.connectTimeoutNanos(b.delayNanos(30, 1.0)));
    }

    @Test
    @Checks({"CH-7"})
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 1.6, 0.2, 120 * S, 20 * S));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(S, 0.9, 0.2, 120 * S, 20 * S));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(S, 1.6, 1.2, 120 * S, 20 * S));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(S, 1.6, 0.2, S / 2, 20 * S));
    }
}
