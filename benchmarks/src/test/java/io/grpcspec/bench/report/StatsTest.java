package io.grpcspec.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfOddAndEvenCountsAndOfNothing() {
        assertEquals(3.0, Stats.median(List.of(9.0, 1.0, 3.0)));
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(Stats.median(List.of())));
    }

    @Test
    void percentileIsTheNearestRank() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) v[i] = 100 - i; // 100..1, unsorted
        assertEquals(50, Stats.percentile(v, 100, 50));
        assertEquals(99, Stats.percentile(v, 100, 99));
        assertEquals(100, Stats.percentile(v, 100, 100));
        long[] three = {30, 10, 20};
        assertEquals(20, Stats.percentile(three, 3, 50));
        assertEquals(30, Stats.percentile(three, 3, 99));
        assertEquals(0, Stats.percentile(new long[0], 0, 50));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(three, 3, 0));
    }

    @Test
    void percentileOnlyLooksAtTheFirstCountValues() {
        long[] v = {5, 1, 1_000_000};
        assertEquals(5, Stats.percentile(v, 2, 99));
    }

    @Test
    void ratioIsNaNWhenAFigureIsMissingOrTheBaseIsZero() {
        assertEquals(2.0, Stats.ratio(4, 2));
        assertTrue(Double.isNaN(Stats.ratio(1, 0)));
        assertTrue(Double.isNaN(Stats.ratio(Double.NaN, 2)));
        assertTrue(Double.isNaN(Stats.ratio(2, Double.NaN)));
    }
}
