package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A client handed away and back again, then the donor's dsco dies at the start of the next handoff (after
 * the flush, before anything is frozen): the journal still holds the record of the first handoff away
 * (committed). The restarted dsco must not take that old record for this handoff and tell the application
 * its live sockets were handed off (it would close them: a reset). Found by the soak (docs/operations.md).
 */
class CrashBeforeFreezeTest {

    @Test
    void anOldCommittedRecordDoesNotHandOffAClientThatCameBack() throws Exception {
        try (ClusterFixture f = new ClusterFixture("skcbf", 82, 1, 1, new DscoCluster.Options("hold", 500_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            StreamClient client = f.stream(1, demo);
            Thread.sleep(300);
            try {
                f.handoff("contact", demo.id(), 1, "server1"); // contact's journal: COMMITTED (kept a while)
                f.handoff("server1", demo.id(), 1, "contact"); // back
                ClusterFixture.assertHealthy(client);
                f.cluster.restartDsco("contact", Map.of("debug.fault", "die-before-freeze"));
                f.cluster.awaitReceivers("contact");
                assertThrows(IOException.class, () -> f.handoff("contact", demo.id(), 1, "server1"));
                f.awaitDeath("contact");
                f.cluster.restartDsco("contact", Map.of());
                f.cluster.awaitReceivers("contact");
                Thread.sleep(1000); // the application's RECOVER runs
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact"), client), "the client is live on contact");
                ClusterFixture.assertHealthy(client);
                assertFalse(StreamCheck.serves(f.cluster.app("server1"), client), "and not on server1");
                f.handoff("contact", demo.id(), 1, "server1"); // and handoffs work again
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
