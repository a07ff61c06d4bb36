package eu.xtreemos.ds.rtnl;

import eu.xtreemos.ds.tcp.ScratchNamespace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small HA set-up in scratch namespaces, built with {@code ip} (the code under test only changes
 * routes): a router with one veth per node ({@code n0}, {@code n1}, ...) and one to a clients
 * namespace holding clients A and B. Every node has the service address on {@code lo} and a listener
 * on it that answers each connection with the node's name, so a test sees with real TCP traffic
 * which node a client reaches. The router's default for the service prefix is node 0.
 *
 * <pre>
 *   clients (A, B) --cl/eth0-- router --n0/eth0-- node0   fd00:d5:ef:10::/64  10.239.10.0/24
 *    fd00:d5:ef:2::/64                 --n1/eth0-- node1   fd00:d5:ef:11::/64  10.239.11.0/24
 *    10.239.2.0/24                     --n2/eth0-- node2   ...
 *   service fd00:d5:ef:5::1, 10.239.5.1 on lo of every node; router: fd00:d5:ef:5::/64, 10.239.5.0/24 via node0
 * </pre>
 */
public final class Topology implements AutoCloseable {
    public static final String SVC6 = "fd00:d5:ef:5::1";
    public static final String SVC4 = "10.239.5.1";
    public static final String CLIENT_A6 = "fd00:d5:ef:2::a";
    public static final String CLIENT_B6 = "fd00:d5:ef:2::b";
    public static final String CLIENT_A4 = "10.239.2.10";
    public static final String CLIENT_B4 = "10.239.2.11";
    /**
     * The router's default for the service: its prefix, not the /128 itself. In Linux a
     * source-specific IPv6 route hides a plain route of the same prefix from every other source, so
     * the default must be less specific than the steering routes (as in the namespace testbed).
     */
    public static final String SVC_NET6 = "fd00:d5:ef:5::/64";
    public static final String SVC_NET4 = "10.239.5.0/24";
    public static final int PORT = 7707;

    public final ScratchNamespace router;
    public final ScratchNamespace clients;
    public final List<ScratchNamespace> nodes = new ArrayList<>();
    private final List<ServerSocket> listeners = new ArrayList<>();

    public Topology(String tag, int nodeCount) throws Exception {
        this(nodeCount, "dsrt" + tag);
    }

    /** A topology whose namespaces are named {@code <prefix>-r}, {@code -c}, {@code -n<i>} (and the process id). */
    public static Topology named(String prefix, int nodeCount) throws Exception {
        return new Topology(nodeCount, prefix);
    }

    private Topology(int nodeCount, String prefix) throws Exception {
        List<ScratchNamespace> made = new ArrayList<>();
        try {
            router = made(made, new ScratchNamespace(prefix + "-r"));
            clients = made(made, new ScratchNamespace(prefix + "-c"));
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(made(made, new ScratchNamespace(prefix + "-n" + i)));
            }
            for (ScratchNamespace s : made) {
                check(s, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                        "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0");
            }
            // rp_filter off: a steered client's replies reach the router from a node that is not the
            // main table's next hop for the service.
            check(router, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1", "net.ipv4.ip_forward=1");

            link(router, "cl", clients, "fd00:d5:ef:2::1/64", "10.239.2.1/24");
            for (String a : List.of(CLIENT_A6 + "/64", CLIENT_B6 + "/64", CLIENT_A4 + "/24", CLIENT_B4 + "/24")) {
                check(clients, "ip", "addr", "add", a, "dev", "eth0", "nodad");
            }
            check(clients, "ip", "-6", "route", "add", "default", "via", "fd00:d5:ef:2::1");
            check(clients, "ip", "-4", "route", "add", "default", "via", "10.239.2.1");
            for (int i = 0; i < nodeCount; i++) {
                ScratchNamespace n = nodes.get(i);
                link(router, "n" + i, n, nodeNet6(i) + "1/64", nodeNet4(i) + "1/24");
                check(n, "ip", "addr", "add", node6(i) + "/64", "dev", "eth0", "nodad");
                check(n, "ip", "addr", "add", node4(i) + "/24", "dev", "eth0");
                check(n, "ip", "addr", "add", SVC6 + "/128", "dev", "lo");
                check(n, "ip", "addr", "add", SVC4 + "/32", "dev", "lo");
                check(n, "ip", "-6", "route", "add", "default", "via", nodeNet6(i) + "1");
                check(n, "ip", "-4", "route", "add", "default", "via", nodeNet4(i) + "1");
                listen(n, "node" + i);
            }
            check(router, "ip", "-6", "route", "add", SVC_NET6, "via", node6(0), "dev", "n0");
            check(router, "ip", "-4", "route", "add", SVC_NET4, "via", node4(0), "dev", "n0");
        } catch (Exception e) {
            for (ServerSocket l : listeners) {
                l.close();
            }
            for (ScratchNamespace s : made) {
                s.close();
            }
            throw e;
        }
    }

