package io.grpcspec.property.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpcspec.wire.Bytes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Generators: bounds, replay, simplest values, bias, distribution of weighted choices. */
class GenTest {

    private static TestCase fresh(long seed) {
        return new TestCase(new long[0], new Rng(seed), 100_000);
    }

    private static TestCase replay(long... prefix) {
        return new TestCase(prefix, null, 100_000);
    }

    @Test
    void indexOrderIsSimplestFirst() {
        long[] expected = {0, 1, -1, 2, -2, 3, -3, 4, 5, 6};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], IntCodec.toValue(i, -3, 6), "index " + i);
            assertEquals(i, IntCodec.toIndex(expected[i], -3, 6));
        }
        assertEquals(5, IntCodec.toValue(0, 5, 9));
        assertEquals(-5, IntCodec.toValue(0, -9, -5));
        assertEquals(-6, IntCodec.toValue(1, -9, -5));
        assertEquals(-4, IntCodec.toValue(7, -4, 3), "longer negative side continues after the pairs");
    }

    @Test
    void indexCodecRoundTripsAtTheExtremes() {
        long[][] ranges = {{Integer.MIN_VALUE, Integer.MAX_VALUE}, {Long.MIN_VALUE, -1}, {0, Long.MAX_VALUE},
                {-1, Long.MAX_VALUE - 1}, {Long.MIN_VALUE / 2, Long.MAX_VALUE / 2}, {-7, 7}, {3, 3}};
        for (long[] r : ranges) {
            long maxIndex = IntCodec.maxIndex(r[0], r[1]);
            Set<Long> seen = new HashSet<>();
            for (long i : new long[] {0, 1, 2, 3, maxIndex / 2, maxIndex - 1, maxIndex}) {
                if (i < 0 || i > maxIndex) continue;
                long v = IntCodec.toValue(i, r[0], r[1]);
                assertTrue(v >= r[0] && v <= r[1], v + " outside range");
                assertEquals(i, IntCodec.toIndex(v, r[0], r[1]));
                seen.add(v);
            }
            assertTrue(seen.contains(IntCodec.toValue(maxIndex, r[0], r[1])));
        }
        assertThrows(IllegalArgumentException.class, () -> IntCodec.maxIndex(Long.MIN_VALUE, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> IntCodec.maxIndex(2, 1));
    }

    @Test
    void drawsStayInsideTheirBounds() {
        for (long seed = 0; seed < 300; seed++) {
            TestCase tc = fresh(seed);
            int i = tc.draw(-5, 17);
            assertTrue(i >= -5 && i <= 17);
            long l = tc.drawLong(Long.MIN_VALUE + 1, 0);
            assertTrue(l <= 0);
            long u = tc.drawLong(0, 0xFFFFFFFFL);
            assertTrue(u >= 0 && u <= 0xFFFFFFFFL);
            List<Integer> xs = tc.draw(Gen.ints(1, 3).list(2, 5));
            assertTrue(xs.size() >= 2 && xs.size() <= 5, "size " + xs.size());
            byte[] b = tc.draw(Gen.byteArrays(3, 200));
            assertTrue(b.length >= 3 && b.length <= 200);
            String s = tc.draw(Gen.strings("abc", 1, 4));
            assertTrue(s.length() >= 1 && s.length() <= 4 && s.chars().allMatch(c -> "abc".indexOf(c) >= 0), s);
            int c = tc.choose(7);
            assertTrue(c >= 0 && c < 7);
        }
    }

    @Test
    void replayingTheRecordedChoicesRebuildsTheSameValue() {
        Gen<Object> g = src -> List.of(src.draw(Gen.ints()), src.draw(Gen.longs()), src.draw(Gen.bytes(0, 300)),
                src.draw(Gen.strings("xyz", 0, 9)), src.draw(Gen.ints(-4, 4).list(0, 9)), src.bool());
        for (long seed = 0; seed < 200; seed++) {
            TestCase first = fresh(seed);
            Object value = first.draw(g);
            Choices choices = first.choices();
            TestCase again = replay(choices.toArray());
            assertEquals(value, again.draw(g), "seed " + seed);
            assertEquals(choices, again.choices());
        }
    }

    @Test
    void replayPastTheEndDrawsSimplestValues() {
        TestCase tc = replay();
        assertEquals(5, tc.draw(5, 10));
        assertEquals(0, tc.draw(-3, 4));
        assertEquals(-2, tc.draw(-9, -2));
        assertFalse(tc.bool());
        assertFalse(tc.weighted(0.99));
        assertEquals(0, tc.choose(9));
        assertEquals(List.of(0, 0), tc.draw(Gen.ints(0, 9).list(2, 8)), "minimum size, simplest elements");
        assertEquals(Bytes.EMPTY, tc.draw(Gen.bytes(0, 99)));
        assertArrayEquals(new byte[100], tc.draw(Gen.byteArrays(100, 200)), "long content from seed 0 is zeros");
        assertEquals("aa", tc.draw(Gen.strings("ab", 2, 5)));
    }

    @Test
    void editedIndicesOutOfRangeAreClamped() {
        TestCase tc = replay(50, 7, -3);
        assertEquals(10, tc.draw(0, 10));
        assertTrue(tc.bool());
        assertEquals(0, tc.draw(0, 10));
        assertArrayEquals(new long[] {10, 1, 0}, tc.choices().toArray(), "the clamped values are what is recorded");
    }

    @Test
    void randomDrawsFavourEdgeCases() {
        Set<Long> seen = new HashSet<>();
        TestCase tc = fresh(3);
        for (int i = 0; i < 2000; i++) seen.add(tc.drawLong(0, 1L << 40));
        assertTrue(seen.contains(0L) && seen.contains(1L << 40), "bounds");
        assertTrue(seen.contains(16384L) || seen.contains(16383L) || seen.contains(16385L)
                || seen.contains(65535L) || seen.contains(65536L), "neighbours of powers of two");
    }

    @Test
    void frequencyFollowsWeightsAndShrinksToTheFirstOption() {
        Gen<String> g = Gen.frequency(Gen.weight(9, Gen.constant("common")), Gen.weight(1, Gen.constant("rare")),
                Gen.weight(0, Gen.constant("never")));
        int common = 0;
        TestCase tc = fresh(17);
        for (int i = 0; i < 4000; i++) {
            String s = tc.draw(g);
            assertFalse(s.equals("never"));
            if (s.equals("common")) common++;
        }
        assertTrue(common > 3400 && common < 3800, "about 90%: " + common);
        assertEquals("common", replay().draw(g));
    }

    @Test
    void flatMapLetsLaterDrawsDependOnEarlierValues() {
        Gen<List<Integer>> g = Gen.ints(0, 5).flatMap(n -> src -> {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) out.add(src.draw(0, n));
            return out;
        });
        for (long seed = 0; seed < 100; seed++) {
            List<Integer> xs = fresh(seed).draw(g);
            int n = xs.size();
            assertTrue(xs.stream().allMatch(x -> x <= n));
        }
    }

    @Test
    void filterRetriesThenDiscards() {
        Gen<Integer> even = Gen.ints(0, 1000).filter(x -> x % 2 == 0);
        for (long seed = 0; seed < 100; seed++) assertEquals(0, fresh(seed).draw(even) % 2);
        TestCase tc = fresh(1);
        assertThrows(Discard.class, () -> tc.draw(Gen.ints(0, 10).filter(x -> x > 10)));
        assertTrue(tc.invalid());
        assertEquals(Gen.Filters.RETRIES, tc.choices().size(), "each attempt drew once");
    }

    @Test
    void permutationsAndEnumsCoverTheirValues() {
        Set<List<Integer>> perms = new HashSet<>();
        TestCase tc = fresh(5);
        for (int i = 0; i < 500; i++) perms.add(tc.draw(Gen.permutations(List.of(1, 2, 3))));
        assertEquals(6, perms.size());
        assertEquals(List.of(1, 2, 3), replay().draw(Gen.permutations(List.of(1, 2, 3))));
        assertEquals(Thread.State.NEW, replay().draw(Gen.enums(Thread.State.class)));
    }

    /** Trees drawn recursively: two thirds leaves, so the expected size is finite. */
    private static final Gen<String> TREES = Gen.frequency(Gen.weight(2, Gen.constant("leaf")),
            Gen.weight(1, Gen.zip(Gen.lazy(() -> GenTest.TREES), Gen.lazy(() -> GenTest.TREES),
                    (l, r) -> "(" + l + " " + r + ")")));

    @Test
    void zipAndLazyBuildStructures() {
        record Pair(int a, boolean b) {}
        Gen<Pair> pairs = Gen.zip(Gen.ints(0, 3), Gen.booleans(), Pair::new);
        assertEquals(new Pair(0, false), replay().draw(pairs));
        assertEquals(new Pair(2, true), replay(2, 1).draw(pairs));
        Gen<String> triple = Gen.zip(Gen.ints(0, 3), Gen.ints(0, 3), Gen.ints(0, 3), (a, b, c) -> a + "" + b + c);
        assertEquals("123", replay(1, 2, 3).draw(triple));
        // A recursive tree: depth is bounded by the drawn choices, and the simplest tree is a leaf.
        assertEquals("leaf", replay().draw(TREES));
        assertEquals("(leaf leaf)", replay(2).draw(TREES));
        assertEquals("((leaf leaf) leaf)", replay(2, 2).draw(TREES));
    }

    @Test
    void manyRecordsOneSpanPerElement() {
        TestCase tc = replay(1, 4, 1, 5, 0);
        Many m = tc.many(0, 10, 3);
        List<Integer> xs = new ArrayList<>();
        while (m.more()) xs.add(tc.draw(0, 9));
        assertEquals(List.of(4, 5), xs);
        assertTrue(tc.spans().contains(new Span(0, 2, 0)), tc.spans().toString());
        assertTrue(tc.spans().contains(new Span(2, 4, 0)), tc.spans().toString());
    }
}
