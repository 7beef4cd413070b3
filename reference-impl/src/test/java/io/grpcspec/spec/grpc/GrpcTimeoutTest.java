package io.grpcspec.spec.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.testing.Checks;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcTimeoutTest {

    private static long nanos(String value) {
        return assertInstanceOf(GrpcTimeout.Valid.class, GrpcTimeout.parse(value), value).nanos();
    }

    @Test
    @Checks("RPC-10")
    void everyUnitParses() {
        assertEquals(7L, nanos("7n"));
        assertEquals(7_000L, nanos("7u"));
        assertEquals(7_000_000L, nanos("7m"));
        assertEquals(7_000_000_000L, nanos("7S"));
        assertEquals(420_000_000_000L, nanos("7M"));
        assertEquals(25_200_000_000_000L, nanos("7H"));
        assertEquals(0L, nanos("0n"));
        assertEquals(99_999_999L, nanos("99999999n"));
        assertEquals(3_600_000_000_000L, nanos("00000001H"));
    }

    @Test
    @Checks("RPC-10")
    void malformedValuesAreRejected() {
        for (String bad : List.of("", "S", "1", "1s", "1x", "123456789S", "-1S", "+1S", " 1S", "1 S", "1.5S", "\uff11S", "1SS")) {
            assertInstanceOf(GrpcTimeout.Invalid.class, GrpcTimeout.parse(bad), "'" + bad + "'");
        }
    }

    @Test
    @Checks("RPC-10")
    void hugeHoursSaturateInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, nanos("99999999H"));
        assertEquals(2_562_047L * 3_600_000_000_000L, nanos("2562047H"));
        assertEquals(Long.MAX_VALUE, nanos("2562048H"));
        assertEquals(99_999_999L * 60_000_000_000L, nanos("99999999M"));
    }

    @Test
    @Checks("RPC-10")
    void formatPicksTheLargestExactUnitThenRoundsUpToFitEightDigits() {
        assertEquals("0S", GrpcTimeout.format(0));
        assertEquals("0S", GrpcTimeout.format(-5));
        assertEquals("1n", GrpcTimeout.format(1));
        assertEquals("1u", GrpcTimeout.format(1_000));
        assertEquals("1m", GrpcTimeout.format(1_000_000));
        assertEquals("1S", GrpcTimeout.format(1_000_000_000));
        assertEquals("1M", GrpcTimeout.format(60_000_000_000L));
        assertEquals("1H", GrpcTimeout.format(3_600_000_000_000L));
        assertEquals("90S", GrpcTimeout.format(90_000_000_000L));
        assertEquals("2500m", GrpcTimeout.format(2_500_000_000L));
        assertEquals("99999999n", GrpcTimeout.format(99_999_999L));
        assertEquals("100001u", GrpcTimeout.format(100_000_001L));
        assertEquals("123457u", GrpcTimeout.format(123_456_789L));
        assertEquals("100S", GrpcTimeout.format(100_000_000_000L));
        assertEquals("100001S", GrpcTimeout.format(100_000_001_000_000L));
        assertEquals("2562048H", GrpcTimeout.format(Long.MAX_VALUE));
    }

    @Test
    @Checks("RPC-10")
    void formattedValuesAreValidAndNeverShorterThanAsked() {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 20_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            // Spread over every magnitude: shift a positive value right by 0..62 bits.
            long n = (x >>> 1) >>> (i % 63);
            String s = GrpcTimeout.format(n);
            assertTrue(s.length() <= 9, s);
            long back = nanos(s);
            if (n <= 0) {
                assertEquals(0, back);
                continue;
            }
            assertTrue(back >= n, n + " -> " + s);
            // Rounding up never adds a whole unit.
            long unit = back / Long.parseLong(s.substring(0, s.length() - 1));
            assertTrue(back - n < unit, n + " -> " + s);
        }
    }

    @Test
    @Checks("RPC-10")
    void exactValuesRoundTrip() {
        for (long n : new long[] {1, 999, 1_000, 12_345_678, 99_999_999, 5_000_000_000L, 86_400_000_000_000L}) {
            assertEquals(n, nanos(GrpcTimeout.format(n)), Long.toString(n));
        }
    }
}
