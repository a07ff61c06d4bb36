package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.saga.examples.VirtualNodeManager;
import eu.xtreemos.xosaga.DrainReport;
import eu.xtreemos.xosaga.GroupEvent;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The virtual node manager example (SAGA API only) against real dsco daemons, the real HA agent and 50 streaming
 * clients: it moves the contact node away from the node it will take down, drains that node while it has lost its
 * connection to one receiving node, and reconnects there; then it adds a fresh node (server3, in no configuration
 * until then) and drains server2, whose clients go to the fresh node first. Each drained node ends empty, every byte
 * arrived exactly once and in order with no reset, and the events the manager handled match the handoffs that
 * happened: each client left a drained node once, in order, and arrived where it was sent, none missing after the
 * reconnect.
 */
class VirtualNodeManagerTest {
    @Test
    void aDrainEmptiesTheNodeAndTheManagerSeesEveryHandoff() throws Exception {
        Progress quiet = new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()));
        int clients = 50;
        long rate = 20_000;
        try (Bed b = Bed.up("vnm", 95, 4, clients, "hold", rate, Map.of(), Set.of("server3"), quiet);
             VirtualNodeManager m = new VirtualNodeManager((node, e) -> { })) {
            try {
                for (String n : b.nodes()) {
                    m.manage(n, managerUrl(b, n));
                }
                BenchClients cs = b.connect(b.clients, 1, 1, rate, quiet); // all 50 on the contact node
                Thread.sleep(300);

                m.moveContact("server1"); // the node to take down must not be where new clients arrive
                m.disconnect("server2"); // the manager loses one receiving node's dsco for the drain
                long t0 = System.nanoTime();
                DrainReport r = m.drain("contact");
                System.out.printf("drain of contact: %d clients moved in %.0f ms (load %s)%n", r.moved(),
                        (System.nanoTime() - t0) / 1e6, ProcStats.load());
                assertEquals(Map.of(), r.stayed(), "every client left the drained node");
                assertEquals(clients, r.moved());
                m.reconnect("server2");

                // The drained node's events: the contact change, then each client handed off once, in order.
                List<GroupEvent> drained = awaitEvents(m, "contact", GroupEvent.CLIENT_HANDED_OFF, clients);
                assertTrue(m.handled("contact").stream().anyMatch(e -> e.kind().equals(GroupEvent.CONTACT_CHANGED)
                        && "server1".equals(e.node())), "the manager saw the contact node change: " + m.handled("contact"));
                assertInOrder(m.handled("contact"));
                Map<InetAddress, String> sentTo = new HashMap<>();
                for (GroupEvent e : drained) {
                    assertNull(sentTo.put(e.client(), e.node()), "handed off once: " + e);
                }
                assertEquals(new HashSet<>(b.clients), sentTo.keySet(), "every client's handoff was seen");
                assertTrue(m.handled("contact").stream().noneMatch(e -> e.kind().equals(GroupEvent.HANDOFF_FAILED)),
                        "no handoff failed: " + m.handled("contact"));
                assertTrue(m.handled("contact").stream().anyMatch(e -> e.kind().equals(GroupEvent.DRAIN_PROGRESS)
                        && e.detail().startsWith(clients + " of " + clients)), "the drain reported its progress to the end");

                // Each receiving node's events: exactly the clients sent to it, server2's too after the reconnect.
                for (String n : List.of("server1", "server2")) {
                    Set<InetAddress> expected = new HashSet<>();
                    sentTo.forEach((client, to) -> {
                        if (to.equals(n)) {
                            expected.add(client);
                        }
                    });
                    List<GroupEvent> got = awaitEvents(m, n, GroupEvent.CLIENT_RECEIVED, expected.size());
                    assertInOrder(m.handled(n));
                    Set<InetAddress> arrived = new HashSet<>();
                    got.forEach(e -> assertTrue(arrived.add(e.client()), "received once: " + e));
                    assertEquals(expected, arrived, n + " received exactly the clients sent to it");
                    assertEquals(List.of("contact"), got.stream().map(GroupEvent::node).distinct().toList());
                }
                assertTrue(Math.abs(countTo(sentTo, "server1") - countTo(sentTo, "server2")) <= 2,
                        "the least-loaded node took each client: " + countTo(sentTo, "server1") + " / " + countTo(sentTo, "server2"));

                // A fresh node replaces the drained one: added while everything runs, then server2 is drained too and
                // the fresh node, serving no one, takes its clients first.
                b.cluster.startSpare("server3");
                m.addNode("server3", b.tb.nodeAddress("server3"), managerUrl(b, "server3"));
                Set<InetAddress> onServer2 = new HashSet<>();
                sentTo.forEach((client, to) -> {
                    if (to.equals("server2")) {
                        onServer2.add(client);
                    }
                });
                t0 = System.nanoTime();
                DrainReport r2 = m.drain("server2");
                System.out.printf("drain of server2: %d clients moved in %.0f ms (load %s)%n", r2.moved(),
                        (System.nanoTime() - t0) / 1e6, ProcStats.load());
                assertEquals(Map.of(), r2.stayed(), "every client left server2");
                assertEquals(onServer2.size(), r2.moved());
                Map<InetAddress, String> sentTo2 = new HashMap<>();
                for (GroupEvent e : awaitEvents(m, "server2", GroupEvent.CLIENT_HANDED_OFF, onServer2.size())) {
                    assertNull(sentTo2.put(e.client(), e.node()), "handed off once: " + e);
                }
                assertEquals(onServer2, sentTo2.keySet(), "server2's events name each of its clients once");
                long toFresh = countTo(sentTo2, "server3");
                assertTrue(toFresh >= onServer2.size() / 2, "the fresh node took its share first: " + sentTo2);
                Set<InetAddress> atFresh = new HashSet<>();
                awaitEvents(m, "server3", GroupEvent.CLIENT_RECEIVED, (int) toFresh).forEach(e -> atFresh.add(e.client()));
                Set<InetAddress> expectedAtFresh = new HashSet<>();
                sentTo2.forEach((client, to) -> {
                    if (to.equals("server3")) {
                        expectedAtFresh.add(client);
                    }
                });
                assertEquals(expectedAtFresh, atFresh, "the fresh node received exactly the clients sent to it");
                assertInOrder(m.handled("server3"));
                assertInOrder(m.handled("server2"));

                Verify.Result v = Verify.streams(b, cs);
                System.out.println("streams after both drains: " + v);
                assertTrue(v.errors().isEmpty(), "no connection reset, every byte exactly once: " + v);
                assertTrue(v.bytes() > clients * 2000L, "every connection carried data: " + v);
            } catch (AssertionError | Exception e) {
                System.out.println(b.cluster.logs());
                throw e;
            }
        }
    }

    private static String managerUrl(Bed b, String node) {
        return "ds://[" + b.tb.serviceAddress().getHostAddress() + "]:" + DscoCluster.SERVICE_PORT + "?role=manager&socket="
                + b.cluster.socket(node);
    }

    private static long countTo(Map<InetAddress, String> sentTo, String node) {
        return sentTo.values().stream().filter(node::equals).count();
    }

    /** Waits up to 10 s until the manager handled {@code n} events of {@code kind} on {@code node}; returns them. */
    private static List<GroupEvent> awaitEvents(VirtualNodeManager m, String node, String kind, int n) throws InterruptedException {
        List<GroupEvent> got = List.of();
        for (int i = 0; i < 100; i++) {
            got = m.handled(node).stream().filter(e -> e.kind().equals(kind)).toList();
            if (got.size() >= n) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(n, got.size(), node + ": " + kind + " events handled: " + m.handled(node));
        return got;
    }

    /** Sequence numbers rise strictly within a run, and no run lost events (no events_lost). */
    private static void assertInOrder(List<GroupEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            GroupEvent a = events.get(i - 1), e = events.get(i);
            assertEquals(a.epoch(), e.epoch(), "one run of dsco: " + events);
            assertEquals(a.sequence() + 1, e.sequence(), "in order, none missing: " + a + " then " + e);
        }
        assertTrue(events.stream().noneMatch(e -> e.kind().equals(GroupEvent.EVENTS_LOST)), "nothing lost: " + events);
    }
}
