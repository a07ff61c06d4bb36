package eu.xtreemos.ds.dsco.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** Nearest rank on small samples whose answers are known by hand. */
class PercentilesTest {

    /** 1, 2, …, n: the value of rank r is r. */
    private static double[] oneTo(int n) {
        return IntStream.rangeClosed(1, n).asDoubleStream().toArray();
    }

    @Test
    void oneValueIsEveryPercentile() {
        assertEquals(7.0, Percentiles.of(new double[] {7}, 50));
        assertEquals(7.0, Percentiles.of(new double[] {7}, 99));
        assertEquals(7.0, Percentiles.of(new double[] {7}, 0.1));
    }

    @Test
    void theMedianOfTwoIsTheSmallerNotTheirMean() {
        assertEquals(1.0, Percentiles.of(new double[] {1, 2}, 50));
        assertEquals(2.0, Percentiles.of(new double[] {1, 2}, 51));
        assertEquals(2.0, Percentiles.of(new double[] {1, 2}, 99));
    }

    @Test
    void theMedianOfAnOddSampleIsItsMiddle() {
        assertEquals(2.0, Percentiles.of(oneTo(3), 50));
        assertEquals(3.0, Percentiles.of(oneTo(5), 50));
    }

    @Test
    void ofOneHundredValuesP99IsThe99thAndP100TheWorst() {
        double[] s = oneTo(100);
        assertEquals(50.0, Percentiles.of(s, 50));
        assertEquals(90.0, Percentiles.of(s, 90));
        assertEquals(99.0, Percentiles.of(s, 99));
        assertEquals(100.0, Percentiles.of(s, 100));
    }

    @Test
    void belowOneHundredValuesP99IsTheWorst() {
        assertEquals(30.0, Percentiles.of(oneTo(30), 99));
        assertEquals(99.0, Percentiles.of(oneTo(99), 99));
        assertEquals(100.0, Percentiles.of(oneTo(101), 99)); // rank ⌈99.99⌉ = 100
        assertEquals(990.0, Percentiles.of(oneTo(1000), 99));
    }

    @Test
    void theRankIsExactForWholePercentsOverLargeSamples() {
        for (int p : new int[] {50, 90, 99}) {
            for (long n = 1; n <= 200_000; n++) {
                assertEquals((p * n + 99) / 100, Percentiles.rank(n, p), "p" + p + " of " + n);
            }
        }
    }

    @Test
    void theThreeFormsAgree() {
        assertEquals(4.0, Percentiles.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), 50));
        assertEquals(4L, Percentiles.of(new long[] {1, 2, 3, 4, 5, 6, 7}, 50));
    }

    @Test
    void emptySamplesAndPercentilesOutsideZeroToHundredAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.rank(0, 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.rank(10, 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.rank(10, 100.5));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.rank(10, Double.NaN));
    }
}
