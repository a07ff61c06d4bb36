package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.dsco.peer.PeerConnection;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.SteeringMessage;
import eu.xtreemos.ds.kernel.NetNamespace;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The group of nodes changed while it serves (ADD_NODE, REMOVE_NODE, SET_SUCCESSORS): server2 is a spare, in no
 * configuration, when the cluster starts; its dsco is started with every node listed and joins the membership group
 * by itself, then the contact's dsco adds it, and a streaming client is handed to it and back with every byte
 * checked. Its removal is refused while it serves the client and accepted once it does not; then neither the other
 * dscos nor the HA agent know it. An allowed but unprivileged user may do none of it. And the successor order set at
 * run time decides which node takes over from a dead contact node.
 */
class NodeGroupTest {
    static final String SPARE = "server2";

    @Test
    void aSpareNodeIsAddedServesAHandedOffClientAndIsRemovedOnceItServesNone() throws Exception {
        try (ClusterFixture f = new ClusterFixture("nod", 94, 2, 1, new DscoCluster.Options("hold", 500_000, Map.of()), Set.of(SPARE))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            InetAddress spareAddress = f.tb.nodeAddress(SPARE);
            StreamClient client = f.stream(1, demo);
            try {
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), client), "the client starts on contact");
                DscoException unknown = assertThrows(DscoException.class, () -> f.handoff("contact", demo.id(), 1, SPARE));
                assertTrue(unknown.getMessage().contains("unknown node '" + SPARE + "'"), unknown.getMessage());

                // an allowed user without privilege may not change the group
                String[] denied = dsctlAs(f, DscoCluster.NOBODY, "node", "add", SPARE, spareAddress.getHostAddress());
                assertEquals("4", denied[0], denied[1]);
                assertTrue(denied[1].contains("ADD_NODE needs root or the admin group"), denied[1]);
                assertEquals("4", dsctlAs(f, DscoCluster.NOBODY, "successors", "server1")[0]);
                assertEquals(List.of("contact", "server1"), nodeNames(f, "contact"), "a refused add changes nothing");

                f.cluster.startSpare(SPARE); // its dsco lists every node and joins the group by itself
                try (DscoClient operator = DscoClient.connect(f.cluster.socket("contact"))) {
                    DscoException clash = assertThrows(DscoException.class, () -> operator.addNode(SPARE, f.tb.nodeAddress("server1")));
                    assertEquals(Status.BAD_REQUEST, clash.status());
                    assertEquals("address " + f.tb.nodeAddress("server1").getHostAddress() + " is node server1's already", clash.getMessage());
                    operator.addNode(SPARE, spareAddress);
                    operator.addNode(SPARE, spareAddress); // repeated: harmless
                }
                for (String node : List.of("contact", "server1", SPARE)) {
                    assertEquals(List.of("contact", "server1", SPARE), nodeNames(f, node), node + "'s nodes");
                }

                // the successor order reaches every dsco, the new one included
                try (DscoClient operator = DscoClient.connect(f.cluster.socket("contact"))) {
                    DscoException bad = assertThrows(DscoException.class, () -> operator.setSuccessors(List.of("server9")));
                    assertTrue(bad.getMessage().contains("unknown node [server9]"), bad.getMessage());
                    operator.setSuccessors(List.of(SPARE, "server1"));
                }
                for (String node : List.of("server1", SPARE)) {
                    assertTrue(f.cluster.dsco(node).logSinceStart().contains("set the contact node's successors to [" + SPARE + ", server1]"),
                            node + ": " + f.cluster.dsco(node).tail());
                }

                f.handoff("contact", demo.id(), 1, SPARE);
                assertTrue(StreamCheck.awaitServes(f.cluster.app(SPARE), client), "the client is served by " + SPARE);
                ClusterFixture.assertHealthy(client);

                try (DscoClient operator = DscoClient.connect(f.cluster.socket("contact"))) {
                    DscoException serving = assertThrows(DscoException.class, () -> operator.removeNode(SPARE));
                    assertEquals(Status.FAILED, serving.status());
                    assertTrue(serving.getMessage().contains("node " + SPARE + " serves clients: " + demo.id() + " ["
                            + f.clientAddress(1).getHostAddress() + "]"), serving.getMessage());
                    DscoException contact = assertThrows(DscoException.class, () -> operator.removeNode("contact"));
                    assertTrue(contact.getMessage().contains("contact is this node"), contact.getMessage());
                }
                assertEquals(List.of("contact", "server1", SPARE), nodeNames(f, "server1"), "a refused removal changes nothing");
                ClusterFixture.assertHealthy(client);

