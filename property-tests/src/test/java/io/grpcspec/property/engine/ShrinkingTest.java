package io.grpcspec.property.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Planted failures whose minimal counterexample is known: the shrinker must reach exactly it,
 * from every one of several seeds (so a lucky first case cannot make a test pass).
 */
class ShrinkingTest {
    private static final long[] SEEDS = {1, 2, 3, 42, 1234567, -99, 0x5eedL, 777};

    private static <T> Failure<T> failureOf(Property<T> property, Property.Check<? super T> body) {
        Result<T> r = property.settings(Settings.DEFAULTS).printSummary(false).run(body);
        assertEquals(Result.Status.FAILED, r.status(), () -> "planted failure not found: " + r.summary());
        assertNotNull(r.failure());
        assertFalse(r.failure().flaky(), "a deterministic property must replay its shrunk case");
        assertFalse(r.failure().shrinkBudgetExhausted(), "planted cases must shrink to a fixed point");
        return r.failure();
    }

    @Test
    void intBelow1000ShrinksToExactly1000() {
        for (long seed : SEEDS) {
            Failure<Integer> f = failureOf(
                    Property.forAll("all ints < 1000", Gen.ints(0, 1_000_000)).seed(seed),
                    x -> assertTrue(x < 1000, "too big: " + x));
            assertEquals(1000, f.value(), "seed " + seed);
            assertEquals("1000", f.example());
            assertEquals(1, f.shrunk().size(), "one choice is left: the int itself");
        }
    }

    @Test
    void listOfIntsBelow1000ShrinksToSingleElement1000() {
        for (long seed : SEEDS) {
            Failure<List<Integer>> f = failureOf(
                    Property.forAll("all ints in lists < 1000", Gen.ints(0, 1_000_000).list(0, 30)).seed(seed),
                    xs -> xs.forEach(x -> assertTrue(x < 1000)));
            assertEquals(List.of(1000), f.value(), "seed " + seed);
        }
    }

    @Test
    void listWithElementAtLeast100ShrinksToSingleton100() {
        for (long seed : SEEDS) {
            Failure<List<Integer>> f = failureOf(
                    Property.forAll("no list contains an element >= 100", Gen.lists(Gen.ints(0, 1_000_000), 0, 50)).seed(seed),
                    xs -> assertTrue(xs.stream().allMatch(x -> x < 100)));
            assertEquals(List.of(100), f.value(), "seed " + seed);
        }
    }

    @Test
    void listSumShrinksToSingleElementOfExactly200() {
        // Deleting elements and lowering values alone can stop at e.g. [80, 120]; the
        // redistribution pass moves 80 onto the 120 and the zero element is then deleted.
        for (long seed : SEEDS) {
            Failure<List<Integer>> f = failureOf(
                    Property.forAll("list sum < 200", Gen.lists(Gen.ints(0, 1000), 0, 40)).seed(seed),
                    xs -> assertTrue(xs.stream().mapToInt(Integer::intValue).sum() < 200));
            assertEquals(List.of(200), f.value(), "seed " + seed);
        }
    }

    @Test
    void sumOfBoundedElementsShrinksToMinimalLength() {
        // Elements are at most 50, so at least four are needed; minimal is four elements summing to 200.
        for (long seed : SEEDS) {
            Failure<List<Integer>> f = failureOf(
                    Property.forAll("sum < 200 with small elements", Gen.lists(Gen.ints(0, 50), 0, 60)).seed(seed),
                    xs -> assertTrue(xs.stream().mapToInt(Integer::intValue).sum() < 200));
            assertEquals(List.of(50, 50, 50, 50), f.value(), "seed " + seed);
        }
    }

    enum Cmd { INC, DEC, RESET }

    /** Next command chosen from what the current counter allows: DEC only when above zero. */
    private static final Gen<List<Cmd>> COUNTER_PROGRAMS = src -> {
        List<Cmd> program = new ArrayList<>();
        int counter = 0;
        Many steps = src.many(0, 40, 12);
        while (steps.more()) {
            List<Cmd> allowed = counter > 0 ? List.of(Cmd.INC, Cmd.DEC, Cmd.RESET) : List.of(Cmd.INC, Cmd.RESET);
            Cmd c = src.pick(allowed);
            program.add(c);
            counter = apply(counter, c);
        }
        return program;
    };

