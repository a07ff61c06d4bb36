package eu.xtreemos.ds.dsco.api;

/**
 * The phases of a handoff, in the order they happen, each with its code in a TIMING attribute. RESTORE and
 * ACTIVATE are the receiver's parts of PREPARE and COMMIT, measured there and reported apart. The redirect runs beside
 * the commit: REDIRECT is the part of it that outlasted the commit.
 */
public enum HandoffPhase {
    FLUSH(1, "flush"),
    HOLD(2, "hold"),
    FREEZE_DUMP(3, "freeze+dump"),
    PREPARE(4, "prepare"),
    RESTORE(5, "restore"),
    REDIRECT(6, "redirect"),
    COMMIT(7, "commit"),
    ACTIVATE(8, "activate"),
    RELEASE(9, "release");

    public final int code;
    /** How logs, dsctl and the demo name the phase. */
    public final String label;

    HandoffPhase(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The phase with this code, or null for one this version does not know. */
    public static HandoffPhase of(int code) {
        for (HandoffPhase p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }

    /** Whether the donor's own clock covers it (RESTORE and ACTIVATE lie inside PREPARE and COMMIT). */
    public boolean donorSide() {
        return this != RESTORE && this != ACTIVATE;
    }
}
