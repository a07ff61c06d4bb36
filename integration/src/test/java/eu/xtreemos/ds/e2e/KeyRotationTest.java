package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.ClusterConfig;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The cluster key rotated without stopping service, as docs/operations.md describes it: every daemon (HA agent,
 * contact, server) is restarted in turn holding {new, old}, then in turn holding {new} only. Between two restarts
 * the streaming client is handed off to the other node, so every mixed pair ({new, old} with {old}, {new} with
 * {new, old}) carries a handoff and forms the membership group again; at the end every byte the client received
 * is checked. A node then restarted with
 * only the retired key is refused.
 */
class KeyRotationTest {

    @Test
    void aTwoNodeClusterIsRotatedNodeByNodeWhileItsClientIsHandedOff() throws Exception {
        try (ClusterFixture f = new ClusterFixture("ekey", 21, 1, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            StreamClient client = f.stream(1, demo);
            Thread.sleep(300);
            Path oldKey = f.cluster.directory().resolve("cluster.key");
            Path newKey = f.cluster.directory().resolve("cluster.key.new");
            ClusterConfig.writeKey(newKey);
            Map<String, String> both = Map.of("cluster.key.file", newKey.toString(), "cluster.key.previous.file", oldKey.toString());
            Map<String, String> newOnly = Map.of("cluster.key.file", newKey.toString());
            String[] serving = {"contact"};
            try {
                for (Map<String, String> keys : List.of(both, newOnly)) {
                    f.cluster.restartHa(keys);
                    handOff(f, demo, client, serving);
                    for (String node : List.of("contact", "server1")) {
                        f.cluster.restartDscoGracefully(node, keys);
                        f.cluster.awaitReceivers(node);
                        f.cluster.awaitGroup(); // the membership tokens of the two key sets admit each other
                        ClusterFixture.assertHealthy(client);
                        handOff(f, demo, client, serving);
                    }
                }
                String log = Files.readString(f.cluster.dsco("contact").log()) + Files.readString(f.cluster.dsco("server1").log());
                assertFalse(log.contains("refused cluster link"), "a link was refused during the rotation:\n" + log);

                // A node restarted with only the retired key shares none with the rotated cluster: refused, the client stays.
                assertEquals("contact", serving[0]);
                f.cluster.restartDsco("server1", Map.of("cluster.key.file", oldKey.toString()));
                f.cluster.awaitReceivers("server1");
                DscoException refused = assertThrows(DscoException.class, () -> f.handoff("contact", demo.id(), 1, "server1"));
                assertTrue(refused.getMessage().contains("cluster key"), refused.getMessage());
                assertTrue(f.cluster.dsco("server1").logSinceStart().contains("no cluster key in common"),
                        f.cluster.dsco("server1").tail());
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), client), "the client stays on contact");
                ClusterFixture.assertHealthy(client);

                List<String> errors = StreamCheck.finish(client, f.cluster.app(serving[0]),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1")));
                assertTrue(errors.isEmpty(), "errors: " + errors);
            } catch (AssertionError | Exception ex) {
                System.out.println(f.logs());
                throw ex;
            }
        }
    }

    /** Hands the client to the node that does not serve it, and checks it is served there and healthy. */
    private static void handOff(ClusterFixture f, DscoCluster.Service demo, StreamClient client, String[] serving) throws Exception {
        String to = serving[0].equals("contact") ? "server1" : "contact";
        f.handoff(serving[0], demo.id(), 1, to);
        serving[0] = to;
        assertTrue(StreamCheck.awaitServes(f.cluster.app(to), client), "the client is served by " + to);
        ClusterFixture.assertHealthy(client);
    }
}
