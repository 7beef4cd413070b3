package io.grpcspec.property.engine;

import java.util.List;

/**
 * Where generators get their randomness: every draw is a bounded choice that the engine records,
 * so a case can be replayed exactly and shrunk by editing the recorded choices. When a case is
 * replayed from a shortened sequence, draws past its end return the simplest value of their range
 * (index 0: the bound nearest to zero, {@code false}, the first option, the end of a loop), so
 * every edited sequence still generates a valid value.
 *
 * <p>Random (first-time) draws are biased towards edge cases: range bounds, zero, small values
 * and neighbours of powers of two turn up far more often than uniform sampling would give.
 * Use {@link #choose(int)} when an unbiased pick among options is wanted.
 *
 * <p>Stateful generation is ordinary code: draw the next item with bounds or options computed
 * from the state built so far.
 */
public sealed interface Source permits Context {

    /** An integer in {@code [min, max]}, shrinking towards the value nearest to zero. */
    int draw(int min, int max);

    /** A long in {@code [min, max]} ({@code max - min} must fit a long), shrinking towards zero. */
    long drawLong(long min, long max);

    /** A fair coin, shrinking to {@code false}. */
    boolean bool();

    /**
     * {@code true} with probability {@code p} on random draws, shrinking to {@code false}.
     * {@code p <= 0} and {@code p >= 1} are forced (recorded as a choice with a single outcome, as
     * are single-value ranges and single options, so that edits elsewhere keep choices aligned).
     */
    boolean weighted(double p);

    /** A uniformly chosen index in {@code [0, n)}, shrinking to 0. */
    int choose(int n);

    /** One of {@code options}, uniformly, shrinking to the first. */
    <T> T pick(List<? extends T> options);

    /** Runs {@code gen} on this source as one structural unit (a span the shrinker may delete whole). */
    <T> T draw(Gen<T> gen);

    /**
     * A loop of between {@code minSize} and {@code maxSize} iterations whose continuation is
     * drawn as a "one more?" boolean before each optional element, about {@code averageSize}
     * elements on average. Deleting an element's choices therefore shrinks the loop:
     * <pre>{@code
     * Many frames = src.many(0, 50, 10);
     * while (frames.more()) { ... draw the next frame from the current state ... }
     * }</pre>
     */
    Many many(int minSize, int maxSize, double averageSize);

    /** {@link #many(int, int, double)} with a default average (Hypothesis's rule of thumb). */
    Many many(int minSize, int maxSize);

    /** Discards the current case unless {@code condition} holds; discarded cases are counted, not failed. */
    void assume(boolean condition);
}
