package eu.xtreemos.ds.dsco.metrics;

import java.util.Locale;

/** How a handoff ended, as counted: on the donor (handed off, refused, failed) or on the receiver. */
public enum HandoffResult {
    /** The receiver took the client over. */
    HANDED_OFF,
    /** Not attempted, or the receiver said no at prepare: the client stayed here untouched or was taken back. */
    REFUSED,
    /** Broke off midway (a link, a timeout, the redirect, the commit): the connections are live here again. */
    FAILED,
    /** This node took a client over. */
    RECEIVED,
    /** This node refused a prepare or could not commit it. */
    RECEIVE_FAILED;

    /** The label value in metrics and dsctl stats. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
