package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.demo.HandoffDemo;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Through dsco: a client with 3 busy connections handed round contact -> server1 -> server2 -> contact ... */
class ThreeNodeHandoffTest {

    @Test
    void handoffsBetweenThreeNodesLoseNothing() throws Exception {
        HandoffDemo.Result r = new HandoffDemo(new HandoffDemo.Options("e3n", 12, 2, 30, 3, 1_000_000,
                Duration.ofMillis(150), "hold", false), System.out).run();
        assertEquals(0, r.failedHandoffs());
        assertEquals(30, r.gapsMillis().size());
        assertTrue(r.errors().isEmpty(), "errors: " + r.errors());
        assertEquals(r.interactiveRequests(), r.interactiveAnswers(), "every interactive request answered");
        assertTrue(r.interactiveRequests() > 30 * 150 / 10 / 2, "interactive requests: " + r.interactiveRequests());
        assertTrue(r.bytesUp() > 5_000_000 && r.bytesDown() > 5_000_000, r.bytesUp() + " / " + r.bytesDown());
    }
}
