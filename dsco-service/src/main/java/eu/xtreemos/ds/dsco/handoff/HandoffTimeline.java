package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.api.HandoffTimings;

import java.util.EnumMap;
import java.util.Map;

/** Wall-clock phases of one handoff as they end (returned to the application as {@link HandoffTimings}, and logged). */
public final class HandoffTimeline {
    private final Map<HandoffPhase, Long> phases = new EnumMap<>(HandoffPhase.class);
    private long last = System.nanoTime();

    /** Ends the current phase as {@code phase}. */
    public synchronized void mark(HandoffPhase phase) {
        long now = System.nanoTime();
        phases.merge(phase, now - last, Long::sum);
        last = now;
    }

    /** Adds a phase measured elsewhere (the receiver's restore and activate). */
    public synchronized void add(HandoffPhase phase, long nanos) {
        phases.merge(phase, nanos, Long::sum);
    }

    public synchronized HandoffTimings timings() {
        return HandoffTimings.of(phases);
    }

    @Override
    public synchronized String toString() {
        StringBuilder b = new StringBuilder(phases.size() * 24); // logged per handoff: no String.format
        for (Map.Entry<HandoffPhase, Long> e : phases.entrySet()) {
            long centi = Math.round(e.getValue() / 1e4); // hundredths of a ms
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey().label).append(' ').append(centi / 100).append('.');
            long frac = centi % 100;
            b.append(frac < 10 ? "0" : "").append(frac).append(" ms");
        }
        return b.toString();
    }
}
