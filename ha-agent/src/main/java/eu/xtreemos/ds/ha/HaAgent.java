package eu.xtreemos.ds.ha;

import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.HaConfig;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.SteeringMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The home agent's side of HA steering: keeps the binding client -> serving node per service and
 * programs the HA's routes to match, on request of the nodes' dsco daemons. Works for any unmodified
 * client, IPv6 or IPv4.
 */
public final class HaAgent {
    private static final Logger log = LoggerFactory.getLogger(HaAgent.class);

    private final HaConfig config;
    private final RouteProgrammer routes;
    private final BindingTable table = new BindingTable();
    /** The nodes as they are now: the configured ones, and those added or removed at run time (IPv6). */
    private volatile Map<String, InetAddress> nodes;

    public HaAgent(HaConfig config, RouteProgrammer routes) {
        this.config = config;
        this.routes = routes;
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(config.nodes()));
    }

    /** The nodes' names now: the cluster members whose links are accepted. */
    public Set<String> nodeNames() {
        return nodes.keySet();
    }

    /**
     * Rebuilds the bindings from the routes in force (a restarted agent must not forget which client is
     * where: the next contact change would move them), then points every service at its contact node.
     */
    public void start() throws IOException {
        for (HaConfig.HaService s : config.services()) {
            int recovered = recover(s, s.address(), config.nodes()) + (s.address4() == null ? 0 : recover(s, s.address4(), config.nodes4()));
            setDefault(s, s.contact());
            if (recovered > 0) {
                log.info("service {}: {} client binding(s) recovered from the routing table", s.id(), recovered);
            }
        }
    }

    private int recover(HaConfig.HaService s, InetAddress service, Map<String, InetAddress> nodes) throws IOException {
        int n = 0;
        for (var e : routes.steered(service).entrySet()) {
            for (var node : nodes.entrySet()) {
                if (node.getValue().equals(e.getValue())) {
                    table.bind(s.id(), e.getKey(), node.getKey());
                    n++;
                }
            }
        }
        return n;
    }

    public BindingTable table() {
        return table;
    }

    /** Answers a message from an authenticated cluster member. */
    public synchronized PeerMessage handle(String peer, PeerMessage m) {
        try {
            if (m instanceof SteeringMessage.Steer s) {
                steer(service(s.service()), s.client(), s.node());
                log.info("{} asked: client {} of {} -> {}", peer, s.client().getHostAddress(), s.service(), s.node());
                return new PeerMessage.Result(true, "");
            }
            if (m instanceof SteeringMessage.SetContact c) {
                HaConfig.HaService s = service(c.service());
                node(c.node());
                String old = table.contact(s.id());
                for (InetAddress client : c.pinned()) { // established clients stay where they are
                    if (!table.hasBinding(s.id(), client)) {
                        steer(s, client, old);
                    }
                }
                setDefault(s, c.node());
                log.info("{} asked: contact node of {} {} -> {} ({} clients pinned)", peer, s.id(), old, c.node(), c.pinned().size());
                return new PeerMessage.Result(true, "");
            }
            if (m instanceof SteeringMessage.NodeJoined j) {
                return nodeJoined(peer, j);
            }
            if (m instanceof SteeringMessage.NodeLeft l) {
                return nodeLeft(peer, l);
            }
            if (m instanceof SteeringMessage.ContactQuery q) {
                return new PeerMessage.Result(true, table.contact(service(q.service()).id()));
            }
            return new PeerMessage.Result(false, "the HA agent does not handle " + m.getClass().getSimpleName());
        } catch (IllegalArgumentException | IOException e) {
            log.warn("request from {} failed: {}", peer, e.getMessage());
            return new PeerMessage.Result(false, e.getMessage());
        }
    }

    /** A node joined the group: clients may be steered to it from now on (its mark is made with its first client). */
    private PeerMessage nodeJoined(String peer, SteeringMessage.NodeJoined j) {
        if (!ConfigLoader.isNodeName(j.node())) {
            return new PeerMessage.Result(false, "node name '" + j.node() + "' must be 1-32 characters a-z, 0-9 and '-', starting with a letter");
        }
        InetAddress known = nodes.get(j.node());
        if (known != null) {
            return known.equals(j.address()) ? new PeerMessage.Result(true, "")
                    : new PeerMessage.Result(false, "node " + j.node() + " is known already, at " + known.getHostAddress()
                    + ", not " + j.address().getHostAddress());
        }
        if (!(j.address() instanceof Inet6Address)) {
            return new PeerMessage.Result(false, "the address of node " + j.node() + " must be IPv6, not " + j.address().getHostAddress());
        }
        for (Map.Entry<String, InetAddress> e : nodes.entrySet()) {
            if (e.getValue().equals(j.address())) {
                return new PeerMessage.Result(false, "address " + j.address().getHostAddress() + " is node " + e.getKey() + "'s already");
            }
        }
        Map<String, InetAddress> n = new LinkedHashMap<>(nodes);
        n.put(j.node(), j.address());
        nodes = Collections.unmodifiableMap(n);
        log.info("{} asked: node {} at {} joined", peer, j.node(), j.address().getHostAddress());
        return new PeerMessage.Result(true, "");
    }

    /**
     * A node left the group. Refused while it is a service's contact node. Clients still bound to it (dsco checked
     * it serves none: these connections are gone) follow the contact route again; its mark, rule and table go.
     */
    private PeerMessage nodeLeft(String peer, SteeringMessage.NodeLeft l) throws IOException {
        InetAddress a = nodes.get(l.node());
        if (a == null) {
            return new PeerMessage.Result(true, ""); // gone already
        }
        for (HaConfig.HaService s : config.services()) {
            if (l.node().equals(table.contact(s.id()))) {
                return new PeerMessage.Result(false, "node " + l.node() + " is the contact node of " + s.id());
            }
        }
        int unbound = 0;
        for (HaConfig.HaService s : config.services()) {
            for (Map.Entry<InetAddress, String> b : table.bindings(s.id()).entrySet()) {
                if (b.getValue().equals(l.node())) {
                    InetAddress service = b.getKey() instanceof Inet4Address ? s.address4() : s.address();
                    if (service != null) {
                        routes.unsteer(service, b.getKey());
                    }
                    table.unbind(s.id(), b.getKey());
                    unbound++;
                }
            }
        }
        routes.forgetNode(a);
        InetAddress a4 = config.nodes4().get(l.node());
        if (a4 != null) {
            routes.forgetNode(a4);
        }
        Map<String, InetAddress> n = new LinkedHashMap<>(nodes);
        n.remove(l.node());
        nodes = Collections.unmodifiableMap(n);
        log.info("{} asked: node {} left ({} stale client binding(s) dropped)", peer, l.node(), unbound);
        return new PeerMessage.Result(true, "");
    }

    private void steer(HaConfig.HaService s, InetAddress client, String node) throws IOException {
        boolean v4 = client instanceof Inet4Address;
        InetAddress service = v4 ? s.address4() : s.address();
        if (service == null) {
            throw new IllegalArgumentException("service " + s.id() + " has no IPv4 address for client " + client.getHostAddress());
        }
        routes.steer(service, client, address(node, v4));
        table.bind(s.id(), client, node);
    }

    private void setDefault(HaConfig.HaService s, String node) throws IOException {
        routes.setDefault(s.address(), s.prefixLength(), address(node, false));
        if (s.address4() != null && config.nodes4().containsKey(node)) {
            routes.setDefault(s.address4(), 32, address(node, true));
        }
        table.setContact(s.id(), node);
    }

    private HaConfig.HaService service(String id) {
        HaConfig.HaService s = config.service(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown service '" + id + "'");
        }
        return s;
    }

    private void node(String name) {
        if (!nodes.containsKey(name)) {
            throw new IllegalArgumentException("unknown node '" + name + "'");
        }
    }

    private InetAddress address(String node, boolean v4) {
        node(node);
        InetAddress a = v4 ? config.nodes4().get(node) : nodes.get(node);
        if (a == null) {
            throw new IllegalArgumentException("node '" + node + "' has no IPv4 address (nodes4)");
        }
        return a;
    }
}
