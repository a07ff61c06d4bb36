package eu.xtreemos.ds.bench;

import java.util.Locale;

/**
 * The least a handoff could take on this testbed: the round trips a handoff needs between the nodes, plus freezing and
 * dumping each moved connection on the donor and restoring and activating it on the receiver, each measured in
 * isolation ({@link FloorProbe}). A gap is printed as a multiple of it, so a figure says how far it is from the
 * physics rather than from a number measured on another machine.
 *
 * @param roundTrip  round trip between the donor's and the receiver's namespaces, ms
 * @param dumpMs     freeze+dump of one connection, median ms
 * @param restoreMs  restore+activate of one connection, median ms
 */
record Floor(Stats roundTrip, double dumpMs, double restoreMs) {
    /**
     * Round trips between the client's last data from the donor and its first from the receiver: Prepare → Prepared
     * (the receiver restores in between), then the redirect (Steer → the HA agent's answer, or the receiver's
     * RouteOptimize → Result) and beside it the Commit's one way (the receiver activates and sends on it; Committed
     * goes back after): the longer of the two, one round trip. Steps 4–6 of docs/dsco-protocol.md; the operator's
     * request comes before the gap starts.
     */
    static final double ROUND_TRIPS = 2.0;

    /** The floor of one handoff that moves {@code connections} connections, ms. */
    double ms(int connections) {
        return ROUND_TRIPS * roundTrip.median() + connections * (dumpMs + restoreMs);
    }

    /** "×N" of the floor for a figure in ms: one decimal below 10, whole numbers above; "-" if either is unknown. */
    static String times(double ms, double floorMs) {
        if (Double.isNaN(ms) || Double.isNaN(floorMs) || floorMs <= 0) {
            return "-";
        }
        double r = ms / floorMs;
        return String.format(Locale.ROOT, r < 10 ? "×%.1f" : "×%.0f", r);
    }

    /** The gap's median and p99 as multiples of the floor for {@code connections} connections. */
    String gapTimes(Stats gap, int connections) {
        double f = ms(connections);
        return String.format(Locale.ROOT, "%s / %s of floor %.3f ms", times(gap.median(), f), times(gap.p99(), f), f);
    }

    /** The floor's parts and the floor of a one-connection handoff, with how it adds up. */
    String describe() {
        return String.format(Locale.ROOT, "floor: round trip between the nodes' namespaces %.3f / %.3f ms (median / p99, n=%d); "
                        + "per connection freeze+dump %.3f ms, restore+activate %.3f ms (median); one connection: %.1f × %.3f + %.3f + %.3f "
                        + "= %.3f ms",
                roundTrip.median(), roundTrip.p99(), roundTrip.n(), dumpMs, restoreMs, ROUND_TRIPS, roundTrip.median(), dumpMs, restoreMs,
                ms(1));
    }
}