    public static String nodeNet6(int i) {
        return "fd00:d5:ef:" + (10 + i) + "::";
    }

    public static String nodeNet4(int i) {
        return "10.239." + (10 + i) + ".";
    }

    /** Node i's own address on its link to the router. */
    public static String node6(int i) {
        return nodeNet6(i) + "2";
    }

    public static String node4(int i) {
        return nodeNet4(i) + "2";
    }

    public static InetAddress ip(String literal) {
        return IpPrefix.literal(literal);
    }

    /** The name of the node that accepts a TCP connection from {@code client} to {@code service}. */
    public String whoServes(String client, String service) throws Exception {
        return clients.ns.call(() -> {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(ip(client), 0));
                s.connect(new InetSocketAddress(ip(service), PORT), 3000);
                s.setSoTimeout(3000);
                return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            }
        });
    }

    /** A route table opened inside the router namespace (its socket stays there). */
    public RouteTable routerTable() throws Exception {
        return router.ns.call(RouteTable::open);
    }

    /** {@code ip <args>} in the router, its output. */
    public String ipShow(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", router.name));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private void listen(ScratchNamespace n, String name) throws Exception {
        ServerSocket l = n.ns.call(() -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("::"), PORT)); // dual-stack: both families
            return s;
        });
        listeners.add(l);
        Thread t = new Thread(() -> {
            while (!l.isClosed()) {
                try (Socket c = l.accept(); OutputStream out = c.getOutputStream()) {
                    out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end, or one client gone: keep serving until closed
                }
            }
        }, "listener-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void link(ScratchNamespace a, String aName, ScratchNamespace b, String a6, String a4) throws Exception {
        check(null, "ip", "-n", a.name, "link", "add", aName, "type", "veth", "peer", "name", "eth0", "netns", b.name);
        check(a, "ip", "link", "set", aName, "up");
        check(b, "ip", "link", "set", "eth0", "up");
        check(a, "ip", "addr", "add", a6, "dev", aName, "nodad");
        check(a, "ip", "addr", "add", a4, "dev", aName);
    }

    private static ScratchNamespace made(List<ScratchNamespace> made, ScratchNamespace s) {
        made.add(s);
        return s;
    }

    static void check(ScratchNamespace in, String... cmd) throws Exception {
        int rc = in == null ? ScratchNamespace.sh(cmd) : in.exec(cmd);
        if (rc != 0) {
            throw new IllegalStateException("exit " + rc + ": " + String.join(" ", cmd) + (in == null ? "" : " in " + in.name));
        }
    }

    @Override
    public void close() throws Exception {
        for (ServerSocket l : listeners) {
            l.close();
        }
        List<ScratchNamespace> all = new ArrayList<>(nodes);
        all.add(clients);
        all.add(router);
        Exception first = null;
        for (ScratchNamespace s : all) {
            try {
                s.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
