package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.soak.Soak;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The soak in short mode (the full run is {@code bin/ds-soak}, docs/operations.md): 200 handoffs between
 * three nodes under two-way traffic while links are cut and dsco daemons killed and restarted at random
 * moments. Fails if a byte is lost or duplicated, if the client sees a reset, if its connections are on no
 * node or on two, or if data stops flowing after a fault. The seed can be changed with -Dds.soak.seed.
 */
// Minutes: 200 handoffs with link cuts and dsco restarts (64 s in a whole build at a load of 6-15; about 2 min in
// docs/operations.md).
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SoakTest {

    @Test
    void handoffsUnderTrafficSurviveLinkCutsAndDscoRestarts() throws Exception {
        long seed = Long.getLong("ds.soak.seed", 6275);
        Soak.Result r = new Soak(new Soak.Options("sksoakt", 80, 200, 4, 3, 500_000, Duration.ofMillis(30),
                Duration.ofSeconds(3), Duration.ofMillis(2000), true, true, seed, Duration.ofMinutes(3),
                Duration.ofSeconds(10)), System.out).run();
        assertTrue(r.errors().isEmpty(), "seed " + seed + ": " + r.errors());
        // the soak goes on past 200 handoffs until at least 4 faults were survived
        assertTrue(r.handoffs() >= 200, "handoffs: " + r.handoffs());
        assertTrue(r.faultsSurvived() >= 4, "faults survived: " + r.faultsSurvived());
        assertTrue(r.linkCuts() >= 1 && r.dscoRestarts() >= 1, r.linkCuts() + " link cuts, " + r.dscoRestarts() + " restarts");
        assertTrue(r.bytesUp() > 10_000_000 && r.bytesDown() > 5_000_000, r.bytesUp() + " / " + r.bytesDown());
    }
}
