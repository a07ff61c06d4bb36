package eu.xtreemos.ds.dsco.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LatencyHistogramTest {

    @Test
    void aBucketHoldsWhatIsAtMostItsBound() {
        assertEquals(0, LatencyHistogram.bucketOf(0));
        assertEquals(0, LatencyHistogram.bucketOf(1_000));        // 1 µs
        assertEquals(1, LatencyHistogram.bucketOf(1_001));
        assertEquals(1, LatencyHistogram.bucketOf(2_000));        // 2 µs
        assertEquals(10, LatencyHistogram.bucketOf(1_024_000));   // 1.024 ms
        assertEquals(11, LatencyHistogram.bucketOf(1_024_001));
        assertEquals(LatencyHistogram.FINITE_BUCKETS, LatencyHistogram.bucketOf(60_000_000_000L));
    }

    @Test
    void percentilesAreNearestRankReportedAsTheBucketsUpperBound() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 98; i++) {
            h.record(900_000);          // 0.9 ms: bucket up to 1.024 ms
        }
        h.record(3_000_000);            // 3 ms: up to 4.096 ms
        h.record(100_000_000);          // 100 ms: up to 131.072 ms
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(100, s.count());
        assertEquals(1_024_000, s.percentileNanos(50));
        assertEquals(1_024_000, s.percentileNanos(98));   // rank 98: the last 0.9 ms one
        assertEquals(4_096_000, s.percentileNanos(99));   // rank 99
        assertEquals(131_072_000, s.percentileNanos(100));
        assertEquals(98 * 900_000L + 3_000_000 + 100_000_000, s.sumNanos());
    }

    @Test
    void emptyHasNoPercentileAndBadPercentilesAreRefused() {
        LatencyHistogram.Snapshot s = new LatencyHistogram().snapshot();
        assertEquals(-1, s.percentileNanos(99));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.percentileNanos(0));
        assertTrue(e.getMessage().contains("percentile 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.percentileNanos(101));
    }

    @Test
    void aPercentileIsTheUpperBoundOfTheBucketHoldingTheNearestRankValueOfTheRawSample() {
        java.util.Random random = new java.util.Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(300);
            long[] raw = new long[n];
            LatencyHistogram h = new LatencyHistogram();
            for (int i = 0; i < n; i++) {
                raw[i] = (long) Math.exp(random.nextDouble() * Math.log(1e10)); // 1 ns .. 10 s, log-uniform
                h.record(raw[i]);
            }
            java.util.Arrays.sort(raw);
            for (double p : new double[] {50, 90, 99, 100}) {
                long exact = Percentiles.of(raw, p);
                long reported = h.snapshot().percentileNanos(p);
                assertEquals(LatencyHistogram.upperBoundNanos(LatencyHistogram.bucketOf(exact)), reported, "p" + p + " of " + n);
                assertTrue(reported >= exact && (exact <= 1000 || reported < 2 * exact), reported + " against " + exact);
            }
        }
    }
}
