package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Automatic contact-node failover: the contact node dies (its dsco and application killed, its link down); the other
 * dsco daemons notice through the membership group, the next node becomes the contact node at the HA, new
 * clients are served again, and a client served by another node never notices.
 */
class FailoverTest {

    @Test
    void theNextNodeTakesOverWhenTheContactNodeDies() throws Exception {
        try (ClusterFixture f = new ClusterFixture("efo", 19, 2, 2, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            StreamClient old = f.stream(1, demo);
            Thread.sleep(300);
            try {
                f.handoff("contact", demo.id(), 1, "server2"); // the established client lives elsewhere
                long t0 = System.nanoTime();
                f.cluster.killDsco("contact"); // the node dies: its processes, and its link
                f.cluster.killApps("contact");
                f.tb.cutLink("contact"); // as a cable pulled: addresses stay

                StreamClient fresh = null;
                try (NetNamespace ns = NetNamespace.open(f.tb.ns("client2"))) {
                    while (fresh == null && System.nanoTime() - t0 < 15_000_000_000L) {
                        try {
                            // probe with a short timeout: a SYN lost on the dead link would wait for TCP's retries
                            if (ns.call(() -> eu.xtreemos.ds.bench.FailoverBenchmark.reachable(new InetSocketAddress(demo.address(), demo.port())))) {
                                fresh = StreamClient.start(ns, new InetSocketAddress(demo.address(), demo.port()), 9, 1, 100_000);
                            }
                        } catch (Exception e) {
                            Thread.sleep(20); // refused: the dead contact's node has no listener; try again
                        }
                    }
                }
                assertNotNull(fresh, "no new client was accepted within 15 s of the contact node's death");
                System.out.printf("contact node death -> first new client accepted: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
                Thread.sleep(300);
                assertTrue(StreamCheck.awaitServes(f.cluster.app("server1"), fresh), "the new client is served by server1, the new contact");
                for (String node : List.of("server1", "server2")) {
                    List<String> m = List.of();
                    for (int i = 0; i < 150; i++) { // every member installs the new view, each in its own time (a split heals by a merge round)
                        try (DscoClient c = DscoClient.connect(f.cluster.socket(node))) {
                            m = c.members();
                        }
                        if (!m.subList(0, m.size() - 1).contains("contact")) {
                            break;
                        }
                        Thread.sleep(100);
                    }
                    assertEquals("server1", m.get(m.size() - 1), node + " knows the new contact node");
                    assertFalse(m.subList(0, m.size() - 1).contains("contact"), node + ": contact is not a member any more: " + m);
                }
                ClusterFixture.assertHealthy(old);
                ClusterFixture.assertHealthy(fresh);
                assertTrue(StreamCheck.finish(old, f.cluster.app("server2"), List.of()).isEmpty());
                fresh.close();
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }
}
