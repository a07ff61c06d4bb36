package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.tcp.ScratchNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three scratch namespaces: a client, node B and node C. B and C both own the service addresses (on lo);
 * the client reaches B over one veth pair (fd00:d5:ee::/64, 10.213.0.0/24) and C over another
 * (fd00:d5:ee:1::/64, 10.213.1.0/24); its route to the service address points at B until
 * {@link #switchTo(boolean)}. C routes the client's addresses back over its own link. Removed on close.
 */
final class Testbed implements AutoCloseable {
    static final String SVC6 = "fd00:d5:ee::100", SVC4 = "10.213.0.100";
    static final String CLIENT6 = "fd00:d5:ee::1", OTHER6 = "fd00:d5:ee::3";
    static final String CLIENT4 = "10.213.0.1", OTHER4 = "10.213.0.3";

    final ScratchNamespace client;
    final ScratchNamespace b;
    final ScratchNamespace c;

    private Testbed(ScratchNamespace client, ScratchNamespace b, ScratchNamespace c) {
        this.client = client;
        this.b = b;
        this.c = c;
    }

    static Testbed create() throws Exception {
        List<ScratchNamespace> made = new ArrayList<>();
        try {
            ScratchNamespace cl = add(made, new ScratchNamespace("dsqcl"));
            ScratchNamespace b = add(made, new ScratchNamespace("dsqb"));
            ScratchNamespace c = add(made, new ScratchNamespace("dsqc"));
            Testbed t = new Testbed(cl, b, c);
            for (ScratchNamespace n : made) { // link-local addresses usable at once
                t.must("ip", "netns", "exec", n.name, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
            }
            t.must("ip", "-n", cl.name, "link", "add", "c0", "type", "veth", "peer", "name", "b0", "netns", b.name);
            t.must("ip", "-n", cl.name, "link", "add", "c1", "type", "veth", "peer", "name", "k0", "netns", c.name);
            t.must("ip", "netns", "exec", cl.name, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0");
            t.must("ip", "netns", "exec", cl.name, "sysctl", "-qw", "net.ipv4.conf.default.rp_filter=0");
            addr(t, cl, "c0", CLIENT6 + "/64", OTHER6 + "/64", CLIENT4 + "/24", OTHER4 + "/24");
            addr(t, cl, "c1", "fd00:d5:ee:1::1/64", "10.213.1.1/24");
            addr(t, b, "b0", "fd00:d5:ee::2/64", "10.213.0.2/24");
            addr(t, c, "k0", "fd00:d5:ee:1::2/64", "10.213.1.2/24");
            for (ScratchNamespace n : List.of(b, c)) {
                t.must("ip", "-n", n.name, "addr", "add", SVC6 + "/128", "dev", "lo", "nodad");
                t.must("ip", "-n", n.name, "addr", "add", SVC4 + "/32", "dev", "lo");
            }
            String[][] links = {{cl.name, "c0"}, {cl.name, "c1"}, {b.name, "b0"}, {c.name, "k0"}};
            for (String[] l : links) {
                t.must("ip", "-n", l[0], "link", "set", l[1], "up");
            }
            for (String[] l : links) {
                waitReady(l[0], l[1]);
            }
            t.must("ip", "-n", c.name, "-6", "route", "add", "fd00:d5:ee::/64", "via", "fd00:d5:ee:1::1");
            t.must("ip", "-n", c.name, "route", "add", "10.213.0.0/24", "via", "10.213.1.1");
            t.switchTo(false);
            return t;
        } catch (Exception e) {
            for (ScratchNamespace n : made) {
                n.close();
            }
            throw e;
        }
    }

    /**
     * Waits until IPv6 is configured on a link that was just set up. A veth's carrier change reaches
     * addrconf through linkwatch, which delays it by up to a second; until then the link has no multicast
     * route, neighbour solicitations to it are dropped (Ip6InNoRoutes) and the first connection stalls for
     * a SYN retransmission (≈ 1 s). The link-local address appears when addrconf has run.
     */
    private static void waitReady(String ns, String dev) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            List<String> out = new ArrayList<>();
            run(out, "ip", "-n", ns, "-6", "-o", "addr", "show", "dev", dev, "scope", "link");
            if (!out.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("link " + dev + " in " + ns + " did not come up");
            }
            Thread.sleep(10);
        }
    }

    private static ScratchNamespace add(List<ScratchNamespace> made, ScratchNamespace n) {
        made.add(n);
        return n;
    }

    private static void addr(Testbed t, ScratchNamespace n, String dev, String... addrs) throws Exception {
        for (String a : addrs) {
            if (a.contains(":")) {
                t.must("ip", "-n", n.name, "addr", "add", a, "dev", dev, "nodad");
            } else {
                t.must("ip", "-n", n.name, "addr", "add", a, "dev", dev);
            }
        }
    }

    /** Points the client's routes to the service addresses at C (true) or B (false). */
    void switchTo(boolean toC) throws Exception {
        must("ip", "-n", client.name, "-6", "route", "replace", SVC6 + "/128", "via",
                toC ? "fd00:d5:ee:1::2" : "fd00:d5:ee::2");
        must("ip", "-n", client.name, "route", "replace", SVC4 + "/32", "via", toC ? "10.213.1.2" : "10.213.0.2");
    }

    void must(String... cmd) throws Exception {
        List<String> out = new ArrayList<>();
        int rc = run(out, cmd);
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " -> " + rc + ": " + out);
        }
    }

    /** Runs a command, collects its output lines, returns its exit code. */
    static int run(List<String> out, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        out.addAll(text.lines().toList());
        return p.exitValue();
    }

    /** A TCP counter of /proc/net/snmp in a namespace (e.g. "OutRsts", "EstabResets"). */
    static long tcpCounter(ScratchNamespace n, String name) throws Exception {
        List<String> lines = n.ns.call(() -> Files.readAllLines(Path.of("/proc/thread-self/net/snmp")));
        List<String> tcp = lines.stream().filter(l -> l.startsWith("Tcp:")).toList();
        String[] names = tcp.get(0).split("\\s+");
        String[] values = tcp.get(1).split("\\s+");
        for (int i = 1; i < names.length; i++) {
            if (names[i].equals(name)) {
                return Long.parseLong(values[i]);
            }
        }
        throw new IllegalArgumentException("no TCP counter " + name);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (ScratchNamespace n : List.of(client, b, c)) {
            try {
                n.close(); // deleting a namespace deletes its veth ends, its rules and its lists
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