    private static int apply(int counter, Cmd c) {
        return switch (c) {
            case INC -> counter + 1;
            case DEC -> counter - 1;
            case RESET -> 0;
        };
    }

    @Test
    void statefulGeneratorShrinksToThreeIncrements() {
        for (long seed : SEEDS) {
            Failure<List<Cmd>> f = failureOf(
                    Property.forAll("counter never reaches 3", COUNTER_PROGRAMS).seed(seed),
                    program -> {
                        int counter = 0;
                        for (Cmd c : program) {
                            counter = apply(counter, c);
                            assertTrue(counter != 3, "counter reached 3");
                        }
                    });
            assertEquals(List.of(Cmd.INC, Cmd.INC, Cmd.INC), f.value(), "seed " + seed);
        }
    }

    @Test
    void interleavedStatefulBodyShrinksToThreeIncrementsInItsTrace() {
        for (long seed : SEEDS) {
            Result<Context> r = Property.stateful("counter machine").seed(seed)
                    .settings(Settings.DEFAULTS).printSummary(false)
                    .run(ctx -> {
                        int counter = 0;
                        Many steps = ctx.many(0, 40, 12);
                        while (steps.more()) {
                            Cmd c = ctx.draw(Gen.enums(Cmd.class));
                            ctx.note(c + " -> " + apply(counter, c));
                            counter = apply(counter, c);
                            if (counter == 3) throw new IllegalStateException("counter reached 3");
                        }
                    });
            assertEquals(Result.Status.FAILED, r.status(), "seed " + seed);
            assertEquals(List.of("INC -> 1", "INC -> 2", "INC -> 3"), r.failure().trace(), "seed " + seed);
            assertInstanceOf(IllegalStateException.class, r.failure().error());
            assertTrue(r.report().contains("Trace (3 steps):\n  INC -> 1\n  INC -> 2\n  INC -> 3"), r.report());
        }
    }

    @Test
    void byteArraysShrinkToShortestLengthAndZeroContent() {
        for (long seed : SEEDS) {
            Failure<byte[]> f = failureOf(
                    Property.forAll("payloads at most 100 bytes", Gen.byteArrays(0, 16_384)).seed(seed),
                    b -> assertTrue(b.length <= 100));
            assertEquals(101, f.value().length, "seed " + seed);
            assertTrue(Arrays.equals(new byte[101], f.value()), "content shrinks to zeros, seed " + seed);
        }
    }

    @Test
    void byteContentShrinksToTheOffendingByte() {
        for (long seed : SEEDS) {
            Failure<byte[]> f = failureOf(
                    Property.forAll("no 0x7f byte", Gen.byteArrays(0, 40)).seed(seed).tries(2000),
                    b -> {
                        for (byte x : b) assertTrue(x != 0x7f);
                    });
            assertEquals("0x7f", f.example(), "seed " + seed);
        }
    }

    @Test
    void signedIntegersShrinkTowardsZero() {
        for (long seed : SEEDS) {
            Failure<Integer> f = failureOf(
                    Property.forAll("|x| < 50", Gen.ints(-1000, 1000)).seed(seed),
                    x -> assertTrue(Math.abs(x) < 50));
            // 50 precedes -50 in the simplicity order 0, 1, -1, 2, -2, ...
            assertEquals(50, f.value(), "seed " + seed);
        }
    }

    @Test
    void oneOfShrinksTowardsTheFirstAlternative() {
        Gen<String> g = Gen.oneOf(Gen.ints(0, 100).map(i -> "int " + i), Gen.booleans().map(b -> "bool " + b));
        for (long seed : SEEDS) {
            Failure<String> f = failureOf(Property.forAll("anything fails", g).seed(seed), s -> {
                throw new AssertionError("always");
            });
            assertEquals("int 0", f.value(), "seed " + seed);
            assertEquals(0, f.shrunk().toArray().length > 0 ? f.shrunk().index(0) : 0);
        }
    }

