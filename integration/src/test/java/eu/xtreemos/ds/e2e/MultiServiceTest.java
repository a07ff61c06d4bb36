package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two distributed servers (two service addresses) on the same nodes, one dsco per node serving both, each
 * service with its own application and clients; the same client uses both. Handing its connections of one
 * service off leaves its connections of the other where they are.
 */
class MultiServiceTest {

    @Test
    void twoServicesOnTheSameNodesMoveIndependently() throws Exception {
        try (ClusterFixture f = new ClusterFixture("ems", 13, 1, 2, new DscoCluster.Options("hold", 500_000, Map.of(), 2))) {
            DscoCluster.Service demo = f.cluster.services().get(0), web = f.cluster.services().get(1);
            StreamClient a = f.stream(1, demo);   // client1 on both services
            StreamClient b = f.stream(1, web);
            StreamClient c = f.stream(2, web);    // client2 on web only
            Thread.sleep(300);
            try {
                f.handoff("contact", demo.id(), 1, "server1");
                assertTrue(StreamCheck.awaitServes(f.cluster.app("server1", demo.id()), a), "demo moved to server1");
                assertTrue(StreamCheck.awaitServes(f.cluster.app("contact", web.id()), b), "client1's web connections stayed");
                f.handoff("contact", web.id(), 2, "server1");
                f.handoff("server1", demo.id(), 1, "contact");
                f.handoff("contact", web.id(), 1, "server1");
                ClusterFixture.assertHealthy(a);
                ClusterFixture.assertHealthy(b);
                ClusterFixture.assertHealthy(c);
                assertTrue(StreamCheck.finish(a, f.cluster.app("contact", demo.id()),
                        List.of(f.cluster.app("contact", demo.id()), f.cluster.app("server1", demo.id()))).isEmpty());
                assertTrue(StreamCheck.finish(b, f.cluster.app("server1", web.id()),
                        List.of(f.cluster.app("contact", web.id()), f.cluster.app("server1", web.id()))).isEmpty());
                assertTrue(StreamCheck.finish(c, f.cluster.app("server1", web.id()), List.of()).isEmpty());
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }
}
