package eu.xtreemos.ds.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** ds-bench's figures follow the project's one percentile definition, nearest rank (docs/benchmarks.md). */
class StatsTest {

    private static List<Double> oneTo(int n) {
        List<Double> xs = new ArrayList<>(IntStream.rangeClosed(1, n).asDoubleStream().boxed().toList());
        Collections.shuffle(xs, new java.util.Random(n)); // Stats sorts
        return xs;
    }

    @Test
    void oneValue() {
        assertEquals(new Stats(1, 4.5, 4.5, 4.5), Stats.of(List.of(4.5)));
    }

    @Test
    void ofTwoTheMedianIsTheSmallerAndP99TheLarger() {
        assertEquals(new Stats(2, 1.0, 2.0, 2.0), Stats.of(List.of(2.0, 1.0)));
    }

    @Test
    void ofOneHundredP99IsThe99thValue() {
        assertEquals(new Stats(100, 50.0, 99.0, 100.0), Stats.of(oneTo(100)));
    }

    @Test
    void ofThirtyP99IsTheWorst() {
        assertEquals(new Stats(30, 15.0, 30.0, 30.0), Stats.of(oneTo(30)));
    }

    @Test
    void unmeasuredValuesAreLeftOutAndNoneGivesNoFigures() {
        assertEquals(new Stats(3, 2.0, 3.0, 3.0), Stats.of(Arrays.asList(3.0, Double.NaN, null, 1.0, 2.0)));
        Stats none = Stats.of(List.of(Double.NaN));
        assertEquals(0, none.n());
        assertTrue(Double.isNaN(none.median()) && Double.isNaN(none.p99()));
        assertEquals("-", none.format("%.1f"));
    }
}
