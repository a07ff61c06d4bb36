package eu.xtreemos.ds.dsco.metrics;

import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.handoff.PacketCounts;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The metrics in the Prometheus text exposition format, version 0.0.4: per family a HELP and a TYPE line, then
 * its samples; counters end in {@code _total}; histograms give cumulative {@code _bucket} lines up to
 * {@code le="+Inf"}, then {@code _sum} and {@code _count}; durations in seconds.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String of(DscoMetrics m) {
        StringBuilder out = new StringBuilder(8192);
        family(out, "dsco_handoffs_total", "counter", "Handoffs since dsco started, by result (donor: handed_off, refused, failed; "
                + "receiver: received, receive_failed).");
        for (HandoffResult r : HandoffResult.values()) {
            sample(out, "dsco_handoffs_total", "result", r.label(), m.handoffs(r));
        }
        family(out, "dsco_handoff_refusals_total", "counter", "Handoffs this node refused to donate, by reason.");
        for (RefusalReason r : RefusalReason.values()) {
            sample(out, "dsco_handoff_refusals_total", "reason", r.label(), m.refusals(r));
        }
        family(out, "dsco_handoff_phase_seconds", "histogram", "Duration of each phase of the handoffs this node donated.");
        for (HandoffPhase p : HandoffPhase.values()) {
            histogram(out, "dsco_handoff_phase_seconds", p.name().toLowerCase(Locale.ROOT), m.phase(p));
        }
        PacketCounts k = m.packets();
        counter(out, "dsco_packets_held_total", "Packets of in-flight clients the packet filter held.", k.held());
        family(out, "dsco_packets_held", "gauge", "Packets the packet filter holds now.");
        sample(out, "dsco_packets_held", null, null, k.heldNow());
        counter(out, "dsco_packets_shipped_total", "Held packets shipped to the node that took their client over.", k.shipped());
        counter(out, "dsco_packets_injected_total", "Packets shipped from another node and injected here.", k.injected());
        counter(out, "dsco_packets_dropped_total", "Packets dropped and lost here (drop mode, a full hold queue, cut by the kernel).",
                k.dropped());
        counter(out, "dsco_packet_queue_overflows_total", "Packets refused because a hold queue was full.", k.overflows());
        counter(out, "dsco_membership_changes_total", "Changes of the membership group's live members.", m.membershipChanges());
        counter(out, "dsco_members_joined_total", "Members that joined the group.", m.membersJoined());
        counter(out, "dsco_members_left_total", "Members that left the group.", m.membersLeft());
        counter(out, "dsco_redirect_switches_total", "Clients' traffic switched to another node (HA steering or a binding).",
                m.redirects());
        if (m.bindings().isPresent()) {
            family(out, "dsco_bindings", "gauge", "Route-optimization bindings this node holds now.");
            sample(out, "dsco_bindings", null, null, m.bindings().getAsInt());
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        family(out, name, "counter", help);
        sample(out, name, null, null, value);
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String label, String value, long v) {
        out.append(name);
        if (label != null) {
            out.append('{').append(label).append("=\"").append(value).append("\"}");
        }
        out.append(' ').append(v).append('\n');
    }

    private static void histogram(StringBuilder out, String name, String phase, LatencyHistogram.Snapshot s) {
        long cumulative = 0;
        long[] b = s.buckets();
        for (int i = 0; i < LatencyHistogram.FINITE_BUCKETS; i++) {
            cumulative += b[i];
            out.append(name).append("_bucket{phase=\"").append(phase).append("\",le=\"")
                    .append(seconds(LatencyHistogram.upperBoundNanos(i))).append("\"} ").append(cumulative).append('\n');
        }
        out.append(name).append("_bucket{phase=\"").append(phase).append("\",le=\"+Inf\"} ").append(s.count()).append('\n');
        out.append(name).append("_sum{phase=\"").append(phase).append("\"} ").append(seconds(s.sumNanos())).append('\n');
        out.append(name).append("_count{phase=\"").append(phase).append("\"} ").append(s.count()).append('\n');
    }

    /** Nanoseconds as seconds, exactly (no binary rounding): "0.001024". */
    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }
}
