package io.grpcspec.property.engine;

/**
 * SplitMix64. The engine carries its own generator instead of {@link java.util.SplittableRandom}
 * so that a seed printed today replays the same cases on any later JDK: reproducibility of a
 * reported failure must not depend on a library's unspecified algorithm.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in {@code [0, maxInclusive]}; {@code maxInclusive >= 0}. */
    long upTo(long maxInclusive) {
        if (maxInclusive == Long.MAX_VALUE) return nextLong() >>> 1;
        long bound = maxInclusive + 1;
        long mask = bound - 1;
        if ((bound & mask) == 0) return nextLong() & mask;
        // Rejection sampling on 63 bits keeps the distribution exactly uniform.
        long u = nextLong() >>> 1;
        long r;
        while (u + mask - (r = u % bound) < 0) {
            u = nextLong() >>> 1;
        }
        return r;
    }

    /** Uniform in {@code [0, bound)}; {@code bound > 0}. */
    int below(int bound) {
        return (int) upTo(bound - 1L);
    }

    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** The SplitMix64 finaliser: a bijective scrambler of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The seed of the case after the one seeded with {@code caseSeed}. Uses a different odd
     * increment than {@link #nextLong()}, so the next case's seed is not the current case's
     * first random draw.
     */
    static long nextCaseSeed(long caseSeed) {
        return mix(caseSeed + 0xD1B54A32D192ED03L);
    }

    /** FNV-1a over the UTF-16 code units of {@code s}: stable across JVMs and runs. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
