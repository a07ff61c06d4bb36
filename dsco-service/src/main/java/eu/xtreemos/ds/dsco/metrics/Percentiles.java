package eu.xtreemos.ds.dsco.metrics;

import java.util.List;

/**
 * The project's one percentile definition (docs/benchmarks.md, "How figures are computed"): <b>nearest rank</b> —
 * the p-th percentile of n values is the value of rank ⌈p/100 · n⌉ (1-based) in ascending order. It is always one
 * of the measured values, never an interpolation: the median of 2 values is the smaller, p99 of 100 values the
 * 99th, p99 of fewer than 100 values the worst. Every median and percentile the project prints, plots or serves is
 * taken here, so that figures from different tools can be compared.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** The 1-based rank of the nearest-rank {@code p}-th percentile (0 &lt; p ≤ 100) of {@code n} ≥ 1 values. */
    public static long rank(long n, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
        }
        if (n < 1) {
            throw new IllegalArgumentException("no values");
        }
        // p / 100 * n is exact enough: for p = 50, 90, 99 and n up to 10^6 it never lands above a whole rank
        return Math.min(n, Math.max(1, (long) Math.ceil(p / 100 * n)));
    }

    /** The {@code p}-th percentile of values sorted ascending. */
    public static double of(List<Double> sorted, double p) {
        return sorted.get((int) rank(sorted.size(), p) - 1);
    }

    /** The {@code p}-th percentile of values sorted ascending. */
    public static double of(double[] sorted, double p) {
        return sorted[(int) rank(sorted.length, p) - 1];
    }

    /** The {@code p}-th percentile of values sorted ascending. */
    public static long of(long[] sorted, double p) {
        return sorted[(int) rank(sorted.length, p) - 1];
    }
}
