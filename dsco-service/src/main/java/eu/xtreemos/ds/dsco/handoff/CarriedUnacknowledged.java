package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.nfq.IpPacket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.SocketEngine.PeerProgress;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections that arrived here with bytes already sent but not yet acknowledged, and how many.
 *
 * <p>A restored socket counts those bytes as sent and resends them only when its retransmission timer fires,
 * 3 s after the restore (a repaired socket has no RTT sample: the kernel's fallback timeout). If the client
 * had lost them (a link cut), and the connection moves on before the timer fires, the next socket starts a
 * new 3 s timer, and so on: handed on more often than every 3 s, the connection never receives again.
 * So when such a connection moves on while what it brought is unacknowledged and the client, having sent
 * segments since, evidently lacks it, the next node gets those bytes as never sent and sends them at once
 * ({@link ConnectionState#resendingUnacknowledged}). A client that said nothing since may
 * simply not have acknowledged yet (a delayed ACK lost at the donor; its answers to the window probes of quick
 * successive restores are rate-limited to one per 500 ms): its bytes stay sent, and the next node asks again.
 *
 * <p>"Since" starts after the packets the donor held: they were sent before the handoff and may predate the
 * bytes. They are injected over loopback, so the kernel takes them in later, in a softirq that a busy machine
 * defers; counting them in the baseline ({@link #baseline}) keeps them from being taken for news.
 */
final class CarriedUnacknowledged {
    /** Far more connections than a node serves; the oldest are forgotten first. */
    private static final int CAPACITY = 65_536;

    private record Tuple(InetSocketAddress local, InetSocketAddress remote) {}

    /** Bytes owed to the client, and the segments the socket will have received once everything held is taken in. */
    private record Owed(long bytes, long segmentsIn) {}

    private final ConnectionEngine engine;

    CarriedUnacknowledged(ConnectionEngine engine) {
        this.engine = engine;
    }

    private final Map<Tuple, Owed> carried = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Tuple, Owed> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * The segments the live connection restored from {@code s} on {@code fd} will have received once the
     * {@code injected} packets (about to be injected) are taken in: what it has now, plus those of them that
     * belong to it. Call after the packets held here were released (a verdict delivers them at once).
     */
    long baseline(ConnectionState s, int fd, Map<InetSocketAddress, Integer> injectedPerClientEnd) {
        if (s.sendSent() == 0) {
            return 0; // nothing owed: not looked at
        }
        return engine.peerProgress(fd).segmentsIn() + injectedPerClientEnd.getOrDefault(s.remote(), 0);
    }

    /** How many of {@code packets} each client end (address and port) sent: one restore's injected packets. */
    static Map<InetSocketAddress, Integer> perClientEnd(List<byte[]> packets) {
        Map<InetSocketAddress, Integer> n = new HashMap<>();
        for (byte[] p : packets) {
            IpPacket ip = IpPacket.parse(p);
            if (ip.valid() && ip.isTcp()) {
                n.merge(new InetSocketAddress(ip.src(), ip.srcPort()), 1, Integer::sum);
            }
        }
        return n;
    }

    /**
     * A connection restored here from {@code s} on {@code fd}, live, with the client's held packets handed to
     * the kernel; {@code segmentsBaseline} from {@link #baseline}, taken before they were injected.
     */
    synchronized void arrived(ConnectionState s, int fd, long segmentsBaseline) {
        Tuple t = new Tuple(s.local(), s.remote());
        PeerProgress now = s.sendSent() > 0 ? engine.peerProgress(fd) : null;
        if (now != null && now.bytesAcked() < s.sendSent()) {
            carried.put(t, new Owed(s.sendSent(), segmentsBaseline));
        } else {
            carried.remove(t); // an earlier arrival of the same 4-tuple
        }
    }

    /**
     * Null unless the client of the connection on {@code fd} lacks bytes this connection arrived with: then
     * which, for the log. A client lacks them when it has sent segments since the arrival, each acknowledging
     * less than they end at.
     */
    synchronized String clientLacks(int fd) {
        if (carried.isEmpty()) {
            return null;
        }
        InetSocketAddress[] ends = engine.endpoints(fd);
        Tuple t = new Tuple(ends[0], ends[1]);
        Owed owed = carried.get(t);
        if (owed == null) {
            return null;
        }
        PeerProgress now = engine.peerProgress(fd);
        long acked = now.bytesAcked();
        if (acked >= owed.bytes()) {
            carried.remove(t);
            return null;
        }
        if (now.segmentsIn() <= owed.segmentsIn()) {
            return null; // the client has said nothing since: not known to be lost
        }
        return "the client of " + ends[0] + " <-> " + ends[1] + " lacks " + (owed.bytes() - acked) + " of the "
                + owed.bytes() + " bytes the connection arrived with (lost on the way, e.g. in a link cut; having sent"
                + " since, the client would have acknowledged them)";
    }

    /** The connection on {@code fd} left this node. */
    synchronized void left(int fd) {
        if (!carried.isEmpty()) {
            InetSocketAddress[] ends = engine.endpoints(fd);
            carried.remove(new Tuple(ends[0], ends[1]));
        }
    }

    synchronized int size() {
        return carried.size();
    }
}
