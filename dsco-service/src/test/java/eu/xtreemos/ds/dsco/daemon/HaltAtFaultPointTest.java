package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.handoff.FaultPoints;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** debug.fault: no fault points unless set; a value that names no point is refused, naming the ones there are. */
class HaltAtFaultPointTest {
    @Test
    void noSettingInjectsNothing() {
        assertSame(FaultPoints.NONE, HaltAtFaultPoint.of(""));
        assertSame(FaultPoints.NONE, HaltAtFaultPoint.of(null));
    }

    @Test
    void eachPointIsNamedAsTheSettingNamesIt() {
        for (FaultPoints.Point p : FaultPoints.Point.values()) {
            assertInstanceOf(HaltAtFaultPoint.class, HaltAtFaultPoint.of(p.configName));
        }
        HaltAtFaultPoint.of("die-on-commit").reached(FaultPoints.Point.DIE_ON_PREPARE); // another point: goes on
    }

    @Test
    void anUnknownPointIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HaltAtFaultPoint.of("die-twice"));
        assertTrue(e.getMessage().contains("'die-twice'") && e.getMessage().contains("die-before-freeze, die-after-steer, die-on-prepare, die-on-commit"),
                e.getMessage());
    }
}
