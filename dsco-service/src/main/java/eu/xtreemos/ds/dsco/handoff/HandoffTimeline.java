package eu.xtreemos.ds.dsco.handoff;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

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
        return phases.entrySet().stream()
                .map(e -> String.format("%s %.2f ms", e.getKey(), e.getValue() / 1e6))
                .collect(Collectors.joining(", "));
    }
}