                f.handoff(SPARE, demo.id(), 1, "contact");
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), client), "the client is back on contact");
                ClusterFixture.assertHealthy(client);

                removeOnceItServesNone(f);
                for (String node : List.of("contact", "server1")) {
                    assertEquals(List.of("contact", "server1"), nodeNames(f, node), node + "'s nodes");
                }
                assertTrue(f.cluster.ha().logSinceStart().contains("node " + SPARE + " left"), f.cluster.ha().tail());
                PeerMessage.Result ha = askHa(f, new SteeringMessage.Steer(demo.id(), f.clientAddress(1), SPARE));
                assertEquals(new PeerMessage.Result(false, "unknown node '" + SPARE + "'"), ha, "the HA agent no longer steers to it");
                DscoException gone = assertThrows(DscoException.class, () -> f.handoff("contact", demo.id(), 1, SPARE));
                assertTrue(gone.getMessage().contains("unknown node '" + SPARE + "'"), gone.getMessage());
                ClusterFixture.assertHealthy(client);

                List<String> errors = StreamCheck.finish(client, f.cluster.app("contact"),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1"), f.cluster.app(SPARE)));
                assertTrue(errors.isEmpty(), "errors: " + errors);
            } catch (AssertionError | Exception ex) {
                System.out.println(f.logs());
                throw ex;
            }
        }
    }

    /**
     * SET_SUCCESSORS decides who takes over from a dead contact node: with server2 named first, server2 does, not
     * server1 (first in the configured order, and alive).
     */
    @Test
    void theSuccessorSetTakesOverWhenTheContactNodeDies() throws Exception {
        try (ClusterFixture f = new ClusterFixture("nod", 94, 2, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            try {
                try (DscoClient operator = DscoClient.connect(f.cluster.socket("server1"))) {
                    operator.setSuccessors(List.of(SPARE));
                }
                assertTrue(f.cluster.dsco(SPARE).logSinceStart().contains("set the contact node's successors to [" + SPARE + "]"),
                        f.cluster.dsco(SPARE).tail());
                f.cluster.killDsco("contact"); // the node dies: its processes, and its link
                f.cluster.killApps("contact");
                f.tb.cutLink("contact");
                for (String node : List.of("server1", SPARE)) {
                    String contact = null;
                    for (int i = 0; i < 300 && !SPARE.equals(contact); i++) { // each member learns it in its own time
                        try (DscoClient c = DscoClient.connect(f.cluster.socket(node))) {
                            List<String> m = c.members();
                            contact = m.get(m.size() - 1);
                        }
                        Thread.sleep(100);
                    }
                    assertEquals(SPARE, contact, node + " knows the new contact node");
                }
                assertTrue(f.cluster.dsco(SPARE).logSinceStart().contains("failover: contact node contact left the group; " + SPARE
                        + " is the contact node now"), f.cluster.dsco(SPARE).tail());
                assertFalse(f.cluster.dsco("server1").logSinceStart().contains("is the contact node now"), "server1 did not take over");
            } catch (AssertionError | Exception ex) {
                System.out.println(f.logs());
                throw ex;
            }
        }
    }

    /**
     * REMOVE_NODE, repeated for up to 5 s while the node still reports the client: its application closes the
     * handed-off connections' frozen copies a moment after the handoff returned.
     */
    private static void removeOnceItServesNone(ClusterFixture f) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        try (DscoClient operator = DscoClient.connect(f.cluster.socket("contact"))) {
            while (true) {
                try {
                    operator.removeNode(SPARE);
                    return;
                } catch (DscoException e) {
                    if (!e.getMessage().contains("serves clients") || System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private static List<String> nodeNames(ClusterFixture f, String node) throws Exception {
        try (DscoClient c = DscoClient.connect(f.cluster.socket(node))) {
            return c.allNodes().stream().map(DscoClient.Node::name).toList();
        }
    }

    /** One message to the HA agent over a cluster link from the contact node, as its dsco would send it. */
    private static PeerMessage.Result askHa(ClusterFixture f, PeerMessage m) throws Exception {
        ClusterKeys keys = ClusterKeys.read(f.cluster.directory().resolve("cluster.key"), null);
        try (NetNamespace ns = NetNamespace.open(f.tb.ns("contact"));
             PeerConnection link = ns.call(() -> PeerConnection.open(new InetSocketAddress(f.tb.nodeAddress("ha"), DscoCluster.HA_PORT),
                     f.tb.nodeAddress("contact"), keys, "contact", Duration.ofSeconds(5)))) {
            return (PeerMessage.Result) link.call(m, Duration.ofSeconds(5));
        }
    }

    /** dsctl run as another user (uid = gid) against the contact's dsco: exit code and output. */
    private static String[] dsctlAs(ClusterFixture f, int uid, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", f.cluster.directory().resolve("cp") + "/*:" + f.cluster.directory().resolve("cp/classes"),
                "eu.xtreemos.ds.dsco.cli.Dsctl", "--socket", f.cluster.socket("contact").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out};
    }
}
