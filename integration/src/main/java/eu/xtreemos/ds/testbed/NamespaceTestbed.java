package eu.xtreemos.ds.testbed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Distributed Servers network built from Linux network namespaces on one host (see
 * docs/testbed.md for the drawing and the address plan).
 *
 * <p>Namespace {@code <name>-ha} is the router: it holds bridge {@code nodes} (contact and server
 * nodes) and bridge {@code clients}, and routes the service prefix to the contact node. Every node
 * has its own namespace with one interface {@code eth0}; contact and servers all carry the service
 * address on {@code lo}, so whichever node the router sends a packet to accepts it. Until the HA
 * agent exists, {@link #steer} plays its part by pointing one client's traffic at another node.
 *
 * <p>Nothing is created in the caller's own namespace: both ends of every veth are created
 * directly inside the testbed's namespaces, so deleting the namespaces removes everything.
 */
public final class NamespaceTestbed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NamespaceTestbed.class);

    public static final String NODES_BRIDGE = "nodes";
    public static final String CLIENTS_BRIDGE = "clients";
    public static final String NODE_IF = "eth0";
    /** Nodes side: room for the 40-byte outer IPv6 header a later SRv6 redirect adds to 1500-byte packets. */
    public static final int NODES_MTU = 1600;
    public static final int CLIENTS_MTU = 1500;
    /** Priority of the IPv4 steering rules in ha: before the main table (32766). */
    static final int STEER_RULE_PREF = 1000;

    static final String NEEDS_ROOT = "the namespace testbed needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)"
            + " to create network namespaces; run as root";
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int NODES_LAN = 1;
    private static final int CLIENTS_LAN = 2;
    private static final int SERVICE_LAN = 5;

    /** One namespace of the testbed: its LAN and host part ({@code host6} is hex text, as written). */
    private record Node(String name, int lan, String host6, int host4) {
    }

    private final TestbedSpec spec;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** Set once this object no longer owns the teardown: closed, detached, or torn down at exit. */
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean torndown;
    private final Thread shutdownHook;

    private NamespaceTestbed(TestbedSpec spec) {
        this.spec = spec;
        add(new Node("ha", NODES_LAN, "1", 1));
        add(new Node("contact", NODES_LAN, "10", 10));
        for (int i = 1; i <= spec.servers(); i++) {
            add(new Node("server" + i, NODES_LAN, "1" + i, 10 + i));
        }
        for (int j = 1; j <= spec.clients(); j++) {
            add(new Node("client" + j, CLIENTS_LAN, "10" + j, 100 + j));
        }
        String name = spec.name();
        shutdownHook = new Thread(() -> {
            if (released.compareAndSet(false, true)) {
                try {
                    down(name);
                } catch (RuntimeException e) {
                    System.err.println("ds-testbed: cannot remove testbed '" + name + "' at exit: " + e.getMessage());
                }
            }
        }, "testbed-" + name + "-teardown");
    }

    private void add(Node n) {
        nodes.put(n.name(), n);
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Builds the testbed described by {@code spec}, after removing any leftovers of a testbed with
     * the same name. On failure removes what it made and throws with the failing command's stderr.
     */
    public static NamespaceTestbed up(TestbedSpec spec) {
        return up(spec, node -> { });
    }

    /** {@link #up(TestbedSpec)} calling {@code beforeNode} before wiring each node: lets tests fail a build half-way. */
    static NamespaceTestbed up(TestbedSpec spec, Consumer<String> beforeNode) {
        requirePrivilege();
        long t0 = System.nanoTime();
        down(spec.name());
        NamespaceTestbed tb = new NamespaceTestbed(spec);
        // Hook first, so a JVM stopped while we build still cleans up.
        Runtime.getRuntime().addShutdownHook(tb.shutdownHook);
        try {
            tb.build(beforeNode);
        } catch (RuntimeException e) {
            tb.released.set(true);
            removeHook(tb.shutdownHook);
            try {
                down(spec.name());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IllegalStateException("building testbed '" + spec.name() + "' failed (what was built is removed): "
                    + e.getMessage(), e);
        }
        log.info("testbed '{}' up: {} namespaces in {} ms", spec.name(), tb.nodes.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return tb;
    }

    /** Deletes every namespace of testbed {@code name}; does nothing if there is none. */
    public static void down(String name) {
        TestbedSpec.validateName(name);
        List<String> left = namespaces(name);
        if (!left.isEmpty()) {
            requirePrivilege();
        }
        List<String> failed = new ArrayList<>();
        for (String ns : left) {
            Commands.Result r = Commands.run(Commands.DEFAULT_TIMEOUT, "ip", "netns", "delete", ns);
            // Someone else deleting it at the same time is fine; only a namespace that stays is an error.
            if (!r.ok() && namespaces(name).contains(ns)) {
                failed.add(ns + ": " + r.stderr().strip());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("cannot delete namespaces of testbed '" + name + "': " + failed);
        }
        if (!left.isEmpty()) {
            log.info("testbed '{}' down: deleted {}", name, left);
        }
    }

    /** Tears the testbed down (idempotent). */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            removeHook(shutdownHook);
            torndown = true;
            down(spec.name());
        }
    }

    /**
     * Gives up ownership: the testbed stays when this JVM exits and {@link #close} no longer removes
     * it (the CLI's {@code up} uses this). Remove it later with {@link #down}.
     */
    public NamespaceTestbed detach() {
        if (released.compareAndSet(false, true)) {
            removeHook(shutdownHook);
        }
        return this;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; nothing to undo.
        }
    }

    /** Does any namespace of testbed {@code name} exist? */
    public static boolean exists(String name) {
        return !namespaces(TestbedSpec.validateName(name)).isEmpty();
    }

    /** Namespaces of testbed {@code name}, ha first, then contact, servers and clients in order. */
    static List<String> namespaces(String name) {
        Pattern mine = Pattern.compile(Pattern.quote(name) + "-(ha|contact|server([0-9]+)|client([0-9]+))");
        // "ip netns list" prints "name" or "name (id: N)", one per line.
        return Commands.check("ip", "netns", "list").lines()
                .map(l -> l.strip().split("\\s+")[0])
                .filter(ns -> mine.matcher(ns).matches())
                .sorted(Comparator.comparing((String ns) -> roleOrder(ns.substring(name.length() + 1)))
                        .thenComparing(ns -> number(ns)))
                .toList();
    }

    private static int roleOrder(String node) {
        return node.equals("ha") ? 0 : node.equals("contact") ? 1 : node.startsWith("server") ? 2 : 3;
    }

    private static int number(String ns) {
        Matcher m = Pattern.compile("([0-9]+)$").matcher(ns);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    // ---------------------------------------------------------------- privilege

    static void requirePrivilege() {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            throw new IllegalStateException(NEEDS_ROOT + " (cannot read /proc/self/status: " + e.getMessage() + ")");
        }
        privilegeProblem(status).ifPresent(p -> {
            throw new IllegalStateException(p);
        });
    }

    /** Empty if {@code procStatus} (the text of /proc/self/status) shows enough privilege. */
    public static Optional<String> privilegeProblem(String procStatus) {
        String[] uid = field(procStatus, "Uid").split("\\s+"); // real, effective, saved, fs
        if (uid.length > 1 && uid[1].equals("0")) {
            return Optional.empty();
        }
        long caps;
        try {
            caps = Long.parseUnsignedLong(field(procStatus, "CapEff"), 16);
        } catch (NumberFormatException e) {
            caps = 0;
        }
        long needed = (1L << CAP_NET_ADMIN) | (1L << CAP_SYS_ADMIN);
        return (caps & needed) == needed ? Optional.empty() : Optional.of(NEEDS_ROOT);
    }

    private static String field(String procStatus, String key) {
        return procStatus.lines().filter(l -> l.startsWith(key + ":"))
                .map(l -> l.substring(key.length() + 1).strip()).findFirst().orElse("");
    }

    // ---------------------------------------------------------------- building

    private void build(Consumer<String> beforeNode) {
        for (String node : nodes.keySet()) {
            Commands.check("ip", "netns", "add", ns(node));
        }
        for (String node : nodes.keySet()) {
            // Before any veth exists, so the "default" values apply to every interface made later:
            // no router solicitations or RA processing (nobody sends RAs here), no DAD delay on link-locals.
            List<String> sysctl = new ArrayList<>(List.of("ip", "netns", "exec", ns(node), "sysctl", "-q", "-w",
                    "net.ipv6.conf.all.accept_ra=0", "net.ipv6.conf.default.accept_ra=0",
                    "net.ipv6.conf.all.router_solicitations=0", "net.ipv6.conf.default.router_solicitations=0",
                    "net.ipv6.conf.default.accept_dad=0"));
            if (node.equals("ha")) {
                // rp_filter off: once steered, a client's replies come back from a node other than the
                // one the main table names for the service prefix.
                sysctl.addAll(List.of("net.ipv6.conf.all.forwarding=1", "net.ipv4.ip_forward=1",
                        "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"));
            }
            Commands.check(sysctl.toArray(String[]::new));
        }

        Node ha = nodes.get("ha");
        ip("ha", "link", "set", "lo", "up");
        // Multicast snooping off: with no querier around it only risks delaying neighbour discovery.
        ip("ha", "link", "add", NODES_BRIDGE, "mtu", "" + NODES_MTU, "up", "type", "bridge", "mcast_snooping", "0");
        ip("ha", "link", "add", CLIENTS_BRIDGE, "mtu", "" + CLIENTS_MTU, "up", "type", "bridge", "mcast_snooping", "0");
        for (int lan : new int[] {NODES_LAN, CLIENTS_LAN}) {
            String bridge = lan == NODES_LAN ? NODES_BRIDGE : CLIENTS_BRIDGE;
            ip("ha", "addr", "add", v6(lan, ha.host6()) + "/64", "dev", bridge, "nodad");
            ip("ha", "addr", "add", v4(lan, ha.host4()) + "/24", "dev", bridge);
        }

        for (Node n : nodes.values()) {
            if (n.name().equals("ha")) {
                continue;
            }
            beforeNode.accept(n.name());
            boolean client = n.lan() == CLIENTS_LAN;
            String mtu = "" + (client ? CLIENTS_MTU : NODES_MTU);
            // Both ends made in place: the ha end joins its bridge, the peer lands in the node as eth0.
            ip("ha", "link", "add", (client ? "c-" : "n-") + n.name(), "mtu", mtu,
                    "master", client ? CLIENTS_BRIDGE : NODES_BRIDGE, "up",
                    "type", "veth", "peer", "name", NODE_IF, "mtu", mtu, "netns", ns(n.name()));
            ip(n.name(), "link", "set", "lo", "up");
            ip(n.name(), "link", "set", NODE_IF, "up");
            ip(n.name(), "addr", "add", v6(n.lan(), n.host6()) + "/64", "dev", NODE_IF, "nodad");
            ip(n.name(), "addr", "add", v4(n.lan(), n.host4()) + "/24", "dev", NODE_IF);
            if (!client) {
                ip(n.name(), "addr", "add", svc6() + "/128", "dev", "lo", "nodad");
                ip(n.name(), "addr", "add", svc4() + "/32", "dev", "lo");
            }
            ip(n.name(), "-6", "route", "add", "default", "via", v6(n.lan(), ha.host6()), "dev", NODE_IF);
            ip(n.name(), "-4", "route", "add", "default", "via", v4(n.lan(), ha.host4()), "dev", NODE_IF);
        }

        // The default binding: the whole service prefix goes to the contact node.
        Node contact = nodes.get("contact");
        ip("ha", "-6", "route", "add", "fd00:d5:" + hexSite() + ":" + SERVICE_LAN + "::/64",
                "via", v6(NODES_LAN, contact.host6()), "dev", NODES_BRIDGE);
        ip("ha", "-4", "route", "add", "10." + spec.site() + "." + SERVICE_LAN + ".0/24",
                "via", v4(NODES_LAN, contact.host4()), "dev", NODES_BRIDGE);
    }

    private String ip(String node, String... args) {
        return Commands.check(Stream.concat(Stream.of("ip", "-n", ns(node)), Stream.of(args)).toArray(String[]::new));
    }

    // ---------------------------------------------------------------- addresses

    private String hexSite() {
        return Integer.toHexString(spec.site());
    }

    private String v6(int lan, String host) {
        return "fd00:d5:" + hexSite() + ":" + lan + "::" + host;
    }

    private String v4(int lan, int host) {
        return "10." + spec.site() + "." + lan + "." + host;
    }

    private String svc6() {
        return v6(SERVICE_LAN, "1");
    }

    private String svc4() {
        return v4(SERVICE_LAN, 1);
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private Node node(String node) {
        Node n = nodes.get(node);
        if (n == null) {
            throw new IllegalArgumentException("no node '" + node + "' in testbed '" + spec.name()
                    + "'; nodes are " + nodes.keySet());
        }
        return n;
    }

    public TestbedSpec spec() {
        return spec;
    }

    /** The namespace of {@code node} ("ha", "contact", "server1", "client1", ...). */
    public String ns(String node) {
        return spec.name() + "-" + node(node).name();
    }

    /** Contact first, then server1..N: every node that carries the service address. */
    public List<String> serverNodes() {
        return nodes.values().stream().filter(n -> n.lan() == NODES_LAN && !n.name().equals("ha"))
                .map(Node::name).toList();
    }

    public List<String> clients() {
        return nodes.values().stream().filter(n -> n.lan() == CLIENTS_LAN).map(Node::name).toList();
    }

    /** The node's own IPv6 address on its LAN (for ha: its address on the nodes LAN). */
    public InetAddress nodeAddress(String node) {
        Node n = node(node);
        return literal(v6(n.lan(), n.host6()));
    }

    public InetAddress nodeAddress4(String node) {
        Node n = node(node);
        return literal(v4(n.lan(), n.host4()));
    }

    public InetAddress serviceAddress() {
        return literal(svc6());
    }

    public InetAddress serviceAddress4() {
        return literal(svc4());
    }

    public InetAddress clientAddress(String client) {
        return nodeAddress(requireClient(client));
    }

    public InetAddress clientAddress4(String client) {
        return nodeAddress4(requireClient(client));
    }

    private String requireClient(String client) {
        if (!clients().contains(client)) {
            throw new IllegalArgumentException("no client '" + client + "' in testbed '" + spec.name()
                    + "'; clients are " + clients());
        }
        return client;
    }

    // ---------------------------------------------------------------- running things

    /** Runs {@code cmd} in the node's namespace; returns stdout, throws with exit code and stderr on failure. */
    public String exec(String node, String... cmd) {
        return Commands.check(Stream.concat(Stream.of("ip", "netns", "exec", ns(node)), Stream.of(cmd))
                .toArray(String[]::new));
    }

    /** Cuts a node off the nodes' network as a pulled cable would: its link goes down, its addresses stay. */
    public void cutLink(String node) {
        requireOpen();
        exec(node, "sysctl", "-qw", "net.ipv6.conf." + NODE_IF + ".keep_addr_on_down=1");
        exec(node, "ip", "link", "set", NODE_IF, "down");
    }

    /**
     * Plugs a node cut by {@link #cutLink} back in: the link up, and its default routes, which went with
     * the link, once the link's prefix route is back (it takes a moment).
     */
    public void restoreLink(String node) throws InterruptedException {
        requireOpen();
        exec(node, "ip", "link", "set", NODE_IF, "up");
        for (int i = 0; ; i++) {
            try {
                exec(node, "ip", "-6", "route", "replace", "default", "via", nodeAddress("ha").getHostAddress());
                exec(node, "ip", "-4", "route", "replace", "default", "via", nodeAddress4("ha").getHostAddress());
                return;
            } catch (RuntimeException e) {
                if (i == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Sends new and existing traffic from {@code client} to the service address to {@code node}
     * instead of the contact node: the stand-in for the HA agent's binding update.
     *
     * <p>IPv6: a source-specific route {@code <svc>/128 from <client>/128}, replaced atomically.
     * IPv4 has no source-specific routes, so: a per-client routing table (number = the client's
     * address as a 32-bit number) holding {@code <svc>/32 via <node>}, selected by a rule
     * {@code from <client> to <svc> lookup <table>}. Re-steering only replaces the route in that
     * table, so there is no moment when the client's packets fall back to the contact node (which
     * would reset a connection that was handed off).
     */
    public void steer(InetAddress client, String node) {
        requireOpen();
        if (!serverNodes().contains(node)) {
            throw new IllegalArgumentException("can only steer to a server node " + serverNodes() + ", not '" + node + "'");
        }
        String c = client.getHostAddress().replaceFirst("%.*$", "");
        if (client instanceof Inet4Address) {
            String table = table4(client);
            ip("ha", "-4", "route", "replace", svc4() + "/32", "via", nodeAddress4(node).getHostAddress(),
                    "dev", NODES_BRIDGE, "table", table);
            if (ip("ha", "-4", "rule", "show", "table", table).isBlank()) {
                ip("ha", "-4", "rule", "add", "from", c + "/32", "to", svc4() + "/32", "lookup", table,
                        "pref", "" + STEER_RULE_PREF);
            }
        } else {
            ip("ha", "-6", "route", "replace", svc6() + "/128", "from", c + "/128",
                    "via", nodeAddress(node).getHostAddress(), "dev", NODES_BRIDGE);
        }
        log.debug("steered {} to {}", c, node);
    }

    /** Returns {@code client} to the default binding (the contact node); no-op if it was not steered. */
    public void unsteer(InetAddress client) {
        requireOpen();
        String c = client.getHostAddress().replaceFirst("%.*$", "");
        // Errors ignored on purpose: "not there" is the state we want.
        if (client instanceof Inet4Address) {
            String table = table4(client);
            Commands.run(Commands.DEFAULT_TIMEOUT, "ip", "-n", ns("ha"), "-4", "rule", "del",
                    "from", c + "/32", "to", svc4() + "/32", "lookup", table, "pref", "" + STEER_RULE_PREF);
            Commands.run(Commands.DEFAULT_TIMEOUT, "ip", "-n", ns("ha"), "-4", "route", "flush", "table", table);
        } else {
            Commands.run(Commands.DEFAULT_TIMEOUT, "ip", "-n", ns("ha"), "-6", "route", "del",
                    svc6() + "/128", "from", c + "/128");
        }
        log.debug("unsteered {}", c);
    }

    private static String table4(InetAddress client) {
        byte[] a = client.getAddress();
        long t = ((a[0] & 0xffL) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        if (t == 0 || (t >= 253 && t <= 255)) {
            throw new IllegalArgumentException("cannot steer " + client.getHostAddress() + ": reserved table number");
        }
        return Long.toString(t);
    }

    private void requireOpen() {
        if (torndown) {
            throw new IllegalStateException("testbed '" + spec.name() + "' is down");
        }
    }

    // ---------------------------------------------------------------- show

    /** A readable summary of testbed {@code name}: namespaces, addresses, and the ha's routes. */
    public static String show(String name) {
        List<String> all = namespaces(TestbedSpec.validateName(name));
        if (all.isEmpty()) {
            return "no testbed '" + name + "': no network namespace " + name + "-ha, -contact, -serverN or -clientN"
                    + " (create one with: ds-testbed up --name " + name + ")";
        }
        StringBuilder out = new StringBuilder("testbed '" + name + "': " + all.size() + " namespaces\n");
        for (String ns : all) {
            out.append('\n').append(ns).append('\n');
            indent(out, Commands.check("ip", "-n", ns, "-br", "addr", "show"));
            if (ns.equals(name + "-ha")) {
                out.append("  IPv6 routes:\n");
                indent(out, Commands.check("ip", "-n", ns, "-6", "route", "show").lines()
                        .filter(l -> !l.startsWith("fe80:")).reduce("", (a, b) -> a + b + "\n"));
                out.append("  IPv4 routes:\n");
                indent(out, Commands.check("ip", "-n", ns, "-4", "route", "show"));
                String rules = Commands.check("ip", "-n", ns, "-4", "rule", "show").lines()
                        .filter(l -> l.startsWith(STEER_RULE_PREF + ":")).reduce("", (a, b) -> a + b + "\n");
                if (!rules.isEmpty()) {
                    out.append("  IPv4 steering (rule -> table):\n");
                    for (String rule : rules.lines().toList()) {
                        String table = rule.replaceFirst(".* lookup (\\S+).*", "$1");
                        out.append("    ").append(rule.strip()).append(" -> ")
                                .append(Commands.check("ip", "-n", ns, "-4", "route", "show", "table", table).strip())
                                .append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private static void indent(StringBuilder out, String text) {
        text.lines().filter(l -> !l.isBlank()).forEach(l -> out.append("    ").append(l.strip()).append('\n'));
    }

    @Override
    public String toString() {
        return "testbed " + spec;
    }
}
