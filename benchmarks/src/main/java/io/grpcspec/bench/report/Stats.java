package io.grpcspec.bench.report;

import java.util.Arrays;
import java.util.List;

/** Medians, percentiles and ratios, the few statistics the comparison prints. */
public final class Stats {
    private Stats() {}

    /** The median of {@code values} (the mean of the middle two for an even count); NaN for none. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * The {@code p}-th percentile (0 < p ≤ 100) by the nearest-rank method: the smallest value
     * with at least p% of the values at or below it. Sorts {@code values} in place; 0 for none.
     */
    public static long percentile(long[] values, int count, double p) {
        if (count == 0) return 0;
        if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("percentile " + p);
        Arrays.sort(values, 0, count);
        int rank = (int) Math.ceil(p / 100 * count);
        return values[Math.max(0, rank - 1)];
    }

    /** {@code a / b}, NaN when either is missing or b is 0. */
    public static double ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) return Double.NaN;
        return a / b;
    }
}
