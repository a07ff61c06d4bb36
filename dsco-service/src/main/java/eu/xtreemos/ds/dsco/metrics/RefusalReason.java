package eu.xtreemos.ds.dsco.metrics;

import java.util.Locale;

/** Why a donor did not hand a client off (the outcome {@link HandoffResult#REFUSED}). */
public enum RefusalReason {
    UNKNOWN_SERVICE,
    ALREADY_THERE,
    UNKNOWN_NODE,
    NO_CONNECTIONS,
    FOREIGN_SOCKET,
    TOO_MUCH_QUEUED,
    RECEIVER_REFUSED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
