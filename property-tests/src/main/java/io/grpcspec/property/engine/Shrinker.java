package io.grpcspec.property.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Shrinks a failing choice sequence by editing it and replaying: a candidate is kept when the
 * property still fails on it (the {@link Replayer} decides what counts as "the same failure").
 *
 * <p>Candidates are only tried when they are smaller in shortlex order (shorter, or as long and
 * lexicographically smaller), and a replay is only kept when the sequence it actually consumed is
 * smaller than the current best. Every kept step therefore makes strict progress, so shrinking
 * terminates even without the budget; the budget (replays and wall time) just bounds the cost.
 *
 * <p>Passes, cheap ones first, repeated until none makes progress:
 * <ul>
 *   <li>delete whole spans: the whole case first, then list elements and sub-generators;</li>
 *   <li>delete blocks of 8, 4, 2, 1 choices at every position, from the end;</li>
 *   <li>zero blocks of 8, 4, 2 choices;</li>
 *   <li>lower each choice to 0, or by binary search to the smallest index that still fails;
 *       the same for all choices holding one index together (duplicates).</li>
 * </ul>
 * When those reach a fixed point the costlier passes run:
 * <ul>
 *   <li>swap adjacent sibling spans, and adjacent choices, into ascending order;</li>
 *   <li>redistribute: move index from a choice to a later one ({@code [80, 120]} under a sum
 *       constraint becomes {@code [0, 200]}, and the zero element is then deleted);</li>
 *   <li>lower a choice by one while deleting choices right after it (a drawn length together
 *       with its content);</li>
 *   <li>try the small values 1..16 below each choice (failures not monotone in a value).</li>
 * </ul>
 */
final class Shrinker {

    /** A replay whose failure counts; {@code null} from the replayer means "not interesting". */
    record Attempt(Choices choices, List<Span> spans, Throwable error) {}

    @FunctionalInterface
    interface Replayer {
        Attempt replayIfFailing(long[] candidate);
    }

    private static final int[] BLOCK_SIZES = {8, 4, 2, 1};
    private static final int REDISTRIBUTE_DISTANCE = 16;
    private static final int LOWER_AND_DELETE_GAP = 4;
    private static final int SMALL_VALUES = 16;

    private final Replayer replayer;
    private final int maxReplays;
    private final long deadlineNanos;
    // 64-bit fingerprints, not the arrays: the budget may allow many long candidates.
    private final Set<Long> seen = new HashSet<>();

    private Attempt best;
    private int steps;
    private int replays;

    Shrinker(Replayer replayer, Attempt initial, int maxReplays, long timeBudgetNanos) {
        this.replayer = replayer;
        this.best = initial;
        this.maxReplays = maxReplays;
        this.deadlineNanos = System.nanoTime() + timeBudgetNanos;
    }

    Attempt best() {
        return best;
    }

    int steps() {
        return steps;
    }

    int replays() {
        return replays;
    }

    boolean budgetExhausted() {
        return replays >= maxReplays || System.nanoTime() - deadlineNanos > 0;
    }

    /** Runs the passes to a fixed point or until the budget is spent. */
    void shrink() {
        while (!budgetExhausted()) {
            boolean progress = deleteSpans();
            progress |= deleteBlocks();
            progress |= zeroBlocks();
            progress |= lowerChoices();
            progress |= lowerDuplicates();
            if (progress) continue;
            progress = swapSiblingSpans();
            progress |= sortAdjacent();
            progress |= redistribute();
            progress |= lowerAndDelete();
            progress |= trySmallValues();
            if (!progress) return;
        }
    }

    // ---- the candidate gate ----------------------------------------------------------------

    private long[] cur() {
        return best.choices().indicesView();
    }

    /** Replays {@code candidate} if it is new and smaller; keeps it when the property still fails. */
    boolean consider(long[] candidate) {
        if (candidate == null || budgetExhausted()) return false;
        if (!shortlexLess(candidate, cur())) return false;
        if (!seen.add(fingerprint(candidate))) return false;
        replays++;
        Attempt attempt = replayer.replayIfFailing(candidate);
        if (attempt == null) return false;
        long[] consumed = attempt.choices().indicesView();
        if (!shortlexLess(consumed, cur())) return false;
        best = attempt;
        steps++;
        return true;
    }

