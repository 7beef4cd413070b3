package io.grpcspec.spec.keepalive;

import java.time.Duration;

/**
 * Durations in the keepalive machines are {@code long} nanoseconds of a monotonic clock the
 * driver reads; this class holds the conventions they share.
 */
public final class Durations {
    private Durations() {}

    /** "Never": a limit with this value is off and its timer is never armed. */
    public static final long INFINITE = Long.MAX_VALUE;

    public static final long SECOND = 1_000_000_000L;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;

    /** Nanoseconds of {@code d}; durations too long for a {@code long} become {@link #INFINITE}. */
    public static long of(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("negative duration " + d);
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return INFINITE;
        }
    }

    /** {@code a + b}, for a time or duration {@code a} and a duration {@code b >= 0}: infinite
     *  when either is, or when the sum would overflow. Times may be negative (a monotonic clock
     *  has no fixed origin), so only real overflow counts. */
    public static long plus(long a, long b) {
        if (a == INFINITE || b == INFINITE) return INFINITE;
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException overflow) {
            return INFINITE;
        }
    }

    /** Short human form for reports and tables: {@code 20s}, {@code 2h}, {@code 1500ms}, {@code infinite}. */
    public static String format(long nanos) {
        if (nanos == INFINITE) return "infinite";
        if (nanos != 0 && nanos % HOUR == 0) return nanos / HOUR + "h";
        if (nanos != 0 && nanos % MINUTE == 0) return nanos / MINUTE + "min";
        if (nanos % SECOND == 0) return nanos / SECOND + "s";
        if (nanos % 1_000_000 == 0) return nanos / 1_000_000 + "ms";
        return nanos + "ns";
    }

    static long requireNonNegative(String name, long nanos) {
        if (nanos < 0) throw new IllegalArgumentException(name + " must not be negative: " + nanos);
        return nanos;
    }

    static long requirePositive(String name, long nanos) {
        if (nanos <= 0) throw new IllegalArgumentException(name + " must be positive: " + nanos);
        return nanos;
    }
}
