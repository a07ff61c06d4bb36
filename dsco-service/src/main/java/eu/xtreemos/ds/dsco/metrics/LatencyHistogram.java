package eu.xtreemos.ds.dsco.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted in fixed log-spaced buckets: bucket i holds what is at most {@code 2^i} µs (1 µs .. about
 * 16.8 s), the last one everything longer. Recording is one {@link LongAdder} increment, no lock: it runs in the
 * handoff path.
 * <p>
 * Percentiles use the project's one definition, {@link Percentiles} (nearest rank: the value of rank ⌈p/100 · n⌉
 * in ascending order). Over buckets that value is known only to its bucket, so a percentile is reported as the
 * upper bound of the bucket holding the nearest-rank value: never below the true value, less than twice it
 * (bucket 0, up to 1 µs, excepted).
 */
public final class LatencyHistogram {
    /** Buckets with a finite upper bound; one more holds what is longer than the last. */
    public static final int FINITE_BUCKETS = 25;

    private final LongAdder[] counts = new LongAdder[FINITE_BUCKETS + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** The upper bound of bucket {@code i} in nanoseconds ({@link Long#MAX_VALUE} for the last). */
    public static long upperBoundNanos(int i) {
        return i >= FINITE_BUCKETS ? Long.MAX_VALUE : 1000L << i;
    }

    /** The bucket a duration falls in. */
    static int bucketOf(long nanos) {
        if (nanos <= 1000) {
            return 0;
        }
        long micros = (nanos + 999) / 1000; // rounded up: a bucket holds what is at most its bound
        int i = 64 - Long.numberOfLeadingZeros(micros - 1); // ceil(log2(micros))
        return Math.min(i, FINITE_BUCKETS);
    }

    public void record(long nanos) {
        counts[bucketOf(Math.max(0, nanos))].increment();
        sumNanos.add(Math.max(0, nanos));
    }

    /** A consistent-enough copy: each bucket read once, the count their sum. */
    public Snapshot snapshot() {
        long[] c = new long[counts.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].sum();
        }
        return new Snapshot(c, sumNanos.sum());
    }

    /** Bucket counts (not cumulative) and the sum of the recorded durations. */
    public record Snapshot(long[] buckets, long sumNanos) {
        public long count() {
            long n = 0;
            for (long b : buckets) {
                n += b;
            }
            return n;
        }

        /**
         * The nearest-rank {@code p}-th percentile (0 &lt; p ≤ 100) as its bucket's upper bound in nanoseconds; -1 when
         * nothing was recorded, {@link Long#MAX_VALUE} when it lies beyond the last finite bucket.
         */
        public long percentileNanos(double p) {
            if (!(p > 0 && p <= 100)) {
                throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
            }
            long n = count();
            if (n == 0) {
                return -1;
            }
            long rank = Percentiles.rank(n, p);
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    return upperBoundNanos(i);
                }
            }
            return upperBoundNanos(buckets.length - 1);
        }
    }
}
