package eu.xtreemos.ds.e2e;

import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.*;

/** A testbed with Distributed Servers running on it, and streaming clients; all removed on close. */
final class ClusterFixture implements AutoCloseable {
    final NamespaceTestbed tb;
    final DscoCluster cluster;
    private final List<StreamClient> clients = new ArrayList<>();
    private final List<NetNamespace> namespaces = new ArrayList<>();

    ClusterFixture(String name, int site, int servers, int clientCount, DscoCluster.Options options) throws Exception {
        this(name, site, servers, clientCount, options, java.util.Set.of());
    }

    /** With server nodes {@code spares} left out of the cluster until {@code cluster.startSpare}. */
    ClusterFixture(String name, int site, int servers, int clientCount, DscoCluster.Options options, java.util.Set<String> spares)
            throws Exception {
        tb = NamespaceTestbed.up(new TestbedSpec(name, servers, clientCount, site));
        try {
            cluster = DscoCluster.start(tb, options, spares);
        } catch (Exception e) {
            tb.close();
            throw e;
        }
    }

    /** Client number {@code index} (1-based) streams to service {@code s} over 3 connections. */
    StreamClient stream(int index, DscoCluster.Service s) throws Exception {
        return stream(index, s, false);
    }

    /** Like {@link #stream(int, DscoCluster.Service)}, over IPv4 if {@code ipv4}. */
    StreamClient stream(int index, DscoCluster.Service s, boolean ipv4) throws Exception {
        NetNamespace ns = NetNamespace.open(tb.ns("client" + index));
        namespaces.add(ns);
        StreamClient c = StreamClient.start(ns, new InetSocketAddress(ipv4 ? s.address4() : s.address(), s.port()),
                index * 4 + clients.size(), 3, 500_000);
        clients.add(c);
        return c;
    }

    InetAddress clientAddress(int index) {
        return tb.clientAddress("client" + index);
    }

    /** An operator's handoff request on the node serving the client; returns the timings or throws what dsco said. */
    HandoffTimings handoff(String from, String service, int client, String to) throws Exception {
        return handoff(from, service, clientAddress(client), to);
    }

    HandoffTimings handoff(String from, String service, InetAddress client, String to) throws Exception {
        try (DscoClient operator = DscoClient.connect(cluster.socket(from))) {
            return operator.requestHandoff(service, client, to);
        }
    }

    /** A handoff requested on another thread, for a test that acts while it waits. */
    CompletableFuture<HandoffTimings> handoffAsync(String from, String service, int client, String to) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return handoff(from, service, client, to);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Waits up to 5 s for a node's dsco to stop at its fault point; fails if it does not. */
    void awaitDeath(String node) throws InterruptedException {
        for (int i = 0; i < 50 && cluster.dsco(node).alive(); i++) {
            Thread.sleep(100);
        }
        assertFalse(cluster.dsco(node).alive(), "the fault hook should have stopped " + node + "'s dsco");
    }

    /**
     * The client keeps receiving data and has seen no error (a reset, a wrong byte, a wrong or missing interactive
     * answer). Interactive answers are not required within the 400 ms: after an outage the client's requests wait
     * for its own backed-off retransmission; their count is checked at the end ({@code StreamCheck.finish}).
     */
    static void assertHealthy(StreamClient c) throws InterruptedException {
        long before = 0;
        for (int k = 0; k < c.connections(); k++) {
            before += c.received(k);
        }
        Thread.sleep(400);
        long after = 0;
        for (int k = 0; k < c.connections(); k++) {
            after += c.received(k);
        }
        assertTrue(c.errors().isEmpty(), "client errors: " + c.errors());
        assertTrue(after > before, "the client received nothing for 400 ms");
    }

    String logs() {
        return cluster.logs();
    }

    @Override
    public void close() throws Exception {
        for (StreamClient c : clients) {
            c.close();
        }
        namespaces.forEach(NetNamespace::close);
        try {
            cluster.close();
        } finally {
            tb.close();
        }
    }
}