    static boolean shortlexLess(long[] a, long[] b) {
        if (a.length != b.length) return a.length < b.length;
        return Arrays.compare(a, b) < 0;
    }

    // ---- passes ----------------------------------------------------------------------------

    private boolean deleteSpans() {
        boolean any = false;
        List<Span> spans = best.spans();
        for (int i = spans.size() - 1; i >= 0 && !budgetExhausted(); i--) {
            if (i >= spans.size()) i = spans.size() - 1;
            if (i < 0) break;
            Span s = spans.get(i);
            if (s.end() > cur().length) continue;
            if (consider(delete(cur(), s.start(), s.end()))) {
                any = true;
                spans = best.spans();
            }
        }
        return any;
    }

    private boolean deleteBlocks() {
        boolean any = false;
        for (int k : BLOCK_SIZES) {
            for (int i = cur().length - k; i >= 0 && !budgetExhausted(); i--) {
                i = Math.min(i, cur().length - k);
                if (i < 0) break;
                any |= consider(delete(cur(), i, i + k));
            }
        }
        return any;
    }

    private boolean zeroBlocks() {
        boolean any = false;
        for (int k : BLOCK_SIZES) {
            if (k == 1) continue; // lowering covers single choices
            for (int i = 0; i + k <= cur().length && !budgetExhausted(); i++) {
                long[] c = cur();
                boolean allZero = true;
                for (int j = i; j < i + k; j++) allZero &= c[j] == 0;
                if (allZero) continue;
                long[] cand = c.clone();
                Arrays.fill(cand, i, i + k, 0);
                any |= consider(cand);
            }
        }
        return any;
    }

    private boolean lowerChoices() {
        boolean any = false;
        for (int i = 0; i < cur().length && !budgetExhausted(); i++) {
            int at = i;
            any |= lowestFailing(at, t -> {
                long[] c = cur();
                if (at >= c.length) return null;
                long[] cand = c.clone();
                cand[at] = t;
                return cand;
            });
        }
        return any;
    }

    /**
     * Lowers all choices that hold the same index together: properties about equal values
     * ("no duplicates", "request and response ids match") fail only while the copies agree,
     * so lowering one copy at a time never succeeds.
     */
    private boolean lowerDuplicates() {
        boolean any = false;
        java.util.Map<Long, List<Integer>> positions = new java.util.LinkedHashMap<>();
        long[] c0 = cur();
        for (int i = 0; i < c0.length; i++) {
            if (c0[i] > 0) positions.computeIfAbsent(c0[i], v -> new ArrayList<>()).add(i);
        }
        for (List<Integer> group : positions.values()) {
            if (group.size() < 2 || budgetExhausted()) continue;
            any |= lowestFailing(group.get(0), t -> {
                long[] c = cur();
                long[] cand = c.clone();
                for (int at : group) {
                    if (at >= c.length || c[at] != c[group.get(0)]) return null; // structure moved
                    cand[at] = t;
                }
                return cand;
            });
        }
        return any;
    }

