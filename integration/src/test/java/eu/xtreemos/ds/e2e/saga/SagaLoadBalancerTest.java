package eu.xtreemos.ds.e2e.saga;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The SAGA load balancer example: the contact node hands each new client to the node with the fewest clients. */
class SagaLoadBalancerTest {

    static String hello(NamespaceTestbed tb, DscoCluster.Service s, String client, Socket[] keep) throws Exception {
        Socket socket;
        try (NetNamespace ns = NetNamespace.open(tb.ns(client))) {
            socket = ns.call(() -> new Socket(s.address(), s.port()));
        }
        keep[0] = socket;
        socket.setSoTimeout(15_000);
        socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void newClientsGoToTheLeastLoadedNode() throws Exception {
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec("esaga", 1, 2, 20))) {
            try (DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", 0, Map.of(), 1,
                    new DscoCluster.Application("eu.xtreemos.ds.saga.examples.LoadBalancer",
                            List.of("ds://[${address}]:${port}?socket=${socket}"))))) {
                DscoCluster.Service s = cluster.services().get(0);
                Socket[] first = new Socket[1], second = new Socket[1];
                try {
                    assertEquals("server1: hi", hello(tb, s, "client1", first), "both idle: the other node takes it");
                    assertEquals("contact: hi", hello(tb, s, "client2", second), "server1 has one: the contact keeps it");
                } catch (AssertionError | Exception e) {
                    System.out.println(cluster.logs());
                    throw e;
                } finally {
                    for (Socket k : new Socket[] {first[0], second[0]}) {
                        if (k != null) {
                            k.close();
                        }
                    }
                }
            }
        }
    }
}
