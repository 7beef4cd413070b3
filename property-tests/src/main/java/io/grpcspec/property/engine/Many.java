package io.grpcspec.property.engine;

/**
 * A loop driven by drawn "one more?" booleans; see {@link Source#many(int, int, double)}.
 * Each element (its continuation flag and everything drawn until the next {@link #more()})
 * is recorded as one span, so the shrinker can delete elements whole.
 */
public final class Many {
    private final TestCase source;
    private final int minSize;
    private final int maxSize;
    private final double continueProbability;
    private int count;
    private int openStart = -1;
    private int openDepth;

    Many(TestCase source, int minSize, int maxSize, double averageSize) {
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("bad size bounds [" + minSize + ", " + maxSize + "]");
        }
        this.source = source;
        this.minSize = minSize;
        this.maxSize = maxSize;
        // A geometric number of extra elements with mean e needs P(continue) = e / (1 + e).
        double extra = Math.max(0, Math.min(averageSize, maxSize) - minSize);
        this.continueProbability = extra / (1 + extra);
    }

    /**
     * Whether to run one more element; draws the continuation flag when the bounds leave a
     * choice. Loop on it until it returns {@code false} ({@code while (many.more()) ...}): the
     * call that returns {@code false} also closes the last element's span.
     */
    public boolean more() {
        if (openStart >= 0) {
            source.closeSpan(openStart, openDepth);
            openStart = -1;
        }
        if (count >= maxSize) return false;
        int start = source.position();
        boolean go = count < minSize || source.weighted(continueProbability);
        if (!go) return false;
        count++;
        openStart = start;
        openDepth = source.openSpan();
        return true;
    }

    /** Elements started so far. */
    public int count() {
        return count;
    }
}
