package eu.xtreemos.ds.dsco.membership;

import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;
import org.jgroups.util.NameCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The dsco daemons as a JGroups group: who is alive, agreed by all (the view). TCP between the nodes' own
 * addresses, static discovery from the configured node list, failure detection by socket (a crashed dsco is
 * noticed at once) and by heartbeat (a node cut off the network within {@code failureTimeoutMs}), and AUTH
 * with a token derived from the cluster key.
 */
public final class Membership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    /** Ports a node's member may listen on: failover.port and the next ones (and 100 above them, FD_SOCK2's). */
    public static final int PORT_SLOTS = 8;

    private final JChannel channel;
    private final TCPPING ping;
    private final int port;
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> suspicionListeners = new CopyOnWriteArrayList<>();
    private volatile List<String> members = List.of();

    /** Node name -> own address: a member whose logical name is not known yet is named by its address. */
    private volatile Map<String, InetAddress> nodeAddresses;

    /**
     * Prepares this node's member of the group; {@link #join} joins (or founds) it. Call it on a thread in the
     * node's network namespace, as {@link #join} (its threads inherit the namespace).
     *
     * @param nodes every node: name -> own address; the group's discovery list
     * @param incarnation how many times this node's dsco has started (picks its port among {@link #PORT_SLOTS})
     */
    public Membership(String self, InetAddress bindAddress, int port, Map<String, InetAddress> nodes, ClusterKeys clusterKeys,
                      long failureTimeoutMs, int incarnation) throws Exception {
        this.nodeAddresses = Map.copyOf(nodes);
        List<InetSocketAddress> hosts = new ArrayList<>();
        for (InetAddress a : nodes.values()) {
            for (int slot = 0; slot < PORT_SLOTS; slot++) { // discovery asks every slot of every node
                hosts.add(new InetSocketAddress(a, port + slot));
            }
        }
        // A host a connect() to which timed out (a node that vanished) is left alone for a few detection times but
        // for its members' addresses: see BackingOffTcp.
        TCP tcp = new BackingOffTcp(Math.max(3000, 3 * failureTimeoutMs));
        tcp.setBindAddress(bindAddress);
        // Connections to other members leave from the node's own address, never one the kernel picks (a service
        // address marked as a Mobile IPv6 home address would be picked, and answers to it stay on the peer).
        tcp.setClientBindAddr(bindAddress);
        // Each start of this node's dsco takes the next of PORT_SLOTS ports. A new member must not share its dead
        // predecessor's physical address while the group still holds the dead one: dropping the dead member would
        // cut the new one off too and split the group.
        tcp.setBindPort(port + Math.floorMod(incarnation, PORT_SLOTS));
        tcp.setPortRange(0);
        // A member whose node vanished (link down, no FIN) black-holes the connect() to it. With a single sending
        // thread that wait holds up the heartbeats to everyone else, the survivors suspect each other too and each
        // forms a group of its own, and no failover follows. So: one sending thread per destination, and connects
        // bounded well below the detection time. JGroups holds one lock across every connect(), so a connect waiting
        // on a vanished node also holds up every other new connection and the installation of the view without
        // it: a tenth of the detection time (100 ms for 1 s). A connect is answered by the peer's kernel (no
        // process needs to run): a few milliseconds on a loaded machine, less than one on a LAN; one that fails
        // only drops that message, which the group's retransmission and the next heartbeat repeat.
        tcp.setBundlerType(ReapingPerDestinationBundler.class.getName()); // "per-destination", without its thread leak
        tcp.setSockConnTimeout((int) Math.max(50, failureTimeoutMs / 10));
        TCPPING ping = new TCPPING();
        this.ping = ping;
        this.port = port;
        ping.setInitialHosts2(hosts.stream().map(h -> new IpAddress(h.getAddress(), h.getPort())).map(a -> (org.jgroups.PhysicalAddress) a).toList());
        ping.setPortRange(0);
        FD_ALL3 heartbeat = new FD_ALL3();
        heartbeat.setTimeout(failureTimeoutMs);
        heartbeat.setInterval(Math.max(100, failureTimeoutMs / 5));
        // JGroups' own suspicion-verification and view-ack timeouts: shorter ones made members of a loaded
        // 2-core machine suspect each other and split the group (two nodes each failing over).
        VERIFY_SUSPECT2 verify = new TellingVerifySuspect(this::onSuspected);
        GMS gms = new GMS();
        // A join waits for the coordinator to install the new view, which can wait on the acknowledgement of a
        // member that has just died: give it a few detection times (and retry, see join()).
        gms.setJoinTimeout(Math.max(2000, 2 * failureTimeoutMs));
        gms.printLocalAddress(false);
        AUTH auth = new AUTH();
        ClusterKeyToken token = new ClusterKeyToken(clusterKeys);
        auth.setAuthToken(token);
        token.setAuth(auth);
        // A group split by a false suspicion on a loaded machine heals only by MERGE3. Its default of up to 10 s
        // between merge rounds lets a survivor hold the dead contact node in its view long after the failover:
        // merge rounds are a few detection times apart.
        MERGE3 merge = new MERGE3();
        merge.setMinInterval(Math.max(500, failureTimeoutMs));
        merge.setMaxInterval(Math.max(1500, 3 * failureTimeoutMs));
        // UNICAST3 kept resending to a departed member for 60 s and held its connection for 240 s: each restart
        // of a peer's dsco left a dead incarnation that was still being sent to (and, with it, a sending thread).
        // A dead incarnation never comes back: give up on it after a few detection times.
        UNICAST3 unicast = new UNICAST3();
        unicast.setMaxRetransmitTime(Math.max(3000, 3 * failureTimeoutMs));
        unicast.setConnCloseTimeout(Math.max(3000, 3 * failureTimeoutMs));
        Protocol[] stack = {tcp, ping, merge, new BoundFdSock(bindAddress, this::onSuspected), heartbeat, verify,
                new NAKACK2(), unicast, new STABLE(), auth, gms, new FRAG4()};
        this.channel = new JChannel(stack).name(self);
        channel.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View view) {
                onView(view);
            }
        });
    }

    /**
     * The group's discovery list from now on (nodes joined or left the group at run time): every port slot of
     * every node's address, as at start. Members found otherwise stay members; this is where a split group looks
     * for its other half.
     */
    public void setNodes(Map<String, InetAddress> nodes) {
        this.nodeAddresses = Map.copyOf(nodes);
        List<org.jgroups.PhysicalAddress> hosts = new ArrayList<>();
        for (InetAddress a : nodes.values()) {
            for (int slot = 0; slot < PORT_SLOTS; slot++) {
                hosts.add(new IpAddress(a, port + slot));
            }
        }
        ping.setInitialHosts2(hosts);
    }

    /**
     * Joins the group in the background, retrying until it succeeds or this is closed; the view arrives through
     * the listeners. A dsco must not wait for the group to start serving: a restarted node's JOIN can time out
     * several times in a row while the coordinator still collects view acknowledgements from its dead
     * predecessor, and the node's clients must not wait that long.
     */
    public void join() {
        Thread t = new Thread(() -> {
            long pause = 500;
            while (!closed) {
                try {
                    channel.connect("dsco");
                    return;
                } catch (Exception e) {
                    if (closed) {
                        return;
                    }
                    log.warn("membership: joining the group failed ({}); trying again in {} ms", e.getMessage(), pause);
                    try {
                        channel.disconnect();
                    } catch (RuntimeException re) {
                        log.debug("membership: disconnect after a failed join", re);
                    }
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    pause = Math.min(pause * 2, 4000);
                }
            }
        }, "membership-join");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A member's node name. Its logical name can reach a view before the name itself does (a restarted node's
     * member shows as a UUID for a while), and a UUID would be taken for a node: the one whose address the member's
     * physical address is then.
     */
    private String nameOf(Address a) {
        Map<String, InetAddress> known = nodeAddresses;
        String logical = NameCache.get(a);
        if (logical != null && known.containsKey(logical)) {
            return logical;
        }
        Object physical = channel.down(new Event(Event.GET_PHYSICAL_ADDRESS, a));
        if (physical instanceof IpAddress ip) {
            for (Map.Entry<String, InetAddress> e : known.entrySet()) {
                if (e.getValue().equals(ip.getIpAddress())) {
                    return e.getKey();
                }
            }
        }
        return logical != null ? logical : String.valueOf(a);
    }

    private synchronized void onView(View view) {
        List<String> now = new ArrayList<>();
        for (Address a : view.getMembers()) {
            now.add(nameOf(a));
        }
        List<String> left = new ArrayList<>(members);
        left.removeAll(now);
        List<String> joined = new ArrayList<>(now);
        joined.removeAll(members);
        members = List.copyOf(now);
        log.info("members {} (left {}, joined {})", now, left, joined);
        for (MembershipListener l : listeners) {
            try {
                l.membersChanged(members, left, joined);
            } catch (RuntimeException e) {
                log.error("a membership listener failed", e);
            }
        }
    }

    /** Live members, oldest first: the first is the group's coordinator. */
    public List<String> members() {
        return members;
    }

    /** Whether this node coordinates the group now (the oldest member): it alone acts on a view change. */
    public boolean coordinator() {
        List<String> m = members;
        return !m.isEmpty() && m.get(0).equals(channel.getName());
    }

    /** The JGroups channel, for tests of the stack in this package. */
    JChannel channel() {
        return channel;
    }

    public void addListener(MembershipListener l) {
        listeners.add(l);
    }

    /**
     * Told the name of a member a failure detector suspects, at once (on a JGroups thread: return quickly). Only
     * a hint: the member may answer the verification and stay; the view is the group's verdict.
     */
    public void addSuspicionListener(Consumer<String> l) {
        suspicionListeners.add(l);
    }

    private void onSuspected(String member) {
        for (Consumer<String> l : suspicionListeners) {
            try {
                l.accept(member);
            } catch (RuntimeException e) {
                log.error("a suspicion listener failed", e);
            }
        }
    }

    private volatile boolean closed;

    @Override
    public void close() {
        closed = true;
        channel.close();
    }
}
