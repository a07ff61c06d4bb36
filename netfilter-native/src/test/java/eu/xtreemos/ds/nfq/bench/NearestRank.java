package eu.xtreemos.ds.nfq.bench;

/**
 * The project's one percentile definition, nearest rank (docs/benchmarks.md, "How figures are computed"), for this
 * module's benchmarks: the p-th percentile of n sorted values is the value of rank ⌈p/100 · n⌉. The definition's home,
 * {@code eu.xtreemos.ds.dsco.metrics.Percentiles}, is in dsco-service, which depends on this module, so it is
 * restated here once; {@code NearestRankTest} holds it to the same answers.
 */
public final class NearestRank {
    private NearestRank() {
    }

    /** The {@code p}-th percentile (0 &lt; p ≤ 100) of n ≥ 1 values sorted ascending. */
    public static long of(long[] sorted, double p) {
        if (!(p > 0 && p <= 100) || sorted.length == 0) {
            throw new IllegalArgumentException("percentile " + p + " of " + sorted.length + " values");
        }
        long rank = Math.min(sorted.length, Math.max(1, (long) Math.ceil(p / 100 * sorted.length)));
        return sorted[(int) rank - 1];
    }
}
