package eu.xtreemos.ds.dsco.handoff;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock phases of one handoff, in the order they happened (returned to the application and logged). */
public final class HandoffTimeline {
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long last = System.nanoTime();

    /** Ends the current phase under {@code name}. */
    public synchronized void mark(String name) {
        long now = System.nanoTime();
        phases.merge(name, now - last, Long::sum);
        last = now;
    }

    /** Adds a phase measured elsewhere (for instance on the receiver). */
    public synchronized void add(String name, long nanos) {
        phases.merge(name, nanos, Long::sum);
    }

    public synchronized Map<String, Long> phases() {
        return new LinkedHashMap<>(phases);
    }

    @Override
    public synchronized String toString() {
        StringBuilder b = new StringBuilder(phases.size() * 24); // logged per handoff: no String.format
        for (Map.Entry<String, Long> e : phases.entrySet()) {
            long centi = Math.round(e.getValue() / 1e4); // hundredths of a ms
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(' ').append(centi / 100).append('.');
            long frac = centi % 100;
            b.append(frac < 10 ? "0" : "").append(frac).append(" ms");
        }
        return b.toString();
    }
}