    /**
     * Lowers the choice at {@code i} to the smallest index that still fails, assuming failures
     * are monotone in it: tries 0, then binary search between a passing and a failing value.
     * {@code candidateFor(t)} builds the candidate that puts {@code t} at position {@code i}.
     */
    private boolean lowestFailing(int i, LongFunction<long[]> candidateFor) {
        if (i >= cur().length) return false;
        long hi = cur()[i];
        if (hi == 0) return false;
        if (consider(candidateFor.apply(0))) return true;
        long lo = 0;
        boolean any = false;
        while (lo + 1 < hi && !budgetExhausted()) {
            long mid = lo + (hi - lo) / 2;
            if (consider(candidateFor.apply(mid))) {
                any = true;
                if (i >= cur().length || cur()[i] != mid) return true; // structure moved: stop here
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return any;
    }

    /**
     * Tries each of the indices 1..16 below a choice's value. Binary search assumes that
     * failing is monotone in the value; a property like "x % 7 != 3" is not, and small values
     * are where such failures are easiest to read.
     */
    private boolean trySmallValues() {
        boolean any = false;
        for (int i = 0; i < cur().length && !budgetExhausted(); i++) {
            for (long t = 1; t <= SMALL_VALUES && !budgetExhausted(); t++) {
                long[] c = cur();
                if (i >= c.length || t >= c[i]) break;
                long[] cand = c.clone();
                cand[i] = t;
                if (consider(cand)) {
                    any = true;
                    break;
                }
            }
        }
        return any;
    }

    /** Puts adjacent sibling spans of equal length in ascending order (e.g. list elements). */
    private boolean swapSiblingSpans() {
        boolean any = false;
        List<Span> spans = new ArrayList<>(best.spans());
        spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
        for (int x = 0; x < spans.size() && !budgetExhausted(); x++) {
            Span a = spans.get(x);
            for (int y = x + 1; y < spans.size() && spans.get(y).start() <= a.end(); y++) {
                Span b = spans.get(y);
                if (b.start() != a.end() || b.depth() != a.depth() || b.length() != a.length()) continue;
                long[] c = cur();
                if (b.end() > c.length) continue;
                if (Arrays.compare(c, a.start(), a.end(), c, b.start(), b.end()) <= 0) continue;
                long[] cand = c.clone();
                System.arraycopy(c, b.start(), cand, a.start(), b.length());
                System.arraycopy(c, a.start(), cand, b.start(), a.length());
                if (consider(cand)) {
                    any = true;
                    break;
                }
            }
        }
        return any;
    }

    private boolean sortAdjacent() {
        boolean any = false;
        for (int i = 0; i + 1 < cur().length && !budgetExhausted(); i++) {
            long[] c = cur();
            if (c[i] <= c[i + 1]) continue;
            long[] cand = c.clone();
            cand[i] = c[i + 1];
            cand[i + 1] = c[i];
            any |= consider(cand);
        }
        return any;
    }

    /**
     * Moves index from choice {@code i} onto a later choice {@code j}, as much as {@code j}'s range
     * takes, keeping their sum: for sum-like constraints this empties early elements, which the
     * deletion passes then remove ({@code [80, 120]} becomes {@code [0, 200]}, then {@code [200]}).
     */
    private boolean redistribute() {
        boolean any = false;
        for (int i = 0; i < cur().length && !budgetExhausted(); i++) {
            for (int j = i + 1; j < cur().length && j <= i + REDISTRIBUTE_DISTANCE && !budgetExhausted(); j++) {
                long[] c = cur();
                if (c[i] == 0) break;
                long room = best.choices().maxIndex(j) - c[j];
                long moved = Math.min(c[i], room);
                if (moved <= 0) continue;
                long[] cand = c.clone();
                cand[i] -= moved;
                cand[j] += moved;
                any |= consider(cand);
            }
        }
        return any;
    }

    /**
     * Lowers a choice by one and deletes a few choices just after it. A drawn length and the
     * content it governs must shrink together: lowering the length alone shifts the content and
     * rarely still fails, deleting content alone makes later draws read past their own.
     */
    private boolean lowerAndDelete() {
        boolean any = false;
        for (int i = 0; i < cur().length && !budgetExhausted(); i++) {
            for (int gap = 1; gap <= LOWER_AND_DELETE_GAP && !budgetExhausted(); gap++) {
                for (int k : BLOCK_SIZES) {
                    long[] c = cur();
                    if (i >= c.length || c[i] == 0) break;
                    int from = i + gap;
                    if (from + k > c.length) continue;
                    long[] cand = delete(c, from, from + k);
                    cand[i]--;
                    if (consider(cand)) any = true;
                }
            }
        }
        return any;
    }

    private static long[] delete(long[] c, int from, int to) {
        long[] out = new long[c.length - (to - from)];
        System.arraycopy(c, 0, out, 0, from);
        System.arraycopy(c, to, out, from, c.length - to);
        return out;
    }

    private static long fingerprint(long[] c) {
        long h = c.length;
        for (long v : c) h = Rng.mix(h ^ v) + 0x9E3779B97F4A7C15L;
        return h;
    }
}
