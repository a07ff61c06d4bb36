package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.PacketCounts;
import eu.xtreemos.ds.dsco.handoff.PacketFilter;
import eu.xtreemos.ds.nfq.InflightSet;
import eu.xtreemos.ds.nfq.PacketHandler;
import eu.xtreemos.ds.nfq.PacketInjector;
import eu.xtreemos.ds.nfq.PacketQueue;
import eu.xtreemos.ds.nfq.SegmentRouting;
import eu.xtreemos.ds.nfq.SocketMute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The packet filter on NFQUEUE (docs/packet-filter.md): clients in flight are members of an ipset whose
 * rule queues their packets to this daemon, which holds them (or, in drop mode, drops them — kept to
 * measure what holding buys). Adding or removing a client is one netlink request, no process.
 */
final class NfqPacketFilter implements PacketFilter {
    /** One in-flight list per service, so holding a client for one service leaves its other services alone. */
    private final Map<String, InflightSet> sets;
    private final PacketQueue queue;
    private final PacketInjector injector;
    private final SocketMute mute;
    private final LongAdder injected = new LongAdder();

    /** Service id → its IPv6 service address, the destination of packets that came to this node's own address. */
    private final Map<String, byte[]> serviceAddresses = new HashMap<>();
    private final byte[] nodeAddress;

    private NfqPacketFilter(Map<String, InflightSet> sets, PacketQueue queue, PacketInjector injector, SocketMute mute) {
        this(sets, queue, injector, mute, null);
    }

    private NfqPacketFilter(Map<String, InflightSet> sets, PacketQueue queue, PacketInjector injector, SocketMute mute, DscoConfig c) {
        this.nodeAddress = c == null ? null : c.nodeAddress().getAddress();
        if (c != null) {
            for (DscoConfig.Service s : c.services()) {
                serviceAddresses.put(s.id(), s.address().getAddress());
            }
        }
        this.sets = sets;
        this.queue = queue;
        this.injector = injector;
        this.mute = mute;
    }

    /** Installs the rules and opens the queue in this process's namespace. */
    static NfqPacketFilter open(DscoConfig c) throws IOException {
        PacketHandler policy = c.filterMode() == DscoConfig.FilterMode.HOLD ? PacketHandler.HOLD_ALL : p -> PacketHandler.Decision.DROP;
        Map<String, InflightSet> sets = new LinkedHashMap<>();
        try {
            for (DscoConfig.Service s : c.services()) {
                List<InetAddress> addresses = new ArrayList<>(List.of(s.address()));
                if (s.address4() != null) {
                    addresses.add(s.address4());
                }
                if (c.redirectMode() == DscoConfig.RedirectMode.ROUTE_OPTIMIZATION) {
                    // along a binding the client's packets come to this node's own address with an SRv6 header,
                    // and the kernel delivers them to the service's socket without a second pass through INPUT;
                    // with the nft data plane, plainly once the binding's rewriting is gone from here
                    addresses.add(c.nodeAddress());
                }
                InflightSet set = new InflightSet(null, setName(s.id()), c.queueNum(), addresses);
                sets.put(s.id(), set);
                set.installKeepingMembers(); // a crashed run's clients stay held until releaseAllBut
            }
            SocketMute mute = SocketMute.install(null);
            PacketQueue queue = PacketQueue.open(null, c.queueNum(), policy, PacketQueue.Limits.DEFAULT);
            return new NfqPacketFilter(sets, queue, PacketInjector.open(null), mute, c);
        } catch (IOException | RuntimeException e) {
            for (InflightSet set : sets.values()) {
                set.uninstall();
            }
            throw e;
        }
    }

    /** "dsco-&lt;service&gt;", shortened with a hash where the id would make it longer than ipset allows. */
    static String setName(String serviceId) {
        String n = "dsco-" + serviceId;
        return n.length() <= 30 ? n : "dsco-" + serviceId.substring(0, 16) + "-" + String.format("%08x", serviceId.hashCode());
    }

    private InflightSet set(String service) throws IOException {
        InflightSet s = sets.get(service);
        if (s == null) {
            throw new IOException("no packet filter for service '" + service + "'");
        }
        return s;
    }

    @Override
    public void releaseAllBut(Map<String, Set<InetAddress>> keep) throws IOException {
        for (Map.Entry<String, InflightSet> e : sets.entrySet()) {
            for (InetAddress client : e.getValue().members()) {
                if (!keep.getOrDefault(e.getKey(), Set.of()).contains(client)) {
                    release(e.getKey(), client);
                }
            }
        }
    }

    @Override
    public void hold(String service, InetAddress client) throws IOException {
        set(service).add(client);
    }

    @Override
    public List<byte[]> take(String service, InetAddress client) {
        List<byte[]> held = new ArrayList<>(queue.takeHeld(client));
        held.replaceAll(SegmentRouting::toFinalDestination); // they may be delivered on another node
        byte[] home = serviceAddresses.get(service);
        if (nodeAddress != null && home != null && nodeAddress.length == 16 && home.length == 16) {
            held.replaceAll(p -> SegmentRouting.readdressed(p, nodeAddress, home));
        }
        return held;
    }

    @Override
    public void release(String service, InetAddress client) throws IOException {
        InflightSet set = set(service);
        try {
            queue.atomically(() -> { // no packet can be queued between leaving the list and the release
                try {
                    set.remove(client);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                queue.releaseHeld(client);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void inject(List<byte[]> packets) throws IOException {
        injector.injectAll(packets);
        injected.add(packets.size());
    }

    @Override
    public PacketCounts counts() {
        PacketQueue.Counters k = queue.counters();
        // the queue counts taken packets as dropped (their verdict here is DROP): they are shipped, not lost
        return new PacketCounts(k.held(), k.taken(), injected.sum(), k.dropped() - k.taken(), k.overflow(), k.heldNow());
    }

    @Override
    public void mute(int fd) throws IOException {
        SocketMute.mute(fd);
    }

    @Override
    public void unmute(int fd) throws IOException {
        SocketMute.unmute(fd);
    }

    @Override
    public void close() throws IOException {
        queue.close();
        injector.close();
        mute.close();
        for (InflightSet set : sets.values()) {
            set.uninstall();
        }
    }
}
