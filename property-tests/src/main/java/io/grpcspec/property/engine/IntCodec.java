package io.grpcspec.property.engine;

/**
 * Maps the integers of a range {@code [min, max]} to choice indices {@code 0..max-min} in
 * "simplicity" order. Index 0 is the value closest to zero inside the range; for a range that
 * straddles zero the order is {@code 0, 1, -1, 2, -2, ...}, continuing on the longer side. The
 * shrinker only ever makes indices smaller, so this order is what "simpler" means for integers.
 */
final class IntCodec {
    private IntCodec() {}

    /** {@code max - min}, the largest index; rejects ranges whose size does not fit a long. */
    static long maxIndex(long min, long max) {
        if (min > max) throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        long span = max - min;
        if (span < 0) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] is wider than 2^63-1;"
                    + " draw it in two parts");
        }
        return span;
    }

    /** The simplest value of the range: zero if inside, else the bound nearest to zero. */
    static long simplest(long min, long max) {
        return min > 0 ? min : (max < 0 ? max : 0);
    }

    static long toValue(long index, long min, long max) {
        if (min >= 0) return min + index;
        if (max <= 0) return max - index;
        long m = Math.min(max, -min);
        if (index <= 2 * m) {
            if ((index & 1) == 1) return (index + 1) / 2;
            return -(index / 2);
        }
        long beyond = m + (index - 2 * m);
        return max > -min ? beyond : -beyond;
    }

    static long toIndex(long value, long min, long max) {
        if (value < min || value > max) throw new IllegalArgumentException(value + " not in [" + min + ", " + max + "]");
        if (min >= 0) return value - min;
        if (max <= 0) return max - value;
        long m = Math.min(max, -min);
        long abs = Math.abs(value);
        if (abs <= m) return value > 0 ? 2 * value - 1 : 2 * abs;
        return 2 * m + (abs - m);
    }
}
