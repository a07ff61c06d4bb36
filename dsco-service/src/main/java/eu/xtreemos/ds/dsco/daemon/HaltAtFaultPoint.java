package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.handoff.FaultPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code debug.fault=POINT}: the JVM halts at once (exit 137, as if killed) when a handoff reaches that point, so a
 * test sees what a crash there leaves behind. Wired only when the setting names a point.
 */
final class HaltAtFaultPoint implements FaultPoints {
    private static final Logger log = LoggerFactory.getLogger(HaltAtFaultPoint.class);

    private final Point at;

    private HaltAtFaultPoint(Point at) {
        this.at = at;
    }

    /** The fault points for a {@code debug.fault} value: none for an empty one. */
    static FaultPoints of(String setting) {
        if (setting == null || setting.isEmpty()) {
            return FaultPoints.NONE;
        }
        for (Point p : Point.values()) {
            if (p.configName.equals(setting)) {
                return new HaltAtFaultPoint(p);
            }
        }
        throw new IllegalArgumentException("debug.fault: unknown fault point '" + setting + "' (known: "
                + Arrays.stream(Point.values()).map(p -> p.configName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public boolean armed(Point point) {
        return point == at;
    }

    @Override
    public void reached(Point point) {
        if (point == at) {
            log.error("debug.fault={}: stopping dead here", at.configName);
            Runtime.getRuntime().halt(137);
        }
    }
}
