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
        /** Donor: between the redirect and the commit. */
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
}
