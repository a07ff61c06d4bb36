package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The seed's ds takeover through dsco: while a client streams to the contact node, server1 becomes the
 * contact node. The established client stays where it is and keeps working; a new client lands on the
 * new contact node; every node knows the new contact.
 */
class ContactTakeoverTest {

    @Test
    void aServerNodeTakesOverWithoutBreakingEstablishedClients() throws Exception {
        try (ClusterFixture f = new ClusterFixture("etko", 16, 1, 2, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            StreamClient old = f.stream(1, demo);
            Thread.sleep(300);
            try {
                try (DscoClient admin = DscoClient.connect(f.cluster.socket("server1"))) {
                    admin.changeContact(null, "server1");
                }
                ClusterFixture.assertHealthy(old);
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), old), "the established client stays on the old contact");

                StreamClient fresh = f.stream(2, demo);
                Thread.sleep(300);
                assertTrue(StreamCheck.awaitServes(f.cluster.app("server1"), fresh), "a new client goes to the new contact");
                for (String node : List.of("contact", "server1")) {
                    try (DscoClient c = DscoClient.connect(f.cluster.socket(node))) {
                        assertEquals("server1", c.config("contact").get("contact"), node + " knows the new contact");
                    }
                }
                // The old client can still be handed over, and both streams end intact.
                f.handoff("contact", demo.id(), 1, "server1");
                ClusterFixture.assertHealthy(old);
                ClusterFixture.assertHealthy(fresh);
                assertTrue(StreamCheck.finish(old, f.cluster.app("server1"), List.of(f.cluster.app("contact"))).isEmpty());
                assertTrue(StreamCheck.finish(fresh, f.cluster.app("server1"), List.of()).isEmpty());
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }
}
