package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Data lost in a link cut is not lost for good when the connection keeps moving: the path to the client is
 * cut while the serving node streams to it, then, right after the path is back, the client is handed round three
 * nodes every 300 ms. A connection whose client lacks bytes it arrived with is handed on with those bytes as never
 * sent, and the next node sends them at once; it is not held back, since waiting for TCP's own retransmission
 * (3 s on a restored socket) would stop a connection that keeps moving from ever receiving again. So the only
 * refusal a handoff may meet here is the queued-data limit (queues beyond a sixth of dsco's heap, which drain
 * here once the client receives again); every connection keeps receiving, and every byte arrives exactly once.
 */
class LinkCutTest {
    /** What dsco says when it refuses a handoff for the queued-data limit, the one refusal allowed here. */
    static final String QUEUED_DATA_LIMIT = "MiB of queued data, more than one handoff carries";

    @Test
    void connectionsHandedOnAfterALinkCutKeepReceiving() throws Exception {
        try (ClusterFixture f = new ClusterFixture("elcut", 32, 2, 1, new DscoCluster.Options("hold", 4_000_000, Map.of()))) {
            DscoCluster.Service demo = f.cluster.services().get(0);
            // 4 MB/s per connection: far more in flight at the cut than a fresh socket's congestion window, so a
            // restored socket cannot send anything new (whose SACKs would have it resend the lost bytes at once)
            StreamClient client = f.stream(1, demo);
            Thread.sleep(300);
            try {
                // The client's side of the path is cut: what contact sends now leaves it and is lost on the way
                // (a cut of contact's own link would not do: a socket whose route is gone does not send at all).
                String[] cut = {"ip6tables", "-I", "INPUT", "-p", "tcp", "--sport", String.valueOf(demo.port()), "-j", "DROP"};
                f.tb.exec("client1", cut);
                Thread.sleep(700);
                cut[1] = "-D";
                f.tb.exec("client1", cut);

                List<String> ring = List.of("contact", "server1", "server2");
                String at = "contact";
                int moved = 0, attempts = 0, refusedLate = 0;
                List<String> refusals = new ArrayList<>();
                long t0 = System.nanoTime();
                long[] atHalf = null;
                while (System.nanoTime() - t0 < 9_000_000_000L) {
                    if (atHalf == null && System.nanoTime() - t0 > 4_500_000_000L) {
                        atHalf = received(client);
                    }
                    String next = ring.get((ring.indexOf(at) + 1) % ring.size());
                    attempts++;
                    try {
                        f.handoff(at, demo.id(), 1, next);
                        at = next;
                        moved++;
                    } catch (DscoException e) {
                        refusals.add(e.getMessage());
                        refusedLate += atHalf == null ? 0 : 1;
                    }
                    Thread.sleep(300);
                }
                long[] atEnd = received(client);
                System.out.printf("after the link cut: %d handoffs of %d attempts, %d refused%n", moved, attempts, refusals.size());
                refusals.stream().distinct().limit(3).forEach(r -> System.out.println("  refused: " + r));
                long resent = 0;
                for (String node : ring) {
                    resent += f.cluster.dsco(node).logSinceStart().lines().filter(l -> l.contains("sends them at once")).count();
                }
                System.out.println(resent + " connections handed on with bytes their client lacked, sent at once by the next node");
                List<String> forOtherReasons = refusals.stream().filter(r -> !r.contains(QUEUED_DATA_LIMIT)).toList();
                assertEquals(List.of(), forOtherReasons, "handoffs refused for another reason than the queued-data limit (a client"
                        + " lacking bytes is handed on with them, not kept back)");
                // Queues past the limit drain once the client receives again, within a second on these links: only
                // attempts soon after the cut may meet it, none in the second half of the handoffs.
                assertEquals(0, refusedLate, "handoffs refused 4.5 s or more after the path was back (" + moved + " handoffs of "
                        + attempts + " attempts); refusals: " + refusals);
                assertTrue(resent > 0, "the next node resent bytes lost in the cut at least once (else this run did not show"
                        + " the resend it is about)");
                for (int k = 0; k < atEnd.length; k++) {
                    assertTrue(atEnd[k] > atHalf[k], "connection " + k + " received nothing in the last 4.5 s of handoffs ("
                            + atEnd[k] + " bytes in all): the bytes lost in the cut were never resent");
                }
                ClusterFixture.assertHealthy(client);
                List<String> errors = StreamCheck.finish(client, f.cluster.app(at),
                        List.of(f.cluster.app("contact"), f.cluster.app("server1"), f.cluster.app("server2")));
                assertTrue(errors.isEmpty(), "errors: " + errors);
            } catch (AssertionError | Exception ex) {
                System.out.println(f.logs());
                throw ex;
            }
        }
    }

    private static long[] received(StreamClient c) {
        long[] r = new long[c.connections()];
        for (int k = 0; k < r.length; k++) {
            r[k] = c.received(k);
        }
        return r;
    }
}
