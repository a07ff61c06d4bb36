package eu.xtreemos.ds.dsco.metrics;

import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.handoff.PacketCounts;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What one dsco has done since it started, counted where it happens and read by {@code dsctl stats} and the
 * metrics endpoint. Counting is a {@link LongAdder} increment (no lock, cheap under contention): it runs in the
 * handoff path. The packet filter's counts and the bindings are read from their owners when asked.
 */
public final class DscoMetrics {
    private final Map<HandoffResult, LongAdder> results = new EnumMap<>(HandoffResult.class);
    private final Map<RefusalReason, LongAdder> refusals = new EnumMap<>(RefusalReason.class);
    private final Map<HandoffPhase, LatencyHistogram> phases = new EnumMap<>(HandoffPhase.class);
    private final LongAdder redirects = new LongAdder();
    private final LongAdder membershipChanges = new LongAdder();
    private final LongAdder membersJoined = new LongAdder();
    private final LongAdder membersLeft = new LongAdder();
    private final LongAdder failovers = new LongAdder();
    private volatile Failover lastFailover; // null: this node has not failed over
    private volatile Supplier<PacketCounts> packets = () -> PacketCounts.NONE;
    private volatile IntSupplier bindings; // null: no route optimization on this node
    private volatile Supplier<Map<String, Long>> protection; // null: no protected service on this node

    public DscoMetrics() {
        for (HandoffResult r : HandoffResult.values()) {
            results.put(r, new LongAdder());
        }
        for (RefusalReason r : RefusalReason.values()) {
            refusals.put(r, new LongAdder());
        }
        for (HandoffPhase p : HandoffPhase.values()) {
            phases.put(p, new LatencyHistogram());
        }
    }

    // ---------------------------------------------------------------- counting

    public void handoff(HandoffResult r) {
        results.get(r).increment();
    }

    /** A donor's refusal: counted as {@link HandoffResult#REFUSED} and by its reason. */
    public void refused(RefusalReason why) {
        results.get(HandoffResult.REFUSED).increment();
        refusals.get(why).increment();
    }

    /** The phases of a completed handoff, each into its histogram (phases it did not go through are left out). */
    public void phases(HandoffTimings t) {
        for (HandoffPhase p : HandoffPhase.values()) {
            long nanos = t.of(p).toNanos();
            if (nanos > 0) {
                phases.get(p).record(nanos);
            }
        }
    }

    /** The client's traffic was switched to another node (HA steering or a route-optimization binding). */
    public void redirected() {
        redirects.increment();
    }

    public void membershipChanged(int joined, int left) {
        membershipChanges.increment();
        membersJoined.add(joined);
        membersLeft.add(left);
    }

    /** This node made itself the contact node after the contact node died: when each step happened. */
    public void failedOver(Failover f) {
        failovers.increment();
        lastFailover = f;
    }

    public void packetsFrom(Supplier<PacketCounts> source) {
        this.packets = source;
    }

    public void bindingsFrom(IntSupplier source) {
        this.bindings = source;
    }

    /** Protected services' counts (docs/fault-tolerance.md), by key after "protect."; read when asked. */
    public void protectionFrom(Supplier<Map<String, Long>> source) {
        this.protection = source;
    }

    /** Protected services' counts; empty on a node that protects no service. */
    public Map<String, Long> protection() {
        Supplier<Map<String, Long>> p = protection;
        return p == null ? Map.of() : p.get();
    }

    // ----------------------------------------------------------------- reading

    public long handoffs(HandoffResult r) {
        return results.get(r).sum();
    }

    public long refusals(RefusalReason r) {
        return refusals.get(r).sum();
    }

    public LatencyHistogram.Snapshot phase(HandoffPhase p) {
        return phases.get(p).snapshot();
    }

    public long redirects() {
        return redirects.sum();
    }

    public long membershipChanges() {
        return membershipChanges.sum();
    }

    public long membersJoined() {
        return membersJoined.sum();
    }

    public long membersLeft() {
        return membersLeft.sum();
    }

    /** Failovers this node carried out (it became the contact node). */
    public long failovers() {
        return failovers.sum();
    }

    /** The last failover this node carried out, if any. */
    public java.util.Optional<Failover> lastFailover() {
        return java.util.Optional.ofNullable(lastFailover);
    }

    /**
     * One failover, as wall-clock times in epoch milliseconds (comparable with other processes' clocks on the same
     * machine): the view without the dead contact node arrived, this node decided to take over (the node stopped
     * answering), the HA agent switched new clients to this node.
     */
    public record Failover(long viewAtMs, long decidedAtMs, long switchedAtMs) {
    }

    public PacketCounts packets() {
        return packets.get();
    }

    /** Route-optimization bindings this node holds now; empty in HA-steering mode. */
    public OptionalInt bindings() {
        IntSupplier b = bindings;
        return b == null ? OptionalInt.empty() : OptionalInt.of(b.getAsInt());
    }
}
