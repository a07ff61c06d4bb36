package eu.xtreemos.ds.e2e.saga;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The donor's dsco dies in the middle of a handoff of a SAGA application's client (between the redirect and the
 * commit, by dsco's fault hook): the application's handoff waits for the restarted dsco, passes the client's
 * frozen sockets again (RECOVER), and the client, taken back, goes on being served on the same node with its
 * counter; a later handoff works. Without the recovery the connections stayed frozen and the client hung.
 */
class SagaDonorDscoCrashTest {
    @Test
    void theClientIsServedAgainAfterTheDonorsDscoDiedMidHandoff() throws Exception {
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec("esagc", 1, 1, 21))) {
            DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", 0, Map.of(), 1,
                    new DscoCluster.Application("eu.xtreemos.ds.saga.examples.CounterServer",
                            List.of("ds://[${address}]:${port}?socket=${socket}"))));
            try {
                DscoCluster.Service service = cluster.services().get(0);
                Socket socket;
                try (NetNamespace ns = NetNamespace.open(tb.ns("client1"))) {
                    socket = ns.call(() -> new Socket(service.address(), service.port()));
                }
                try (socket) {
                    socket.setSoTimeout(20_000); // an answer that never comes fails the test instead of hanging it
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    assertEquals("total 5 on contact", ask(socket, in, "add 5"));

                    cluster.restartDsco("contact", Map.of("debug.fault", "die-after-steer"));
                    cluster.awaitReceivers("contact");
                    assertThrows(IOException.class, () -> handoff(cluster, tb, service, "server1"),
                            "the operator's request dies with the donor's dsco");
                    for (int i = 0; i < 50 && cluster.dsco("contact").alive(); i++) {
                        Thread.sleep(100);
                    }
                    assertFalse(cluster.dsco("contact").alive(), "the fault hook should have stopped contact's dsco");
                    cluster.restartDsco("contact", Map.of());

                    assertEquals("total 8 on contact", ask(socket, in, "add 3"),
                            "taken back by the restarted dsco: live again on contact, counter kept");
                    cluster.awaitReceivers("contact");
                    handoff(cluster, tb, service, "server1");
                    assertEquals("total 9 on server1", ask(socket, in, "add 1"), "a handoff afterwards works");
                }
            } catch (AssertionError | Exception e) {
                System.out.println(cluster.logs());
                throw e;
            } finally {
                cluster.close();
            }
        }
    }

    private static String ask(Socket s, BufferedReader in, String line) throws IOException {
        s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        return in.readLine();
    }

    private static void handoff(DscoCluster cluster, NamespaceTestbed tb, DscoCluster.Service service, String to)
            throws IOException {
        try (DscoClient operator = DscoClient.connect(cluster.socket("contact"))) {
            operator.requestHandoff(service.id(), tb.clientAddress("client1"), to);
        }
    }
}
