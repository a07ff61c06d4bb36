package eu.xtreemos.ds.rtnl;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Kernel answers other than success, rules, interface lookup and concurrent use, in one scratch
 * namespace with a veth pair ({@code d0} with fd00:d5:ef:1::1/64 and 10.239.1.1/24).
 */
class RouteTableTest {
    static ScratchNamespace scratch;
    static RouteTable routes;

    @BeforeAll
    static void namespace() throws Exception {
        scratch = new ScratchNamespace("dsrtnl");
        Topology.check(scratch, "ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
        Topology.check(scratch, "ip", "link", "set", "d0", "up");
        Topology.check(scratch, "ip", "link", "set", "d0p", "up");
        Topology.check(scratch, "ip", "addr", "add", "fd00:d5:ef:1::1/64", "dev", "d0", "nodad");
        Topology.check(scratch, "ip", "addr", "add", "10.239.1.1/24", "dev", "d0");
        routes = scratch.ns.call(RouteTable::open);
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (routes != null) {
            routes.close();
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    static InetAddress ip(String s) {
        return IpPrefix.literal(s);
    }

    String ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", scratch.name));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    @Test
    void anUnreachableGatewayNamesTheOperationAndTheErrno() {
        IpPrefix svc = IpPrefix.parse("fd00:d5:ef:5::1/128"), client = IpPrefix.parse("fd00:d5:ef:2::a/128");
        NetlinkException v6 = assertThrows(NetlinkException.class, () -> routes.replaceRoute(svc, client, ip("fd00:d5:ef:99::1"), 0));
        assertEquals(113, v6.errno()); // EHOSTUNREACH: IPv6 finds no route to the gateway
        assertEquals("RTM_NEWROUTE fd00:d5:ef:5::1/128 from fd00:d5:ef:2::a/128 via fd00:d5:ef:99::1", v6.operation());
        assertTrue(v6.getMessage().startsWith(v6.operation() + ": No route to host (EHOSTUNREACH)"), v6.getMessage());

        NetlinkException v4 = assertThrows(NetlinkException.class,
                () -> routes.replace(Route.to(IpPrefix.parse("10.239.5.1/32")).via(ip("10.239.99.1")).inTable(1000)));
        assertEquals(101, v4.errno()); // ENETUNREACH, with the kernel's extended ack text
        assertEquals("RTM_NEWROUTE 10.239.5.1/32 via 10.239.99.1 table 1000: Network is unreachable (ENETUNREACH)"
                + " - Nexthop has invalid gateway", v4.getMessage());

        NetlinkException onLink = assertThrows(NetlinkException.class, // a gateway on no link of the named interface
                () -> routes.replaceRoute(svc, null, ip("fd00:d5:ef:77::1"), "d0"));
        assertTrue(onLink.getMessage().startsWith("RTM_NEWROUTE fd00:d5:ef:5::1/128 via fd00:d5:ef:77::1 dev d0: "), onLink.getMessage());
        assertTrue(onLink.errno() > 0);
    }

    @Test
    void interfacesByName() throws Exception {
        String line = ip("-o", "link", "show", "d0");
        assertEquals(Integer.parseInt(line.substring(0, line.indexOf(':'))), routes.linkIndex("d0"));
        assertEquals(1, routes.linkIndex("lo"));
        NetlinkException e = assertThrows(NetlinkException.class, () -> routes.linkIndex("nosuch0"));
        assertEquals("RTM_GETLINK nosuch0: No such device (ENODEV)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> routes.linkIndex("a-name-far-too-long"));
    }

    @Test
    void routesInOtherTablesWithMetrics() throws Exception {
        Route r = Route.to(IpPrefix.parse("10.239.5.0/24")).via(ip("10.239.1.7")).dev(routes.linkIndex("d0")).inTable(0xF0000001).withMetric(7);
        routes.replace(r);
        assertTrue(ip("-4", "route", "show", "table", Integer.toUnsignedString(0xF0000001)).contains("10.239.5.0/24 via 10.239.1.7 dev d0 proto static metric 7"));
        assertTrue(routes.listRoutes(StandardProtocolFamily.INET).contains(r), routes.listRoutes(StandardProtocolFamily.INET).toString());
        routes.replace(r.via(ip("10.239.1.8")));
        assertEquals(1, routes.listRoutes(StandardProtocolFamily.INET).stream().filter(x -> x.table() == 0xF0000001).count(), "replaced, not added");
        NetlinkException e = assertThrows(NetlinkException.class, () -> routes.delete(r, false), "a delete naming the old gateway matches nothing");
        assertEquals(3, e.errno());
        assertTrue(e.getMessage().startsWith("RTM_DELROUTE 10.239.5.0/24 via 10.239.1.7 oif " + r.oif() + " table 4026531841 metric 7: No such process (ESRCH)"),
                e.getMessage());
        assertFalse(routes.delete(r, true));
        assertTrue(routes.delete(Route.to(r.dst()).inTable(r.table()), false), "destination and table are enough");
        assertEquals(0, routes.listRoutes(StandardProtocolFamily.INET).stream().filter(x -> x.table() == 0xF0000001).count());
    }

    @Test
    void rulesAddOnceAndDeleteOnce() throws Exception {
        Rule rule = Rule.lookup(IpPrefix.parse("10.239.2.10/32"), IpPrefix.parse("10.239.5.1/32"), 0x0AEF020A, 1000);
        assertTrue(routes.addRule(rule, false));
        assertTrue(ip("-4", "rule", "show").contains("1000:\tfrom 10.239.2.10 to 10.239.5.1 lookup 183435786 proto static"),
                ip("-4", "rule", "show"));
        assertFalse(routes.addRule(rule, true), "already there");
        NetlinkException exists = assertThrows(NetlinkException.class, () -> routes.addRule(rule, false));
        assertEquals(17, exists.errno());
        assertTrue(exists.getMessage().startsWith("RTM_NEWRULE pref 1000 from 10.239.2.10/32 to 10.239.5.1/32 lookup 183435786: File exists (EEXIST)"),
                exists.getMessage());
        assertEquals(1, routes.listRules(StandardProtocolFamily.INET).stream().filter(rule::equals).count());
        assertTrue(routes.listRules(StandardProtocolFamily.INET).stream().anyMatch(r -> r.priority() == 32766 && r.table() == Route.MAIN_TABLE),
                "the main table's rule is listed too");

        Rule v6 = Rule.lookup(IpPrefix.parse("fd00:d5:ef:2::/64"), IpPrefix.parse("fd00:d5:ef:5::1/128"), 300, 900);
        assertTrue(routes.addRule(v6, false));
        assertTrue(routes.listRules(StandardProtocolFamily.INET6).contains(v6));
        assertTrue(routes.deleteRule(v6, false));

        Rule marked = Rule.markedLookup(StandardProtocolFamily.INET6, 0xd5, Route.MAIN_TABLE, 899);
        assertTrue(routes.addRule(marked, false));
        assertTrue(routes.listRules(StandardProtocolFamily.INET6).contains(marked), "the mark survives the round trip");
        assertTrue(ip("-6", "rule", "show").contains("899:\tfrom all fwmark 0xd5 lookup main"), ip("-6", "rule", "show"));
        assertTrue(routes.deleteRule(marked, false));
        assertFalse(routes.listRules(StandardProtocolFamily.INET6).contains(marked));

        assertTrue(routes.deleteRule(rule, false));
        assertFalse(routes.deleteRule(rule, true));
        NetlinkException missing = assertThrows(NetlinkException.class, () -> routes.deleteRule(rule, false));
        assertEquals(2, missing.errno()); // ENOENT
        assertTrue(routes.listRules(StandardProtocolFamily.INET).stream().noneMatch(rule::equals));
    }

    /** Many threads on one table: each request gets its own answer; the socket stays in its namespace. */
    @Test
    void concurrentRequestsFromThreadsOutsideTheNamespace() throws Exception {
        int threads = 8, switches = 250;
        int d0 = routes.linkIndex("d0");
        IpPrefix svc = IpPrefix.parse("fd00:d5:ef:6::1/128");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    IpPrefix client = IpPrefix.parse("fd00:d5:ef:2::" + Integer.toHexString(0x100 + id) + "/128");
                    for (int i = 0; i < switches; i++) {
                        routes.replaceRoute(svc, client, ip("fd00:d5:ef:1::" + (2 + i % 2)), d0);
                        if (i % 50 == 0) {
                            assertEquals(d0, routes.linkIndex("d0"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<Route> mine = routes.listRoutes(StandardProtocolFamily.INET6).stream().filter(r -> r.dst().equals(svc)).toList();
        assertEquals(threads, mine.size(), mine.toString());
        assertTrue(mine.stream().allMatch(r -> r.gateway().equals(ip("fd00:d5:ef:1::3")) && r.oif() == d0), mine.toString());
        assertEquals(threads, ip("-6", "route", "show").lines().filter(l -> l.startsWith("fd00:d5:ef:6::1 from ")).count());
        for (Route r : mine) {
            assertTrue(routes.delete(r, false));
        }
    }

    /**
     * The kernel silently drops a request whose length field exceeds the datagram: no answer ever
     * comes. The request times out with a clear message and the socket stays usable.
     */
    @Test
    void aRequestWithoutAnswerTimesOutAndTheSocketRecovers() throws Exception {
        try (NetlinkSocket s = scratch.ns.call(() -> NetlinkSocket.open(0, Duration.ofMillis(200)))) {
            byte[] lying = RtnlCodec.getLink("lo").build();
            ByteBuffer.wrap(lying).order(ByteOrder.nativeOrder()).putInt(0, lying.length + 64);
            long t0 = System.nanoTime();
            NetlinkException e = assertThrows(NetlinkException.class, () -> s.exchange("RTM_GETLINK lo (cut)", lying));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("RTM_GETLINK lo (cut): no answer from the kernel within 200 ms", e.getMessage());
            assertTrue(ms >= 150 && ms < 2000, ms + " ms");
            List<NetlinkMessage> ok = s.request("RTM_GETLINK lo", RtnlCodec.getLink("lo"));
            assertEquals(1, RtnlCodec.parseLinkIndex(ok.get(0)));
        }
    }

    @Test
    void ipv4SourceSpecificRoutesAreRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> routes.replaceRoute(IpPrefix.parse("10.239.5.1/32"), IpPrefix.parse("10.239.2.10/32"), ip("10.239.1.2"), 0));
        assertTrue(e.getMessage().contains("use a rule and a table"), e.getMessage());
    }

    @Test
    void aClosedTableRefusesRequests() throws Exception {
        RouteTable t = scratch.ns.call(RouteTable::open);
        t.close();
        t.close();
        assertThrows(IllegalStateException.class, () -> t.linkIndex("lo"));
    }
}
