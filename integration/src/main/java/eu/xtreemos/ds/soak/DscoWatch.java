package eu.xtreemos.ds.soak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * File descriptors and resident memory of every dsco process over its life: read when it starts (or when
 * the soak starts), after it has seen {@link #WARM} handoffs, and when it is killed or the soak ends. A leak
 * shows as growth from the warm figures to the last ones over many handoffs.
 */
final class DscoWatch {
    /** Handoffs after which a process counts as warmed up (JIT, pools, buffers in place). */
    static final int WARM = 300;

    /** One dsco process from its first figures to its last. */
    record Life(String node, ProcessFigures first, ProcessFigures warm, ProcessFigures last) {
        int handoffs() {
            return last == null || first == null ? 0 : last.handoffsSoFar() - first.handoffsSoFar();
        }
    }

    private final Map<String, Life> current = new LinkedHashMap<>();
    private final List<Life> ended = new ArrayList<>();

    synchronized void started(String node, long pid, int handoffs) {
        ProcessFigures f = ProcessFigures.of(pid, handoffs);
        current.put(node, new Life(node, f, null, f));
    }

    /** Reads the figures of a node's running process. */
    synchronized void sample(String node, long pid, int handoffs) {
        sample(node, pid, handoffs, false);
    }

    /**
     * Reads the figures of a node's running process; its live heap (a full collection: kept to the warm point
     * and the last figures) if {@code last}.
     */
    private void sample(String node, long pid, int handoffs, boolean last) {
        Life l = current.get(node);
        if (l == null || l.first() == null || l.first().pid() != pid) {
            return;
        }
        boolean warming = l.warm() == null && handoffs - l.first().handoffsSoFar() >= WARM;
        ProcessFigures f = ProcessFigures.of(pid, handoffs, warming || last);
        if (f == null) {
            return;
        }
        current.put(node, new Life(node, l.first(), warming ? f : l.warm(), f));
    }

    /** The node's process is about to be killed: its last figures. */
    synchronized void ending(String node, long pid, int handoffs) {
        sample(node, pid, handoffs, true);
        Life l = current.remove(node);
        if (l != null) {
            ended.add(l);
        }
    }

    /** Every life, the running ones last (sampled now). */
    synchronized List<Life> finish(Map<String, Long> pids, int handoffs) {
        pids.forEach((node, pid) -> sample(node, pid, handoffs, true));
        List<Life> all = new ArrayList<>(ended);
        all.addAll(current.values());
        return all;
    }
}
