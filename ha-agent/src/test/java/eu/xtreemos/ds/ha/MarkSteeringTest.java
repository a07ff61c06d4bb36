package eu.xtreemos.ds.ha;

import eu.xtreemos.ds.rtnl.ClientSteering;
import eu.xtreemos.ds.rtnl.RouteTable;
import eu.xtreemos.ds.rtnl.Topology;
import eu.xtreemos.ds.testing.Background;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static eu.xtreemos.ds.rtnl.Topology.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The HA's steering by packet mark at the router of a scratch {@link Topology}, with real traffic: a steered
 * client reaches its node, the others the contact node (node 0), in both families; a restarted agent finds
 * the steering in force; and steering thousands of other clients never sends one packet of a steered client
 * to the contact node (which, in a handoff, would answer it with a reset), while one source-specific route per
 * client, under the same load, does.
 */
class MarkSteeringTest {
    static Topology net;
    static MarkSteering steering;

    @BeforeAll
    static void build() throws Exception {
        net = Topology.named("rmsteer", 3);
        steering = new MarkSteering(net.router.ns, null);
        steering.setDefault(ip(SVC6), 64, ip(node6(0)));
        steering.setDefault(ip(SVC4), 24, ip(node4(0)));
    }

    @AfterAll
    static void teardown() throws Exception {
        if (steering != null) {
            steering.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void aSteeredClientReachesItsNodeAndTheOthersTheContactInBothFamilies() throws Exception {
        steering.steer(ip(SVC6), ip(CLIENT_A6), ip(node6(1)));
        steering.steer(ip(SVC4), ip(CLIENT_A4), ip(node4(1)));
        assertEquals("node1", net.whoServes(CLIENT_A6, SVC6));
        assertEquals("node1", net.whoServes(CLIENT_A4, SVC4));
        assertEquals("node0", net.whoServes(CLIENT_B6, SVC6), "an unsteered client goes to the contact node");
        assertEquals("node0", net.whoServes(CLIENT_B4, SVC4));

        steering.steer(ip(SVC6), ip(CLIENT_A6), ip(node6(2))); // re-steered: one set member changed
        steering.steer(ip(SVC4), ip(CLIENT_A4), ip(node4(2)));
        steering.steer(ip(SVC6), ip(CLIENT_B6), ip(node6(0))); // pinned to the contact, as on a contact change
        assertEquals("node2", net.whoServes(CLIENT_A6, SVC6));
        assertEquals("node2", net.whoServes(CLIENT_A4, SVC4));
        assertEquals("node0", net.whoServes(CLIENT_B6, SVC6));
        Map<InetAddress, InetAddress> steered6 = steering.steered(ip(SVC6)), steered4 = steering.steered(ip(SVC4));
        assertEquals(ip(node6(2)), steered6.get(ip(CLIENT_A6)));
        assertEquals(ip(node6(0)), steered6.get(ip(CLIENT_B6)));
        assertEquals(ip(node4(2)), steered4.get(ip(CLIENT_A4)));
        assertNull(steered4.get(ip(CLIENT_B4)));

        try (MarkSteering restarted = new MarkSteering(net.router.ns, null)) {
            assertTrue(steered6.equals(restarted.steered(ip(SVC6))), "a restarted agent reads the steering in force");
            assertTrue(steered4.equals(restarted.steered(ip(SVC4))));
            restarted.steer(ip(SVC6), ip(CLIENT_A6), ip(node6(1))); // and reuses the nodes' marks
            assertEquals("node1", net.whoServes(CLIENT_A6, SVC6));
        }
        String rules = net.ipShow("-6", "rule");
        assertEquals(3, rules.lines().filter(l -> l.contains("fwmark")).count(), "one rule per node, not per client: " + rules);
    }

    @Test
    void aForgottenNodeLosesItsRuleAndTableAndItsClientsGoToTheContact() throws Exception {
        steering.steer(ip(SVC6), ip(CLIENT_A6), ip(node6(2)));
        assertEquals("node2", net.whoServes(CLIENT_A6, SVC6));
        long rules = net.ipShow("-6", "rule").lines().filter(l -> l.contains("fwmark")).count();
        steering.unsteer(ip(SVC6), ip(CLIENT_A6));
        steering.forgetNode(ip(node6(2)));
        steering.forgetNode(ip(node6(2))); // a second time: nothing left to remove
        assertEquals("node0", net.whoServes(CLIENT_A6, SVC6), "unmarked, the client follows the contact route");
        String after = net.ipShow("-6", "rule");
        assertEquals(rules - 1, after.lines().filter(l -> l.contains("fwmark")).count(), "node2's rule is gone: " + after);
        assertNull(steering.steered(ip(SVC6)).get(ip(CLIENT_A6)));
        steering.steer(ip(SVC6), ip(CLIENT_A6), ip(node6(2))); // a node added again gets a mark again
        assertEquals("node2", net.whoServes(CLIENT_A6, SVC6));
        assertEquals(rules, net.ipShow("-6", "rule").lines().filter(l -> l.contains("fwmark")).count());
    }

    /** Steers one client of the service to a node; the two ways under comparison. */
    @FunctionalInterface
    interface Steerer {
        void steer(InetAddress client, InetAddress node) throws Exception;
    }

    /** What the contact node (0) and A's node (1) received of A's datagrams while other clients were steered. */
    record Counts(long sent, long atContact, long atNode1, long steers) {
        @Override
        public String toString() {
            return atContact + " of " + sent + " datagrams of the steered client at the contact node, " + atNode1
                    + " at its node, during " + steers + " steers of other clients";
        }
    }

    /**
     * Other clients steered in one run, each new to the steering, as in a redistribution (and half of them steered
     * again, to the other node). Enough for the control to be sure: a misroute needs a lookup of A at the moment
     * a route is inserted, and the count grows with the insertions.
     */
    static final int OTHERS = 15_000;

    /**
     * Client A, steered to node 1, streams datagrams to the service while {@link #OTHERS} other clients are
     * steered, each for the first time, alternately to nodes 1 and 2, and half of them once more, to the other
     * node. The same load twice: once steered by mark
     * ({@link MarkSteering}), once by one source-specific route per client ({@link ClientSteering}, what the
     * HA did before). Not one of A's datagrams may reach the contact node with marks: in a handoff it would
     * meet a node without A's connection, which answers with a reset. With routes some do: inserting a route
     * into the kernel's IPv6 routing tree publishes a new node before its children, and a lookup passing
     * there meanwhile falls back to the service prefix (docs/route-switching.md, kernel behaviour 3). That
     * control shows the load is one under which the failure this test guards against happens.
     */
    @Test
    void steeringThousandsOfOtherClientsNeverMisroutesASteeredOneWhileRoutesDo() throws Exception {
        Counts marked = steerOthersWhileAStreams(net, (client, node) -> steering.steer(ip(SVC6), client, node));
        // The control's race is a matter of chance (a lookup must pass the node being linked in): it is run again,
        // up to 5 times, until it shows; a run where it never does cannot tell the two apart.
        Counts routed = null;
        for (int attempt = 1; attempt <= 5 && (routed == null || routed.atContact() == 0); attempt++) {
            try (Topology other = Topology.named("rmroute", 3); RouteTable table = other.routerTable()) {
                ClientSteering routes = new ClientSteering(table);
                routed = steerOthersWhileAStreams(other, (client, node) -> routes.steer(client, ip(SVC6), node, 0));
            }
        }
        System.out.println("marks:  " + marked);
        System.out.println("routes: " + routed);
        assertTrue(marked.atNode1() > 1000, "A's datagrams reached its node with marks: " + marked);
        assertTrue(routed.atNode1() > 1000, "A's datagrams reached its node with routes: " + routed);
        assertTrue(routed.atContact() > 0, "the control: with one route per client, the same load sent some of A's datagrams"
                + " to the contact node (else this load shows nothing): " + routed);
        assertEquals(0, marked.atContact(), "with marks: " + marked);
    }

    private static Counts steerOthersWhileAStreams(Topology t, Steerer steerer) throws Exception {
        steerer.steer(ip(CLIENT_A6), ip(node6(1)));
        InetSocketAddress svc = new InetSocketAddress(ip(SVC6), 9);
        try (DatagramChannel at0 = t.nodes.get(0).ns.call(() -> bound(svc));
             DatagramChannel at1 = t.nodes.get(1).ns.call(() -> bound(svc));
             DatagramChannel from = t.clients.ns.call(() -> DatagramChannel.open(StandardProtocolFamily.INET6)
                     .bind(new InetSocketAddress(ip(CLIENT_A6), 0)));
             Background load = new Background("steered-client")) {
            AtomicBoolean sending = new AtomicBoolean(true), counting = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong(), got0 = new AtomicLong(), got1 = new AtomicLong();
            load.start("sender", () -> {
                ByteBuffer b = ByteBuffer.allocate(16);
                while (sending.get()) {
                    try {
                        from.send(b.clear(), svc);
                        sent.incrementAndGet();
                    } catch (java.io.IOException e) {
                        // a full queue: try again
                    }
                }
            });
            load.start("counter", () -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                do {
                    while (at0.receive(b.clear()) != null) {
                        got0.incrementAndGet();
                    }
                    while (at1.receive(b.clear()) != null) {
                        got1.incrementAndGet();
                    }
                    Thread.onSpinWait();
                } while (counting.get());
            });
            long steers = 0;
            for (int i = 1; i <= OTHERS; i++) {
                steerer.steer(other(i), ip(node6(1 + i % 2))); // a new one
                steers++;
                if (i % 2 == 0) { // and one steered before moves on: changed in place
                    steerer.steer(other(i / 2), ip(node6(2 - i / 2 % 2)));
                    steers++;
                }
            }
            sending.set(false);
            Thread.sleep(200); // the last datagrams arrive
            counting.set(false);
            load.await(Duration.ofSeconds(10));
            return new Counts(sent.get(), got0.get(), got1.get(), steers);
        }
    }

    /** Other client number i (1 .. 65535). */
    private static InetAddress other(int i) {
        return ip("fd00:d5:ef:7::" + Integer.toHexString(i));
    }

    private static DatagramChannel bound(InetSocketAddress a) throws java.io.IOException {
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6).bind(a);
        c.configureBlocking(false);
        c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        return c;
    }
}
