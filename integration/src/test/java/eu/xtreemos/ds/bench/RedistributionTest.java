package eu.xtreemos.ds.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Many clients handed off at once through real dsco daemons and the real HA agent: 400 clients, one
 * streaming connection each, all on the contact node; 266 of them are handed to server1 and server2, 16
 * requests at a time, while every client keeps streaming both ways. No connection may be reset and every
 * byte must arrive exactly once, in order, on both sides.
 *
 * <p>Regression test of the reset found by {@code bin/ds-bench --scenarios redistribute} (docs/benchmarks.md):
 * while the HA steered one client with a new source-specific route, a packet of a client steered earlier
 * could miss its own route and go to the contact node, whose stack reset the connection once the client's
 * grace period there had ended. The grace period is cut to 250 ms here, so such a stray packet resets its
 * connection instead of being dropped silently by the donor.
 */
class RedistributionTest {
    @Test
    void manyClientsHandedOffAtOnceLoseNoByteAndNoConnection() throws Exception {
        Progress quiet = new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()));
        int clients = 600;
        long rate = 12000; // bytes/s each way on each connection: a packet every few ms from every client
        try (Bed b = Bed.up("rdist", 80, 3, clients, "hold", rate, Map.of("timeouts.grace", "150ms"), quiet)) {
            BenchClients cs = b.connect(b.clients, 1, 1, rate, quiet);
            Thread.sleep(300);
            Bed.Spread spread = b.spread(b.nodes(), clients, 16, quiet);
            assertEquals(List.of(), spread.failures(), "every handoff committed");
            assertEquals(2 * clients / 3, spread.millis().size());
            Thread.sleep(500); // a stray packet of the last clients moved meets the donor after their grace period
            Verify.Result v = Verify.streams(b, cs);
            assertTrue(v.errors().isEmpty(), "no connection reset, every byte exactly once: " + v);
            assertTrue(v.bytes() > clients * 2000L, "every connection carried data: " + v);
        }
    }
}
