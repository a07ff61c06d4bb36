package eu.xtreemos.ds.demo;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The foundation's acceptance test, on a real namespace testbed, through the demo (bin/ds-demo): the SAGA stream
 * service on every node, one client, 3 connections streaming both ways, 100 handoffs contact -> server1 -> contact
 * ...; every byte must arrive exactly once and in order in both directions, every request on the interactive
 * connection must get its right answer, and the client must never see a reset.
 */
class LiveHandoffEndToEndTest {

    @Test
    void hundredHandoffsBackAndForthLoseNothing() throws Exception {
        HandoffDemo.Options o = new HandoffDemo.Options("e2e", 9, 1, 100, 3, 1_000_000, Duration.ofMillis(120), "hold", false);
        HandoffDemo.Result r = new HandoffDemo(o, System.out).run();

        assertEquals(0, r.failedHandoffs(), "every handoff must succeed");
        assertEquals(100, r.gapsMillis().size());
        assertTrue(r.errors().isEmpty(), "the client and the nodes saw errors: " + r.errors());
        // The interactive connection: a numbered request every 10 ms, each answer checked by the client as it came
        // (a wrong or missing one is an error above); here, that they all came and kept coming through the run.
        assertEquals(r.interactiveRequests(), r.interactiveAnswers(), "every interactive request answered");
        assertTrue(r.interactiveRequests() > 100 * 120 / 10 / 2, "interactive requests: " + r.interactiveRequests());
        // Data kept flowing through all 100 handoffs, both ways (at least ~half the nominal rate).
        long nominal = 3L * 1_000_000 * 100 * 120 / 1000;
        assertTrue(r.bytesUp() > nominal / 2, "client->server bytes: " + r.bytesUp());
        assertTrue(r.bytesDown() > nominal / 2, "server->client bytes: " + r.bytesDown());
    }
}
