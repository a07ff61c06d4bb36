package eu.xtreemos.ds.rtnl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static eu.xtreemos.ds.rtnl.Topology.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * SRv6 routes at the router of a scratch {@link Topology}: what {@code ip -6 route} shows, what the
 * dump gives back, and real traffic. With {@code encap seg6 mode inline segs [node2]} the router
 * inserts a segment routing header and sends the client's packet to node 2's own address; node 2
 * (seg6_enabled on all and eth0) moves on to the last segment, the service address on its lo, and
 * its listener answers. An ip6tables counter on node 2 proves the packets carried a type 4 routing
 * header.
 */
@eu.xtreemos.ds.probe.RequiresKernel(eu.xtreemos.ds.probe.Capability.SRV6)
class Seg6RouteTest {
    static Topology net;
    static RouteTable routes;

    @BeforeAll
    static void build() throws Exception {
        net = new Topology("sr", 3);
        routes = net.routerTable();
        for (int i = 1; i <= 2; i++) {
            check(net.nodes.get(i), "sysctl", "-qw", "net.ipv6.conf.all.seg6_enabled=1", "net.ipv6.conf.eth0.seg6_enabled=1");
        }
        check(net.nodes.get(2), "ip6tables", "-A", "INPUT", "-m", "rt", "--rt-type", "4", "-j", "ACCEPT");
    }

    @AfterAll
    static void teardown() throws Exception {
        if (routes != null) {
            routes.close();
        }
        if (net != null) {
            net.close();
        }
    }

    static Inet6Address ip6(String s) {
        return (Inet6Address) ip(s);
    }

    @Test
    void inlineRouteShowsInIpAndCarriesTraffic() throws Exception {
        IpPrefix svc = IpPrefix.parse(SVC6);
        assertEquals("node0", net.whoServes(CLIENT_A6, SVC6));

        routes.replaceSeg6Route(svc, List.of(ip6(node6(2))), Seg6Encap.Mode.INLINE, "n2");
        String shown = net.ipShow("-6", "route", "show", SVC6 + "/128");
        assertTrue(shown.contains(SVC6 + "  encap seg6 mode inline segs 2 [ " + node6(2) + " :: ] dev n2"), shown);
        Route listed = routes.listRoutes(StandardProtocolFamily.INET6).stream().filter(r -> r.dst().equals(svc)).findFirst().orElseThrow();
        assertEquals(new Seg6Encap(Seg6Encap.Mode.INLINE, List.of(ip6(node6(2)))), listed.seg6());
        assertEquals(routes.linkIndex("n2"), listed.oif());

        long before = srhPacketsSeenByNode2();
        assertEquals("node2", net.whoServes(CLIENT_A6, SVC6));
        assertEquals("node2", net.whoServes(CLIENT_B6, SVC6));
        assertTrue(srhPacketsSeenByNode2() >= before + 4, "node 2 received the client's packets with a segment routing header");

        routes.replaceSeg6Route(svc, List.of(ip6(node6(1))), Seg6Encap.Mode.INLINE, "n1"); // switch, in place
        assertEquals("node1", net.whoServes(CLIENT_A6, SVC6));
        assertEquals(1, routes.listRoutes(StandardProtocolFamily.INET6).stream().filter(r -> r.dst().equals(svc)).count());

        assertTrue(routes.deleteRoute(svc, null, false));
        assertEquals("node0", net.whoServes(CLIENT_A6, SVC6));
    }

    @Test
    void encapModeWithSeveralSegmentsShowsInOrder() throws Exception {
        IpPrefix dst = IpPrefix.parse("fd00:d5:ef:7::/64");
        List<Inet6Address> segs = List.of(ip6(node6(1)), ip6("fd00:d5:ef:7::1"), ip6("fd00:d5:ef:7::2"));
        routes.replaceSeg6Route(dst, segs, Seg6Encap.Mode.ENCAP, "n1");
        try {
            String shown = net.ipShow("-6", "route", "show", "fd00:d5:ef:7::/64");
            assertTrue(shown.contains("fd00:d5:ef:7::/64  encap seg6 mode encap segs 3 [ " + node6(1) + " fd00:d5:ef:7::1 fd00:d5:ef:7::2 ] dev n1"), shown);
            Route listed = routes.listRoutes(StandardProtocolFamily.INET6).stream().filter(r -> r.dst().equals(dst)).findFirst().orElseThrow();
            assertEquals(new Seg6Encap(Seg6Encap.Mode.ENCAP, segs), listed.seg6());
        } finally {
            routes.deleteRoute(dst, null, true);
        }
    }

    /** Packets counted by node 2's "-m rt --rt-type 4" rule. */
    static long srhPacketsSeenByNode2() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", net.nodes.get(2).name, "ip6tables", "-L", "INPUT", "-v", "-x", "-n")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\s+\\d+\\s+ACCEPT.*rt type:4").matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1));
    }
}
