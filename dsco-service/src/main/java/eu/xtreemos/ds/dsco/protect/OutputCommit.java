package eu.xtreemos.ds.dsco.protect;

import eu.xtreemos.ds.nfq.IpPacket;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Output commit for protected clients (docs/fault-tolerance.md): a packet the serving node sends a protected client
 * leaves only once the backup node holds a checkpoint that covers it, so that after a crash the client has seen
 * nothing the backup cannot reproduce. A checkpoint of a connection covers a packet when the packet's bytes lie within
 * what the checkpointed send queue held (its end at or before the checkpoint's write sequence, FIN counted) and its
 * acknowledgement at or before the checkpoint's receive sequence (the backup's socket acknowledges no less). That is
 * decided from the packets' own TCP headers, so no marker has to travel through the queue with them.
 *
 * <p>Packets are held per connection in the order they were queued and released as an in-order prefix. A SYN-ACK
 * passes at once: the connection has no data yet, and the application cannot checkpoint a connection it has not
 * accepted. A reset is held until the connection is no longer protected: a crashing application's kernel resets what
 * the backup keeps alive. Generic in the packet handle {@code P} (the queue's packet id in dsco), so the rule is tested alone.
 */
public final class OutputCommit<P> {
    /** One TCP connection, from the serving node's side. */
    public record Conn(InetAddress local, int localPort, InetAddress remote, int remotePort) {
    }

    /** What a held packet needs for the rule: its handle, where its bytes end (FIN counted) and what it acknowledges. */
    private record Held<P>(P handle, int end, int ack, boolean acks, boolean reset) {
    }

    /** The newest acknowledged checkpoint of a connection. */
    private record Covered(int sendSeq, int recvSeq) {
    }

    private final Map<Conn, ArrayDeque<Held<P>>> held = new HashMap<>();
    private final Map<Conn, Covered> covered = new HashMap<>();

    /**
     * Decides on an outgoing packet of a protected client: true when it is held (then {@link #checkpointed} releases
     * it later), false when it may leave now (a SYN-ACK, or covered by the newest checkpoint and nothing held before
     * it). Not TCP, or unparsable: held never (it is not this rule's to judge; the caller decides).
     */
    public synchronized boolean hold(P handle, IpPacket p) {
        if (!p.valid() || !p.isTcp()) {
            return false;
        }
        if (p.has(IpPacket.SYN)) {
            return false;
        }
        Conn c = new Conn(p.src(), p.srcPort(), p.dst(), p.dstPort());
        int len = p.tcpDataLength() + (p.has(IpPacket.FIN) ? 1 : 0);
        Held<P> h = new Held<>(handle, (int) p.seq() + len, (int) p.ack(), p.has(IpPacket.ACK), p.has(IpPacket.RST));
        ArrayDeque<Held<P>> q = held.get(c);
        Covered k = covered.get(c);
        if ((q == null || q.isEmpty()) && k != null && covers(k, h)) {
            return false;
        }
        held.computeIfAbsent(c, x -> new ArrayDeque<>()).addLast(h);
        return true;
    }

    /**
     * The backup acknowledged a checkpoint of {@code c} taken with {@code sendSeq} (write_seq: after the last byte of
     * the send queue) and {@code recvSeq} (rcv_nxt). Returns the held packets it covers, in order, to release.
     */
    public synchronized List<P> checkpointed(Conn c, int sendSeq, int recvSeq) {
        Covered now = new Covered(sendSeq, recvSeq);
        Covered before = covered.get(c);
        if (before == null || (after(sendSeq, before.sendSeq) || sendSeq == before.sendSeq)
                && (after(recvSeq, before.recvSeq) || recvSeq == before.recvSeq)) {
            covered.put(c, now); // checkpoints acknowledged out of order never move coverage back
        }
        Covered k = covered.get(c);
        List<P> out = new ArrayList<>();
        ArrayDeque<Held<P>> q = held.get(c);
        while (q != null && !q.isEmpty() && covers(k, q.peekFirst())) {
            out.add(q.removeFirst().handle());
        }
        return out;
    }

    /**
     * The connection is no longer protected (its application left it out of the client's checkpoints, or it was handed
     * off): its coverage is forgotten and its held packets returned, in order, for the caller's verdict.
     */
    public synchronized List<P> forget(Conn c) {
        covered.remove(c);
        ArrayDeque<Held<P>> q = held.remove(c);
        List<P> out = new ArrayList<>();
        if (q != null) {
            q.forEach(h -> out.add(h.handle()));
        }
        return out;
    }

    /** How many packets are held, of all connections. */
    public synchronized int heldNow() {
        int n = 0;
        for (ArrayDeque<Held<P>> q : held.values()) {
            n += q.size();
        }
        return n;
    }

    /** How many packets are held for {@code c}. */
    public synchronized int heldFor(Conn c) {
        ArrayDeque<Held<P>> q = held.get(c);
        return q == null ? 0 : q.size();
    }

    /** A reset is never covered: the backup's copy would not reset; it leaves only when the connection is unprotected. */
    private static <P> boolean covers(Covered k, Held<P> h) {
        if (h.reset()) {
            return false;
        }
        boolean bytes = !after(h.end(), k.sendSeq());
        boolean ack = !h.acks() || !after(h.ack(), k.recvSeq());
        return bytes && ack;
    }

    /** Whether TCP sequence number {@code a} lies after {@code b} (modulo 2^32, RFC 793's comparison). */
    static boolean after(int a, int b) {
        return a - b > 0;
    }
}
