package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * HA steering works for unmodified IPv4 clients too (policy rule and per-client table at the HA), and
 * the operators' view (dsctl clients) shows where each client is.
 */
class Ipv4ClientTest {

    @Test
    void anIpv4ClientIsHandedBackAndForth() throws Exception {
        try (ClusterFixture f = new ClusterFixture("eip4", 17, 1, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            StreamClient client = f.stream(1, demo, true);
            InetAddress v4 = f.tb.clientAddress4("client1");
            Thread.sleep(300);
            try {
                String at = "contact";
                for (int i = 0; i < 6; i++) {
                    String to = at.equals("contact") ? "server1" : "contact";
                    f.handoff(at, demo.id(), v4, to);
                    at = to;
                }
                f.handoff(at, demo.id(), v4, "server1");
                ClusterFixture.assertHealthy(client);
                try (DscoClient c = DscoClient.connect(f.cluster.socket("contact"))) {
                    List<DscoClient.ClientInfo> clients = c.listClients(null);
                    assertTrue(clients.stream().anyMatch(i -> i.client().equals(v4) && i.node().equals("server1")),
                            "contact lists the client as handed to server1: " + clients);
                }
                try (DscoClient c = DscoClient.connect(f.cluster.socket("server1"))) {
                    assertTrue(c.listClients(null).stream().anyMatch(i -> i.client().equals(v4) && i.node().equals("server1")
                            && i.connections() >= 3), "server1 lists the client as served here");
                }
                List<String> errors = StreamCheck.finish(client, f.cluster.app("server1"), List.of(f.cluster.app("contact")));
                assertTrue(errors.isEmpty(), "errors: " + errors);
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }
}
