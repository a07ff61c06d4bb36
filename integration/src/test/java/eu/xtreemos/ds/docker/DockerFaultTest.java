package eu.xtreemos.ds.docker;

import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.cluster.ClusterConfig;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Faults made with the Docker Java client: the receiving server's container is cut off the network in the
 * middle of a handoff (after it got the prepare, before its answer could leave). The handoff fails, the
 * client's connections stay on the donor and keep working; once the container is connected again, a new
 * handoff succeeds. Then the receiver's container is killed: a handoff to it fails, the client stays. At the
 * end every byte has arrived exactly once.
 */
// Minutes: the first Docker test of a run builds the image (211 s in a whole build at a load of 6-15).
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class DockerFaultTest {
    private static final String DONOR = ClusterConfig.CONTACT;
    private static final String RECEIVER = "server1";

    @Test
    void receiverCutOffDuringAHandoffLeavesTheClientOnTheDonor() throws Exception {
        try (DockerFixture f = new DockerFixture("flt", 0xd2)) {
            try {
                StreamClient client = f.stream();
                Thread.sleep(300);
                // A good round trip first, so that the cluster link to the receiver is established.
                f.handoff(DONOR, RECEIVER);
                f.handoff(RECEIVER, DONOR);
                assertHealthy(client);

                // The receiver is frozen so that the prepare waits in its socket, then cut off and let go:
                // it restores the connections, and its answer has no way back to the donor.
                f.tb.pause(RECEIVER);
                long t0 = System.nanoTime();
                CompletableFuture<HandoffTimings> handoff = CompletableFuture.supplyAsync(() -> {
                    try {
                        return f.handoff(DONOR, RECEIVER);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
                Thread.sleep(500); // the donor has frozen the connections and sent the prepare (it waits up to 2 s)
                assertFalse(handoff.isDone(), "the handoff ended while the receiver was paused: " + handoff);
                f.tb.disconnect(RECEIVER);
                f.tb.unpause(RECEIVER);
                ExecutionException failed = assertThrows(ExecutionException.class, () -> handoff.get(30, TimeUnit.SECONDS));
                assertInstanceOf(DscoException.class, failed.getCause(), "dsco refused the handoff");
                assertTrue(failed.getCause().getMessage().contains(RECEIVER), failed.getCause().getMessage());
                System.out.printf("handoff to the cut-off receiver failed after %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                        failed.getCause().getMessage());

                assertTrue(StreamCheck.awaitServes(f.cluster.app(DONOR), client), "the donor serves the client again");
                assertHealthy(client);

                // Back on the network, the receiver takes the client.
                f.tb.reconnect(RECEIVER);
                long t1 = System.nanoTime();
                f.handoff(DONOR, RECEIVER);
                System.out.printf("after reconnecting, handoff to %s succeeded in %.1f ms%n", RECEIVER, (System.nanoTime() - t1) / 1e6);
                assertTrue(StreamCheck.awaitServes(f.cluster.app(RECEIVER), client), RECEIVER + " serves the client");
                assertHealthy(client);

                // Back to the donor; then the receiver's container is killed (as a machine losing power): a
                // handoff to it fails, and the client stays where it is.
                f.handoff(RECEIVER, DONOR);
                assertHealthy(client);
                String receiverErrors = f.cluster.app(RECEIVER).command("errors", "errors").substring("errors".length()).trim();
                assertEquals("", receiverErrors, "what " + RECEIVER + "'s application saw while it served the client");
                f.tb.kill(RECEIVER);
                DscoException dead = assertThrows(DscoException.class, () -> f.handoff(DONOR, RECEIVER));
                System.out.println("handoff to the killed receiver failed: " + dead.getMessage());
                assertTrue(StreamCheck.awaitServes(f.cluster.app(DONOR), client), "the donor serves the client again");
                assertHealthy(client);

                List<String> errors = StreamCheck.finish(client, f.cluster.app(DONOR), List.of(f.cluster.app(DONOR)));
                assertTrue(errors.isEmpty(), "errors: " + errors);
            } catch (AssertionError | Exception e) {
                System.out.println(f.logs());
                throw e;
            }
        }
    }

    /**
     * The client keeps receiving data and has seen no error (a reset, a wrong byte, a wrong or missing interactive
     * answer). Interactive answers are not required within the 400 ms: after an outage the client's requests wait
     * for its own backed-off retransmission; their count is checked at the end ({@code StreamCheck.finish}).
     */
    private static void assertHealthy(StreamClient c) throws InterruptedException {
        long before = received(c);
        Thread.sleep(400);
        assertTrue(c.errors().isEmpty(), "client errors: " + c.errors());
        assertTrue(received(c) > before, "the client received nothing for 400 ms");
    }

    private static long received(StreamClient c) {
        long n = 0;
        for (int k = 0; k < c.connections(); k++) {
            n += c.received(k);
        }
        return n;
    }
}
