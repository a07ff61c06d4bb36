package eu.xtreemos.ds.nfq.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/** The same known answers as dsco-service's PercentilesTest. */
class NearestRankTest {
    @Test
    void knownAnswers() {
        assertEquals(7, NearestRank.of(new long[] {7}, 50));
        assertEquals(7, NearestRank.of(new long[] {7}, 99));
        assertEquals(1, NearestRank.of(new long[] {1, 2}, 50), "the median of two is the smaller, not their mean");
        assertEquals(2, NearestRank.of(new long[] {1, 2}, 99));
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertEquals(50, NearestRank.of(hundred, 50));
        assertEquals(90, NearestRank.of(hundred, 90));
        assertEquals(99, NearestRank.of(hundred, 99));
        assertEquals(30, NearestRank.of(LongStream.rangeClosed(1, 30).toArray(), 99), "p99 of fewer than 100 is the worst");
        assertThrows(IllegalArgumentException.class, () -> NearestRank.of(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> NearestRank.of(hundred, 0));
    }
}
