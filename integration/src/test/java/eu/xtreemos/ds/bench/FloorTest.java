package eu.xtreemos.ds.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The floor's arithmetic and how ds-bench prints it. */
class FloorTest {
    // round trip median 0.020 ms, p99 0.050; dump 0.017, restore+activate 0.027 per connection
    private final Floor floor = new Floor(Stats.of(List.of(0.010, 0.020, 0.050)), 0.017, 0.027);

    @Test
    void roundTripsPlusDumpAndRestorePerConnection() {
        assertEquals(2.0 * 0.020 + 0.017 + 0.027, floor.ms(1), 1e-12);
        assertEquals(2.0 * 0.020 + 10 * (0.017 + 0.027), floor.ms(10), 1e-12);
    }

    @Test
    void multiplesHaveOneDecimalBelowTenAndNoneAbove() {
        assertEquals("×4.5", Floor.times(0.45, 0.1));
        assertEquals("×1.0", Floor.times(0.1, 0.1));
        assertEquals("×47", Floor.times(4.7, 0.1));
        assertEquals("-", Floor.times(Double.NaN, 0.1), "no gap measured");
        assertEquals("-", Floor.times(1.0, 0.0), "no floor");
    }

    @Test
    void gapMedianAndP99AsMultiplesOfTheFloorOfTheConnectionsMoved() {
        Stats gap = Stats.of(List.of(4.7, 4.7, 9.4)); // median 4.7, p99 9.4
        assertEquals("×56 / ×112 of floor 0.084 ms", floor.gapTimes(gap, 1));
        assertEquals("- / - of floor 0.084 ms", floor.gapTimes(Stats.of(List.of()), 1));
    }

    @Test
    void describesThePartsAndHowTheyAddUp() {
        assertEquals("floor: round trip between the nodes' namespaces 0.020 / 0.050 ms (median / p99, n=3); per connection "
                + "freeze+dump 0.017 ms, restore+activate 0.027 ms (median); one connection: 2.0 × 0.020 + 0.017 + 0.027 = 0.084 ms",
                floor.describe());
    }
}