    @Test
    void siblingElementsAreSortedAscending() {
        // Any list holding two elements >= 10 fails; minimal is [10, 10].
        for (long seed : SEEDS) {
            Failure<List<Integer>> f = failureOf(
                    Property.forAll("at most one element >= 10", Gen.ints(0, 1000).list(0, 20)).seed(seed),
                    xs -> assertTrue(xs.stream().filter(x -> x >= 10).count() < 2));
            assertEquals(List.of(10, 10), f.value(), "seed " + seed);
        }
    }

    @Test
    void sameErrorTypeKeepsShrinkingOnTheFirstBug() {
        // x >= 500 throws IllegalStateException, 10 <= x < 500 an AssertionError.
        Property.Check<Integer> twoBugs = x -> {
            if (x >= 500) throw new IllegalStateException("big " + x);
            if (x >= 10) throw new AssertionError("medium " + x);
        };
        int checked = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Failure<Integer> loose = failureOf(Property.forAll("two bugs", Gen.ints(0, 100_000)).seed(seed), twoBugs);
            assertEquals(10, loose.value(), "any failure counts by default");
            if (Integer.parseInt(loose.originalExample()) < 500) continue;
            Failure<Integer> strict = failureOf(
                    Property.forAll("two bugs", Gen.ints(0, 100_000)).seed(seed).sameErrorType(true), twoBugs);
            assertEquals(500, strict.value());
            assertInstanceOf(IllegalStateException.class, strict.error());
            checked++;
        }
        assertTrue(checked > 0, "some seed must find the IllegalStateException first");
    }

    @Test
    void shrinkBudgetIsRespectedAndReported() {
        // Binary search alone needs about 20 replays to lower an element to exactly 1000.
        Result<List<Integer>> r = Property.forAll("budgeted", Gen.ints(0, 1_000_000).list(5, 50)).seed(7)
                .settings(Settings.DEFAULTS).printSummary(false)
                .shrinkBudget(5, Duration.ofSeconds(30))
                .run(xs -> xs.forEach(x -> assertTrue(x < 1000)));
        assertEquals(Result.Status.FAILED, r.status());
        assertTrue(r.failure().shrinkReplays() <= 5, "replays " + r.failure().shrinkReplays());
        assertTrue(r.failure().shrinkBudgetExhausted());
        assertTrue(r.report().contains("shrink budget exhausted"), r.report());
    }

    @Test
    void duplicatesShrinkToTwoZeros() {
        for (long seed : SEEDS) {
            Failure<List<Integer>> f = failureOf(
                    Property.forAll("no duplicates", Gen.ints(0, 1_000_000).list(0, 30)).seed(seed).tries(1000),
                    xs -> assertEquals(xs.size(), new java.util.HashSet<>(xs).size()));
            assertEquals(List.of(0, 0), f.value(), "seed " + seed);
        }
    }

    @Test
    void nestedListsMergeIntoOneInnerList() {
        // Five elements in total is the condition; one inner list of five costs fewer choices
        // than several inner lists, so that is the minimal example.
        for (long seed : SEEDS) {
            Failure<List<List<Integer>>> f = failureOf(
                    Property.forAll("fewer than 5 elements in all", Gen.ints(0, 100).list(0, 6).list(0, 6)).seed(seed),
                    xss -> assertTrue(xss.stream().mapToInt(List::size).sum() < 5));
            assertEquals(List.of(List.of(0, 0, 0, 0, 0)), f.value(), "seed " + seed);
        }
    }

    @Test
    void listElementsAreReorderedAscending() {
        // Needs a "B" and a "C" in any order; ["B", "C"] is simpler than ["C", "B"], and lowering
        // either element alone loses one of the two, so only swapping the elements gets there.
        for (long seed : SEEDS) {
            Failure<List<String>> f = failureOf(
                    Property.forAll("not both B and C", Gen.elements("A", "B", "C", "D").list(0, 20)).seed(seed),
                    xs -> assertFalse(xs.contains("B") && xs.contains("C")));
            assertEquals(List.of("B", "C"), f.value(), "seed " + seed);
        }
    }

    @Test
    void adjacentRawDrawsAreSorted() {
        // Two plain draws with no span around each: the pair (20, 10) is stuck for lowering and
        // only swapping the adjacent choices reaches (10, 20).
        Gen<List<Integer>> pair = src -> List.of(src.draw(0, 1000), src.draw(0, 1000));
        for (long seed : SEEDS) {
            Failure<List<Integer>> f = failureOf(
                    Property.forAll("symmetric thresholds", pair).seed(seed),
                    p -> {
                        int lo = Math.min(p.get(0), p.get(1));
                        int hi = Math.max(p.get(0), p.get(1));
                        assertFalse(lo >= 10 && hi >= 20);
                    });
            assertEquals(List.of(10, 20), f.value(), "seed " + seed);
        }
    }

    @Test
    void blocksAreZeroedTogether() {
        // Fails when c >= 500 and a, b are both zero or both positive and different. Lowering
        // one at a time stops at (1, 2, 500); deleting or moving choices loses c; only zeroing
        // a and b at once reaches (0, 0, 500).
        Gen<List<Integer>> triple = src -> List.of(src.draw(0, 1000), src.draw(0, 1000), src.draw(0, 1000));
        for (long seed : SEEDS) {
            Failure<List<Integer>> f = failureOf(
                    Property.forAll("odd triple rule", triple).seed(seed).tries(1000),
                    t -> {
                        int a = t.get(0);
                        int b = t.get(1);
                        assertFalse(t.get(2) >= 500 && (a == 0 && b == 0 || a > 0 && b > 0 && a != b));
                    });
            assertEquals(List.of(0, 0, 500), f.value(), "seed " + seed);
        }
    }

    // ---- a frame-sequence-shaped generator: the next frame depends on the streams opened so far

    sealed interface Frame permits Headers, Data, WindowUpdate, Ping {}

    record Headers(int stream) implements Frame {}

    record Data(int stream, io.grpcspec.wire.Bytes payload) implements Frame {
        @Override
        public String toString() {
            return "DATA stream=" + stream + " length=" + payload.length();
        }
    }

    record WindowUpdate(int stream, long increment) implements Frame {}

    record Ping(long opaque) implements Frame {}

    private static final Gen<List<Frame>> CONVERSATIONS = src -> {
        List<Frame> frames = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        int nextStream = 1;
        Many many = src.many(0, 60, 20);
        while (many.more()) {
            Frame f;
            int kind = open.isEmpty() ? List.of(0, 2, 3).get(src.choose(3)) : src.choose(4);
            switch (kind) {
                case 0 -> {
                    f = new Headers(nextStream);
                    open.add(nextStream);
                    nextStream += 2;
                }
                case 1 -> f = new Data(src.pick(open), src.draw(Gen.bytes(0, 16_384)));
                case 2 -> {
                    List<Integer> targets = new ArrayList<>(List.of(0));
                    targets.addAll(open);
                    f = new WindowUpdate(src.pick(targets), src.drawLong(0, 0x7fffffffL));
                }
                default -> f = new Ping(src.draw(Gen.longs()));
            }
            frames.add(f);
        }
        return frames;
    };

    @Test
    void frameSequenceShrinksToTheThreeFramesThatMatter() {
        io.grpcspec.wire.Bytes hundredZeros = io.grpcspec.wire.Bytes.of(new byte[100]);
        for (long seed : SEEDS) {
            long started = System.nanoTime();
            Failure<List<Frame>> f = failureOf(
                    Property.forAll("no zero WINDOW_UPDATE after a big DATA", CONVERSATIONS).seed(seed).tries(2000),
                    frames -> {
                        java.util.Set<Integer> bigData = new java.util.HashSet<>();
                        for (Frame fr : frames) {
                            if (fr instanceof Data d && d.payload().length() >= 100) bigData.add(d.stream());
                            if (fr instanceof WindowUpdate w && w.increment() == 0) {
                                assertFalse(bigData.contains(w.stream()), "zero increment after big DATA");
                            }
                        }
                    });
            assertEquals(List.of(new Headers(1), new Data(1, hundredZeros), new WindowUpdate(1, 0)), f.value(),
                    "seed " + seed);
            assertEquals("[Headers[stream=1], DATA stream=1 length=100, WindowUpdate[stream=1, increment=0]]", f.example());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 10_000, "shrinking took " + millis + " ms");
        }
    }
}
