package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.dsco.client.DscoClient;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A client with more connections than one API message can carry fds for (250): 600 connections, each
 * streaming both ways, are handed from the contact node to server1 and back through real dsco daemons
 * (DONATE in FDS parts, RECEIVED in RECEIVED_FDS parts); every byte is checked on both sides.
 */
class ManyConnectionsHandoffTest {
    @Test
    void aClientWithSixHundredConnectionsMovesAndBackWithoutLosingAByte() throws Exception {
        Progress quiet = new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()));
        try (Bed b = Bed.up("bnmc", 92, 2, 1, "hold", 2000, Map.of(), quiet)) {
            InetAddress client = b.clients.get(0);
            BenchClients cs = b.connect(List.of(client), 600, 600, 2000, quiet);
            Thread.sleep(300);
            List<String> nodes = b.nodes();
            for (String[] hop : new String[][] {{nodes.get(0), nodes.get(1)}, {nodes.get(1), nodes.get(0)}}) {
                DscoClient op = b.operator(hop[0]);
                try {
                    HandoffTimings t = op.requestHandoff(DscoCluster.SERVICE, client, hop[1]);
                    assertTrue(t.commit().toNanos() > 0, "the handoff " + hop[0] + " -> " + hop[1] + " committed: " + t);
                } finally {
                    b.giveBack(hop[0], op);
                }
                Thread.sleep(300);
            }
            Verify.Result v = Verify.streams(b, cs);
            assertEquals(List.of(), v.errors());
            assertTrue(v.bytes() > 600 * 4, "bytes flowed on every connection: " + v);
        }
    }
}
