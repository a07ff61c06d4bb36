package eu.xtreemos.ds.dsco.handoff;

/**
 * Where a test may stop dsco dead in the middle of a handoff, to check what a crash there leaves behind
 * (docs/operations.md). Production wires {@link #NONE}; the daemon wires a halting one when {@code debug.fault}
 * names a point.
 */
public interface FaultPoints {
    /** The points, each named as {@code debug.fault} names it. */
    enum Point {
        /** Donor: after the flush, before anything is frozen. */
        DIE_BEFORE_FREEZE("die-before-freeze"),
        /** Donor: the redirect has switched, the commit (which otherwise runs beside it) is not sent. */
        DIE_AFTER_STEER("die-after-steer"),
        /** Receiver: a prepare arrived, nothing restored yet. */
        DIE_ON_PREPARE("die-on-prepare"),
        /** Receiver: a commit arrived, nothing activated yet. */
        DIE_ON_COMMIT("die-on-commit"),
        /** Receiver: the connections are live and its application has them; the donor has not been told. */
        DIE_BEFORE_COMMITTED("die-before-committed");

        public final String configName;

        Point(String configName) {
            this.configName = configName;
        }
    }

    FaultPoints NONE = point -> {
    };

    /** The handoff has reached {@code point}; returns unless a fault is injected there. */
    void reached(Point point);

    /** Whether a fault is injected at {@code point}: a step that runs beside it is then waited for, to stop at a known state. */
    default boolean armed(Point point) {
        return false;
    }
}
