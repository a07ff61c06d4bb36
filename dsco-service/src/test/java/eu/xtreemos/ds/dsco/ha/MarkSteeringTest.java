package eu.xtreemos.ds.dsco.ha;

import eu.xtreemos.ds.rtnl.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static eu.xtreemos.ds.rtnl.Topology.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The HA's steering by packet mark at the router of a scratch {@link Topology}, with real traffic: a steered
 * client reaches its node, the others the contact node (node 0), in both families; a restarted agent finds
 * the steering in force; and steering thousands of other clients never sends one packet of a steered client
 * to the contact node (which, in a handoff, would answer it with a reset).
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

    /**
     * Client A streams datagrams to the service while the agent steers thousands of other clients back and
     * forth: not one of A's datagrams may reach node 0. (With one source-specific route per client instead,
     * Linux sent a few of them there: the reset of docs/benchmarks.md.)
     */
    @Test
    void steeringThousandsOfOtherClientsNeverMisroutesASteeredOne() throws Exception {
        steering.steer(ip(SVC6), ip(CLIENT_A6), ip(node6(1)));
        InetSocketAddress svc = new InetSocketAddress(ip(SVC6), 9);
        try (DatagramChannel at0 = net.nodes.get(0).ns.call(() -> bound(svc));
             DatagramChannel at1 = net.nodes.get(1).ns.call(() -> bound(svc));
             DatagramChannel from = net.clients.ns.call(() -> DatagramChannel.open(StandardProtocolFamily.INET6)
                     .bind(new InetSocketAddress(ip(CLIENT_A6), 0)))) {
            AtomicBoolean sending = new AtomicBoolean(true), counting = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong(), got0 = new AtomicLong(), got1 = new AtomicLong();
            Thread sender = new Thread(() -> {
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
            Thread counter = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                try {
                    do {
                        while (at0.receive(b.clear()) != null) {
                            got0.incrementAndGet();
                        }
                        while (at1.receive(b.clear()) != null) {
                            got1.incrementAndGet();
                        }
                        Thread.onSpinWait();
                    } while (counting.get());
                } catch (java.io.IOException e) {
                    got0.set(-1_000_000); // fails the test below, saying the count broke
                }
            });
            sender.start();
            counter.start();
            long steers = 0;
            long until = System.nanoTime() + 1_500_000_000L;
            for (int round = 0; System.nanoTime() < until; round++) {
                for (int i = 1; i <= 500; i++) {
                    InetAddress other = ip("fd00:d5:ef:7::" + Integer.toHexString(round % 16 * 4096 + i));
                    steering.steer(ip(SVC6), other, ip(node6(1 + i % 2)));
                    steers++;
                }
            }
            sending.set(false);
            sender.join();
            Thread.sleep(200); // the last datagrams arrive
            counting.set(false);
            counter.join();
            assertTrue(got1.get() > 1000, "A's datagrams reached node 1: " + got1 + " of " + sent);
            assertEquals(0, got0.get(), got0 + " of " + sent + " datagrams of a steered client went to the contact node during "
                    + steers + " steers of other clients");
        }
    }

    private static DatagramChannel bound(InetSocketAddress a) throws java.io.IOException {
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6).bind(a);
        c.configureBlocking(false);
        c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        return c;
    }
}
