package eu.xtreemos.ds.rtnl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.StandardProtocolFamily;
import java.util.List;

import static eu.xtreemos.ds.rtnl.Topology.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Per-client steering at the router of a scratch {@link Topology}, checked with real TCP connections:
 * a steered client reaches the chosen node while the other client still reaches node 0.
 */
class SteeringTest {
    static Topology net;
    static RouteTable routes;

    @BeforeAll
    static void build() throws Exception {
        net = new Topology("st", 3);
        routes = net.routerTable();
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

    /** Whatever a test left: both clients back to the default, with ip, not the code under test. */
    @AfterEach
    void unsteerAll() throws Exception {
        for (String c : List.of(CLIENT_A6, CLIENT_B6)) {
            net.ipShow("-6", "route", "del", SVC6 + "/128", "from", c + "/128");
        }
        net.ipShow("-6", "route", "del", SVC6 + "/128"); // a plain /128 some tests add
        for (String c : List.of(CLIENT_A4, CLIENT_B4)) {
            String table = Integer.toUnsignedString(ClientSteering.tableFor(ip(c)));
            net.ipShow("-4", "rule", "del", "table", table);
            net.ipShow("-4", "route", "flush", "table", table);
        }
        net.ipShow("-6", "route", "replace", SVC_NET6, "via", node6(0), "dev", "n0");
        net.ipShow("-4", "route", "replace", SVC_NET4, "via", node4(0), "dev", "n0");
    }

    /**
     * A kernel fact the steering design rests on: once any source-specific route exists for a prefix,
     * a plain route of the <em>same</em> prefix no longer serves other sources (the lookup leaves the
     * node when the source subtree has no match, and backtracks to shorter prefixes). So the default
     * for the service must be a shorter prefix than the per-client routes, or other clients lose it.
     */
    @Test
    void aSourceSpecificRouteHidesAPlainRouteOfTheSamePrefix() throws Exception {
        IpPrefix svc = IpPrefix.parse(SVC6);
        routes.replaceRoute(svc, null, ip(node6(2)), "n2"); // a plain /128, more specific than the /64 default
        assertEquals("node2", net.whoServes(CLIENT_B6, SVC6));
        routes.replaceRoute(svc, IpPrefix.parse(CLIENT_A6), ip(node6(1)), "n1");
        assertEquals("node1", net.whoServes(CLIENT_A6, SVC6));
        assertEquals("node0", net.whoServes(CLIENT_B6, SVC6),
                "B skips the plain /128 and falls back to the /64 (if this fails, the kernel changed)");
        routes.replaceRoute(IpPrefix.parse(SVC_NET6), null, ip(node6(0)), "n0");
        assertTrue(routes.delete(Route.to(IpPrefix.parse(SVC_NET6)), false));
        Exception e = assertThrows(Exception.class, () -> net.whoServes(CLIENT_B6, SVC6), "without the /64, B has no route at all");
        assertTrue(e.getMessage().contains("unreachable"), e.toString());
        assertEquals("node1", net.whoServes(CLIENT_A6, SVC6));
    }

    /**
     * The kernel's IPv6 delete ignores the source when no route to that destination has one: it
     * deletes the plain route instead ({@code ip -6 route del <svc>/128 from <client>} does). The API
     * must not.
     */
    @Test
    void deletingAMissingSourceSpecificRouteNeverDeletesThePlainRoute() throws Exception {
        IpPrefix svc = IpPrefix.parse(SVC6), clientA = IpPrefix.parse(CLIENT_A6);
        routes.replaceRoute(svc, null, ip(node6(2)), "n2");
        assertFalse(routes.deleteRoute(svc, clientA, true));
        NetlinkException e = assertThrows(NetlinkException.class, () -> routes.deleteRoute(svc, clientA, false));
        assertEquals(3, e.errno());
        assertTrue(e.getMessage().startsWith("RTM_DELROUTE " + SVC6 + "/128 from " + CLIENT_A6 + "/128: No such process (ESRCH)"), e.getMessage());
        assertFalse(new ClientSteering(routes).unsteer(ip(CLIENT_A6), ip(SVC6)));
        assertFalse(routes.deleteRoute(svc, IpPrefix.parse("fd00:d5:ef:2::/64"), true), "a non-host source: checked by a dump");
        assertEquals(1, plainRoutesTo(svc), "the plain route survived");
        assertEquals("node2", net.whoServes(CLIENT_A6, SVC6));

        assertEquals(0, net.router.exec("ip", "-6", "route", "del", SVC6 + "/128", "from", CLIENT_A6 + "/128"), "what ip does");
        assertEquals(0, plainRoutesTo(svc), "ip deleted the plain route");
    }

    long plainRoutesTo(IpPrefix dst) {
        return routes.listRoutes(StandardProtocolFamily.INET6).stream()
                .filter(r -> r.dst().equals(dst) && r.src() == null && r.table() == Route.MAIN_TABLE).count();
    }

    @Test
    void sourceSpecificIpv6RouteSteersOneClient() throws Exception {
        assertEquals("node0", net.whoServes(CLIENT_A6, SVC6));
        assertEquals("node0", net.whoServes(CLIENT_B6, SVC6));

        IpPrefix svc = IpPrefix.parse(SVC6 + "/128"), clientA = IpPrefix.parse(CLIENT_A6 + "/128");
        routes.replaceRoute(svc, clientA, ip(node6(1)), "n1");
        assertEquals("node1", net.whoServes(CLIENT_A6, SVC6));
        assertEquals("node0", net.whoServes(CLIENT_B6, SVC6), "the other client keeps the default");
        Route r = only(routes.listRoutes(StandardProtocolFamily.INET6), svc, clientA);
        assertEquals(ip(node6(1)), r.gateway());
        assertEquals(routes.linkIndex("n1"), r.oif());
        assertEquals(Route.MAIN_TABLE, r.table());
        assertTrue(net.ipShow("-6", "route", "show").contains(SVC6 + " from " + CLIENT_A6 + " via " + node6(1) + " dev n1"),
                net.ipShow("-6", "route", "show"));

        routes.replaceRoute(svc, clientA, ip(node6(2)), routes.linkIndex("n2")); // re-steer: replaced, not added
        assertEquals("node2", net.whoServes(CLIENT_A6, SVC6));
        assertEquals("node0", net.whoServes(CLIENT_B6, SVC6));
        assertEquals(ip(node6(2)), only(routes.listRoutes(StandardProtocolFamily.INET6), svc, clientA).gateway());

        assertTrue(routes.deleteRoute(svc, clientA, false));
        assertEquals("node0", net.whoServes(CLIENT_A6, SVC6));
        assertTrue(routes.listRoutes(StandardProtocolFamily.INET6).stream().noneMatch(x -> clientA.equals(x.src())));
        assertFalse(routes.deleteRoute(svc, clientA, true), "already gone: not an error with ifExists");
        NetlinkException e = assertThrows(NetlinkException.class, () -> routes.deleteRoute(svc, clientA, false));
        assertEquals(3, e.errno(), e.getMessage()); // ESRCH
        assertTrue(e.getMessage().startsWith("RTM_DELROUTE " + SVC6 + "/128 from " + CLIENT_A6 + "/128: No such process (ESRCH)"), e.getMessage());
    }

    @Test
    void ipv4RuleAndTablePerClient() throws Exception {
        ClientSteering steering = new ClientSteering(routes);
        assertEquals("node0", net.whoServes(CLIENT_A4, SVC4));

        steering.steer(ip(CLIENT_A4), ip(SVC4), ip(node4(1)), "n1");
        assertEquals("node1", net.whoServes(CLIENT_A4, SVC4));
        assertEquals("node0", net.whoServes(CLIENT_B4, SVC4), "the other client keeps the default");
        int table = ClientSteering.tableFor(ip(CLIENT_A4));
        assertEquals(0x0AEF020A, table);
        Rule rule = Rule.lookup(IpPrefix.parse(CLIENT_A4 + "/32"), IpPrefix.parse(SVC4 + "/32"), table, ClientSteering.DEFAULT_RULE_PRIORITY);
        assertEquals(1, routes.listRules(StandardProtocolFamily.INET).stream().filter(rule::equals).count());
        assertTrue(net.ipShow("-4", "rule", "show").contains("1000:\tfrom " + CLIENT_A4 + " to " + SVC4 + " lookup " + table),
                net.ipShow("-4", "rule", "show"));
        assertTrue(net.ipShow("-4", "route", "show", "table", "" + table).contains(SVC4 + " via " + node4(1) + " dev n1"));

        steering.steer(ip(CLIENT_A4), ip(SVC4), ip(node4(2)), "n2"); // re-steer: the route changes, the rule stays single
        assertEquals("node2", net.whoServes(CLIENT_A4, SVC4));
        assertEquals("node0", net.whoServes(CLIENT_B4, SVC4));
        assertEquals(1, routes.listRules(StandardProtocolFamily.INET).stream().filter(rule::equals).count());
        List<Route> inTable = routes.listRoutes(StandardProtocolFamily.INET).stream().filter(r -> r.table() == table).toList();
        assertEquals(1, inTable.size(), inTable.toString());
        assertEquals(ip(node4(2)), inTable.get(0).gateway());

        steering.steer(ip(CLIENT_B4), ip(SVC4), ip(node4(1)), "n1");
        assertEquals("node2", net.whoServes(CLIENT_A4, SVC4));
        assertEquals("node1", net.whoServes(CLIENT_B4, SVC4));

        assertTrue(steering.unsteer(ip(CLIENT_A4), ip(SVC4)));
        assertEquals("node0", net.whoServes(CLIENT_A4, SVC4));
        assertEquals("node1", net.whoServes(CLIENT_B4, SVC4));
        assertFalse(steering.unsteer(ip(CLIENT_A4), ip(SVC4)), "not steered: nothing to do, no error");
        assertTrue(routes.listRoutes(StandardProtocolFamily.INET).stream().noneMatch(r -> r.table() == table));
        assertTrue(routes.listRules(StandardProtocolFamily.INET).stream().noneMatch(r -> r.table() == table));
    }

    @Test
    void ipv6SteeringThroughClientSteering() throws Exception {
        ClientSteering steering = new ClientSteering(routes);
        steering.steer(ip(CLIENT_B6), ip(SVC6), ip(node6(2)), "n2");
        assertEquals("node2", net.whoServes(CLIENT_B6, SVC6));
        assertEquals("node0", net.whoServes(CLIENT_A6, SVC6));
        assertTrue(steering.unsteer(ip(CLIENT_B6), ip(SVC6)));
        assertEquals("node0", net.whoServes(CLIENT_B6, SVC6));
        assertThrows(IllegalArgumentException.class, () -> steering.steer(ip(CLIENT_B6), ip(SVC4), ip(node6(2)), 0));
    }

    static Route only(List<Route> all, IpPrefix dst, IpPrefix src) {
        List<Route> m = all.stream().filter(r -> r.dst().equals(dst) && src.equals(r.src())).toList();
        assertEquals(1, m.size(), "routes " + dst + " from " + src + ": " + all);
        return m.get(0);
    }
}
