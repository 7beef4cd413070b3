package io.grpcspec.property.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One execution of a property: either fresh (random draws after the prefix) or a replay
 * (simplest draws after the prefix). Records every choice and span for the shrinker.
 *
 * <p>Notes ({@link #note}) are kept only by an execution made to be reported (the replay of
 * the shrunk failing case, whose notes are the report's trace): every other execution drops
 * them unread, so a property that notes every step of a long conversation does not format a
 * line per step for cases that pass.
 */
final class TestCase implements Context {
    private final long[] prefix;
    private final Rng rng; // null: replay, draws past the prefix are index 0
    private final int maxChoices;
    private final boolean keepNotes;

    private long[] indices = new long[64];
    private long[] maxIndices = new long[64];
    private int size;
    private final List<Span> spans = new ArrayList<>();
    private int depth;

    final Set<String> labels = new LinkedHashSet<>();
    final Map<String, Long> counts = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    private String invalidReason;

    TestCase(long[] prefix, Rng rng, int maxChoices) {
        this(prefix, rng, maxChoices, true);
    }

    /** @param keepNotes whether {@link #note} records its lines (only an execution to be reported needs them) */
    TestCase(long[] prefix, Rng rng, int maxChoices, boolean keepNotes) {
        this.prefix = prefix;
        this.rng = rng;
        this.maxChoices = maxChoices;
        this.keepNotes = keepNotes;
    }

    // ---- recording -------------------------------------------------------------------------

    private long next(long maxIndex, LongSupplier randomIndex) {
        if (invalidReason != null) throw new Discard(invalidReason);
        if (size >= maxChoices) {
            invalidReason = "case drew more than " + maxChoices + " choices";
            throw new Discard(invalidReason);
        }
        long index;
        if (size < prefix.length) {
            // Edited sequences may hold indices the draw at this position cannot take: clamp.
            index = Math.max(0, Math.min(prefix[size], maxIndex));
        } else if (rng == null) {
            index = 0;
        } else {
            index = randomIndex.getAsLong();
        }
        if (size == indices.length) {
            indices = Arrays.copyOf(indices, size * 2);
            maxIndices = Arrays.copyOf(maxIndices, size * 2);
        }
        indices[size] = index;
        maxIndices[size] = maxIndex;
        size++;
        return index;
    }

    /**
     * Records a draw that had only one possible outcome. Recording it anyway keeps later
     * choices at the same positions when an edit changes how many options a draw has (say, the
     * number of open streams drops from two to one), so shrinking edits stay aligned.
     */
    private void forced() {
        next(0, () -> 0);
    }

    int position() {
        return size;
    }

    /** Opens a span at the current depth; returns that depth for {@link #closeSpan}. */
    int openSpan() {
        return depth++;
    }

    void closeSpan(int start, int spanDepth) {
        depth = spanDepth;
        if (size > start) spans.add(new Span(start, size, spanDepth));
    }

    Choices choices() {
        return new Choices(Arrays.copyOf(indices, size), Arrays.copyOf(maxIndices, size));
    }

    List<Span> spans() {
        return spans;
    }

    boolean invalid() {
        return invalidReason != null;
    }

    String invalidReason() {
        return invalidReason;
    }

    // ---- Source ----------------------------------------------------------------------------

    @Override
    public int draw(int min, int max) {
        return (int) drawLong(min, max);
    }

    @Override
    public long drawLong(long min, long max) {
        long maxIndex = IntCodec.maxIndex(min, max);
        long index = next(maxIndex, () -> IntCodec.toIndex(biasedValue(min, max, maxIndex), min, max));
        return IntCodec.toValue(index, min, max);
    }

    /** A random value of {@code [min, max]} with extra weight on values that tend to break code. */
    private long biasedValue(long min, long max, long maxIndex) {
        int r = rng.below(100);
        if (r < 5) return IntCodec.simplest(min, max);
        if (r < 10) return min;
        if (r < 15) return max;
        if (r < 25) return IntCodec.toValue(rng.upTo(Math.min(maxIndex, 16)), min, max);
        if (r < 30) return min + rng.upTo(Math.min(maxIndex, 3));
        if (r < 35) return max - rng.upTo(Math.min(maxIndex, 3));
        if (r < 45) {
            long v = (1L << rng.below(63)) + rng.below(3) - 1;
            if (min < 0 && rng.below(2) == 0) v = -v;
            if (v >= min && v <= max) return v;
        }
        return IntCodec.toValue(rng.upTo(maxIndex), min, max);
    }

    @Override
    public boolean bool() {
        return next(1, () -> rng.below(2)) == 1;
    }

    @Override
    public boolean weighted(double p) {
        if (p <= 0 || p >= 1) {
            forced();
            return p >= 1;
        }
        return next(1, () -> rng.nextDouble() < p ? 1 : 0) == 1;
    }

    @Override
    public int choose(int n) {
        if (n <= 0) throw new IllegalArgumentException("choose(" + n + "): no options");
        return (int) next(n - 1L, () -> rng.upTo(n - 1L));
    }

    @Override
    public <T> T pick(List<? extends T> options) {
        return options.get(choose(options.size()));
    }

    @Override
    public <T> T draw(Gen<T> gen) {
        int start = size;
        int spanDepth = openSpan();
        try {
            return gen.generate(this);
        } finally {
            closeSpan(start, spanDepth);
        }
    }

    @Override
    public Many many(int minSize, int maxSize, double averageSize) {
        return new Many(this, minSize, maxSize, averageSize);
    }

    @Override
    public Many many(int minSize, int maxSize) {
        // Hypothesis's default: twice the minimum or five more, but at most the middle of the range.
        double average = Math.min(Math.max(minSize * 2.0, minSize + 5.0), 0.5 * (minSize + (double) maxSize));
        return many(minSize, maxSize, average);
    }

    @Override
    public void assume(boolean condition) {
        if (!condition) {
            if (invalidReason == null) invalidReason = "assumption failed";
            throw new Discard(invalidReason);
        }
    }

    void reject(String reason) {
        if (invalidReason == null) invalidReason = reason;
        throw new Discard(invalidReason);
    }

    // ---- Context ---------------------------------------------------------------------------

    @Override
    public void label(String label) {
        labels.add(label);
    }

    @Override
    public void classify(boolean condition, String label) {
        if (condition) labels.add(label);
    }

    @Override
    public void count(String key) {
        count(key, 1);
    }

    @Override
    public void count(String key, long n) {
        counts.merge(key, n, Long::sum);
    }

    @Override
    public void note(Object line) {
        if (keepNotes) notes.add(String.valueOf(line));
    }

    @Override
    public String toString() {
        return "case with " + size + " choices";
    }
}
