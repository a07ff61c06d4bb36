package eu.xtreemos.ds.dsco.metrics;

import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.handoff.PacketCounts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics as dotted keys and values, the STATS reply that {@code dsctl stats} shows: {@code group.name} or
 * {@code group.item.name}, values as decimal text (latencies in milliseconds, percentiles by nearest rank,
 * reported as their bucket's upper bound; {@code -} for none).
 */
public final class StatsReport {
    private StatsReport() {
    }

    public static Map<String, String> of(DscoMetrics m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (HandoffResult r : HandoffResult.values()) {
            out.put("handoffs." + r.label(), String.valueOf(m.handoffs(r)));
        }
        for (RefusalReason r : RefusalReason.values()) {
            out.put("refusals." + r.label(), String.valueOf(m.refusals(r)));
        }
        for (HandoffPhase p : HandoffPhase.values()) {
            LatencyHistogram.Snapshot s = m.phase(p);
            String key = "phase." + p.label + ".";
            out.put(key + "count", String.valueOf(s.count()));
            out.put(key + "mean_ms", s.count() == 0 ? "-" : millis((double) s.sumNanos() / s.count()));
            out.put(key + "p50_ms", percentile(s, 50));
            out.put(key + "p90_ms", percentile(s, 90));
            out.put(key + "p99_ms", percentile(s, 99));
        }
        PacketCounts k = m.packets();
        out.put("packets.held", String.valueOf(k.held()));
        out.put("packets.held_now", String.valueOf(k.heldNow()));
        out.put("packets.shipped", String.valueOf(k.shipped()));
        out.put("packets.injected", String.valueOf(k.injected()));
        out.put("packets.dropped", String.valueOf(k.dropped()));
        out.put("packets.queue_overflows", String.valueOf(k.overflows()));
        out.put("membership.changes", String.valueOf(m.membershipChanges()));
        out.put("membership.joined", String.valueOf(m.membersJoined()));
        out.put("membership.left", String.valueOf(m.membersLeft()));
        out.put("failover.count", String.valueOf(m.failovers()));
        out.put("failover.view_at_ms", m.lastFailover().map(f -> String.valueOf(f.viewAtMs())).orElse("-"));
        out.put("failover.decided_at_ms", m.lastFailover().map(f -> String.valueOf(f.decidedAtMs())).orElse("-"));
        out.put("failover.switched_at_ms", m.lastFailover().map(f -> String.valueOf(f.switchedAtMs())).orElse("-"));
        out.put("redirect.switches", String.valueOf(m.redirects()));
        out.put("redirect.bindings", m.bindings().isPresent() ? String.valueOf(m.bindings().getAsInt()) : "-");
        m.protection().forEach((key, v) -> out.put("protect." + key, String.valueOf(v)));
        return out;
    }

    private static String percentile(LatencyHistogram.Snapshot s, double p) {
        long n = s.percentileNanos(p);
        return n < 0 ? "-" : n == Long.MAX_VALUE ? ">" + millis(LatencyHistogram.upperBoundNanos(LatencyHistogram.FINITE_BUCKETS - 1))
                : millis(n);
    }

    private static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
