package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A handoff never loses the client: the receiving dsco dies during prepare, then during commit, then after it
 * took the client, and the donor's dsco is restarted after a commit; each time the client's connections live on one node and keep
 * working, and at the end every byte has arrived exactly once.
 */
class FaultTest {

    @Test
    void theClientSurvivesDaemonsDyingMidHandoff() throws Exception {
        try (ClusterFixture f = new ClusterFixture("eflt", 14, 1, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            StreamClient client = f.stream(1, demo);
            Thread.sleep(300);
            try {
                // 1. The receiver dies as the prepare arrives: the donor keeps the client.
                f.cluster.restartDsco("server1", Map.of("debug.fault", "die-on-prepare"));
                f.cluster.awaitReceivers("server1");
                DscoException e = assertThrows(DscoException.class, () -> f.handoff("contact", demo.id(), 1, "server1"));
                assertTrue(e.getMessage().contains("prepare") || e.getMessage().contains("server1"), e.getMessage());
                f.awaitDeath("server1");
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), client), "the client is served by contact again");
                ClusterFixture.assertHealthy(client);

                // 2. The receiver dies as the commit arrives (after the HA switched), before it activated anything, and
                // comes back as systemd would restart it: the donor, in doubt, waits for its word ("unknown") and takes
                // the client back.
                f.cluster.restartDsco("server1", Map.of("debug.fault", "die-on-commit"));
                f.cluster.awaitReceivers("server1");
                CompletableFuture<HandoffTimings> cut = f.handoffAsync("contact", demo.id(), 1, "server1");
                f.awaitDeath("server1");
                f.cluster.restartDsco("server1", Map.of());
                ExecutionException failed = assertThrows(ExecutionException.class, () -> cut.get(60, TimeUnit.SECONDS));
                assertInstanceOf(DscoException.class, failed.getCause());
                assertTrue(failed.getCause().getMessage().contains("'unknown'"), failed.getCause().getMessage());
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), client), "the client is served by contact again");
                assertFalse(StreamCheck.serves(f.cluster.app("server1"), client), "server1 must not serve the client too");
                ClusterFixture.assertHealthy(client);

                // 3. A good handoff, then the donor's dsco crashes and restarts: the client lives on at server1.
                f.cluster.awaitReceivers("server1");
                f.handoff("contact", demo.id(), 1, "server1");
                f.cluster.restartDsco("contact", Map.of());
                f.cluster.awaitReceivers("contact");
                ClusterFixture.assertHealthy(client);
                assertTrue(StreamCheck.awaitServes(f.cluster.app("server1"), client));
                // ... and can come back to it.
                f.handoff("server1", demo.id(), 1, "contact");
                ClusterFixture.assertHealthy(client);

                List<String> errors = StreamCheck.finish(client, f.cluster.app("contact"),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1")));
                assertTrue(errors.isEmpty(), "errors: " + errors);
            } catch (AssertionError | Exception ex) {
                System.out.println(f.logs());
                throw ex;
            }
        }
    }

    /**
     * The receiver's dsco dies after its application took the client's live connections, before the donor heard:
     * the donor must not take the client back while the receiver may still say so. It stays dead for longer than a
     * commit's few timeouts (as a dsco restarting on a loaded machine), then comes back and answers "committed"
     * from its journal; the client lives on the receiver alone, and every byte arrives once.
     */
    @Test
    void theDonorWaitsForAReceiverThatDiedAfterTakingTheClient() throws Exception {
        try (ClusterFixture f = new ClusterFixture("efl3", 19, 1, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            StreamClient client = f.stream(1, demo);
            Thread.sleep(300);
            try {
                f.cluster.restartDsco("server1", Map.of("debug.fault", "die-before-committed"));
                f.cluster.awaitReceivers("server1");
                CompletableFuture<HandoffTimings> handoff = f.handoffAsync("contact", demo.id(), 1, "server1");
                f.awaitDeath("server1");
                Thread.sleep(12_000); // longer than 5 commit timeouts, the patience that once let the donor take it back
                assertFalse(handoff.isDone(), "the donor decided without the receiver's word: " + handoff);
                assertTrue(StreamCheck.serves(f.cluster.app("server1"), client), "server1's application has the client");
                f.cluster.restartDsco("server1", Map.of());
                handoff.get(60, TimeUnit.SECONDS); // "committed": the handoff succeeded
                long deadline = System.currentTimeMillis() + 3000; // the donor's application closes its frozen copies
                while (StreamCheck.serves(f.cluster.app("contact"), client) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(StreamCheck.serves(f.cluster.app("contact"), client), "contact must not serve the client too");
                ClusterFixture.assertHealthy(client);
                List<String> errors = StreamCheck.finish(client, f.cluster.app("server1"),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1")));
                assertTrue(errors.isEmpty(), "errors: " + errors);
            } catch (AssertionError | Exception ex) {
                System.out.println(f.logs());
                throw ex;
            }
        }
    }

    @Test
    void theDonorDyingBetweenRedirectAndCommitLosesNothing() throws Exception {
        try (ClusterFixture f = new ClusterFixture("efl2", 18, 1, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            StreamClient client = f.stream(1, demo);
            Thread.sleep(300);
            try {
                // The donor's dsco dies after the HA switched the client to server1, before the commit.
                f.cluster.restartDsco("contact", Map.of("debug.fault", "die-after-steer"));
                f.cluster.awaitReceivers("contact");
                assertThrows(java.io.IOException.class, () -> f.handoff("contact", demo.id(), 1, "server1"));
                f.awaitDeath("contact");
                // It comes back: its journal says the handoff was cut; it switches the client back, tells
                // server1 to abort, and the application passes its frozen sockets again to re-activate them.
                f.cluster.restartDsco("contact", Map.of());
                long deadline = System.currentTimeMillis() + 15_000;
                while (!StreamCheck.serves(f.cluster.app("contact"), client) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), client), "the client is live on contact again");
                ClusterFixture.assertHealthy(client);
                // And a normal handoff works afterwards.
                f.cluster.awaitReceivers("contact");
                f.handoff("contact", demo.id(), 1, "server1");
                ClusterFixture.assertHealthy(client);
                List<String> errors = StreamCheck.finish(client, f.cluster.app("server1"),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1")));
                assertTrue(errors.isEmpty(), "errors: " + errors);
            } catch (AssertionError | Exception ex) {
                System.out.println(f.logs());
                throw ex;
            }
        }
    }
}
