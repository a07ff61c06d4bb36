package eu.xtreemos.ds.ha;

import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.nfq.ClientMarks;
import eu.xtreemos.ds.rtnl.IpPrefix;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.rtnl.Route;
import eu.xtreemos.ds.rtnl.RouteTable;
import eu.xtreemos.ds.rtnl.Rule;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HA's forwarding for service addresses, steered by packet mark (docs/route-switching.md):
 * <ul>
 * <li>a steered client is a member of its service address's mark set ({@link ClientMarks}) with the mark of
 *     the node serving it; a mangle rule marks its packets to the service address before routing;</li>
 * <li>each node has one mark and one routing table of the same number ({@link #BASE} + 1, 2, ...), holding
 *     only a default route via that node, and a rule {@code fwmark <mark> lookup <table>} per family;</li>
 * <li>clients without a mark follow the main table's route for the service prefix, to the contact node.</li>
 * </ul>
 * Steering a client changes one set member (one ipset request); a node's table and rule are written once,
 * before its mark is first given, and found again in the kernel by a restarted agent, as are the marks.
 *
 * <p>Why not a source-specific route per client, as before: inserting one into the kernel's IPv6 routing
 * tree publishes a new branch node before its children, and a lookup for another client that passes there
 * at that moment falls back to the service prefix, i.e. to the contact node. With hundreds of clients
 * steered at once, clients handed off seconds earlier had packets sent to the contact node, which reset
 * their connections (docs/benchmarks.md). A set member's change never disturbs another member's lookup.
 */
public final class MarkSteering implements RouteProgrammer {
    /** Marks and table numbers of the nodes: BASE + 1 … BASE + 255 ("DS" in the upper half). */
    static final int BASE = 0x44530000;
    private static final int MAX_NODES = 255;
    /** Before the main table's rule (32766). */
    static final int PRIORITY = 1000;

    private final RouteTable routes;
    private final ClientMarks marks;
    private final String ifname;
    /** Node address -> its mark (= table), both families, as installed in the kernel. */
    private final Map<InetAddress, Integer> markOf = new HashMap<>();

    /** In this process's network namespace (the HA agent's). */
    public MarkSteering(String ifname) throws IOException {
        this(null, ifname);
    }

    /**
     * Opens rtnetlink and ipset sockets in {@code ns} and reads the node marks in force there.
     *
     * @param ns     the home agent's namespace; null: this process's
     * @param ifname the interface towards the nodes; null: the kernel finds it for each node
     */
    public MarkSteering(NetNamespace ns, String ifname) throws IOException {
        this.routes = open(ns);
        this.ifname = ifname;
        try {
            this.marks = ClientMarks.open(ns);
            for (StandardProtocolFamily f : List.of(StandardProtocolFamily.INET6, StandardProtocolFamily.INET)) {
                readNodeMarks(f);
            }
        } catch (NetlinkException e) {
            routes.close();
            throw new IOException("reading the node marks in force: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            routes.close();
            throw e;
        }
    }

    private static RouteTable open(NetNamespace ns) throws IOException {
        if (ns == null) {
            return RouteTable.open();
        }
        try {
            return ns.call(RouteTable::open);
        } catch (Exception e) {
            throw new IOException("cannot open rtnetlink in " + ns + ": " + e.getMessage(), e);
        }
    }

    /** A node's mark rule and table left by an earlier run (or this one): rule priority, mark = table, default route. */
    private void readNodeMarks(StandardProtocolFamily f) {
        Map<Integer, InetAddress> gateways = new HashMap<>();
        for (Route r : routes.listRoutes(f)) {
            if (isNodeMark(r.table()) && r.dst().length() == 0 && r.gateway() != null) {
                gateways.put(r.table(), r.gateway());
            }
        }
        for (Rule rule : routes.listRules(f)) {
            if (rule.priority() == PRIORITY && isNodeMark(rule.fwmark()) && rule.table() == rule.fwmark()
                    && gateways.containsKey(rule.table())) {
                markOf.put(gateways.get(rule.table()), rule.fwmark());
            }
        }
    }

    private static boolean isNodeMark(int n) {
        return n > BASE && n <= BASE + MAX_NODES;
    }

    @Override
    public void steer(InetAddress service, InetAddress client, InetAddress node) throws IOException {
        sameFamily(service, client, node);
        marks.install(service);
        marks.mark(service, client, markFor(node));
    }

    /** The node's mark, its table and rule written first if this is the first client steered to it. */
    private synchronized int markFor(InetAddress node) throws IOException {
        Integer m = markOf.get(node);
        if (m != null) {
            return m;
        }
        int mark = BASE + 1;
        while (markOf.containsValue(mark)) {
            mark++;
        }
        if (mark > BASE + MAX_NODES) {
            throw new IOException("no mark left for node " + node.getHostAddress() + ": " + MAX_NODES + " nodes have one");
        }
        StandardProtocolFamily f = node instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try {
            // the table before the rule: a marked packet never finds the rule without its route
            routes.replace(Route.to(IpPrefix.parse(f == StandardProtocolFamily.INET ? "0.0.0.0/0" : "::/0")).via(node)
                    .dev(ifindex()).inTable(mark));
            routes.addRule(Rule.markedLookup(f, mark, mark, PRIORITY), true);
        } catch (NetlinkException e) {
            throw new IOException("cannot install the mark of node " + node.getHostAddress() + ": " + e.getMessage(), e);
        }
        markOf.put(node, mark);
        return mark;
    }

    @Override
    public void unsteer(InetAddress service, InetAddress client) throws IOException {
        marks.unmark(service, client);
    }

    /** Deletes the node's rule and table (the rule first: a marked packet never finds the rule without its route). */
    @Override
    public synchronized void forgetNode(InetAddress node) throws IOException {
        Integer mark = markOf.get(node);
        if (mark == null) {
            return; // never steered to
        }
        StandardProtocolFamily f = node instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try {
            routes.deleteRule(Rule.markedLookup(f, mark, mark, PRIORITY), true);
            routes.delete(Route.to(IpPrefix.parse(f == StandardProtocolFamily.INET ? "0.0.0.0/0" : "::/0")).via(node)
                    .dev(ifindex()).inTable(mark), true);
        } catch (NetlinkException e) {
            throw new IOException("cannot remove the mark of node " + node.getHostAddress() + ": " + e.getMessage(), e);
        }
        markOf.remove(node);
    }

    @Override
    public void setDefault(InetAddress service, int prefixLength, InetAddress node) throws IOException {
        marks.install(service); // at start, so the first handoff spawns nothing
        IpPrefix prefix = IpPrefix.parse(IpPrefix.text(network(service, prefixLength)) + "/" + prefixLength);
        int ifindex = ifindex();
        retryOnce(() -> routes.replaceRoute(prefix, null, node, ifindex));
    }

    private int ifindex() throws IOException {
        try {
            return ifname == null ? 0 : routes.linkIndex(ifname);
        } catch (NetlinkException e) {
            throw new IOException("interface " + ifname + ": " + e.getMessage(), e);
        }
    }

    /** The address with its host bits cleared (the kernel wants a network address for a prefix route). */
    static InetAddress network(InetAddress a, int prefixLength) throws IOException {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return InetAddress.getByAddress(b);
    }

    @Override
    public synchronized Map<InetAddress, InetAddress> steered(InetAddress service) throws IOException {
        Map<Integer, InetAddress> nodeOf = new HashMap<>();
        markOf.forEach((node, mark) -> {
            if (node.getAddress().length == service.getAddress().length) {
                nodeOf.put(mark, node);
            }
        });
        Map<InetAddress, InetAddress> out = new LinkedHashMap<>();
        marks.marks(service).forEach((client, mark) -> {
            InetAddress node = nodeOf.get(mark);
            if (node != null) {
                out.put(client, node);
            }
        });
        return out;
    }

    /** A replace is safe to repeat, and the kernel may answer a burst of them with a passing ENOMEM: one retry. */
    private static void retryOnce(Runnable r) throws IOException {
        try {
            r.run();
        } catch (NetlinkException first) {
            try {
                Thread.sleep(1);
                r.run();
            } catch (NetlinkException e) {
                throw new IOException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(first.getMessage(), first);
            }
        }
    }

    private static void sameFamily(InetAddress service, InetAddress client, InetAddress node) {
        int n = service.getAddress().length;
        if (client.getAddress().length != n || node.getAddress().length != n) {
            throw new IllegalArgumentException("service " + service.getHostAddress() + ", client " + client.getHostAddress()
                    + " and node " + node.getHostAddress() + " must all be IPv4 or all IPv6");
        }
    }

    /** Closes the sockets; routes, rules and marks stay, so a restarted agent finds every client where it was. */
    @Override
    public void close() {
        try {
            marks.close();
        } finally {
            routes.close();
        }
    }
}
