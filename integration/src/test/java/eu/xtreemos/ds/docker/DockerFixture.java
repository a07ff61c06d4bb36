package eu.xtreemos.ds.docker;

import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A Docker testbed with Distributed Servers on it and one streaming client, all removed on close.
 *
 * <p>The client is the namespace testbed's {@link StreamClient}, run by this JVM with its sockets opened in
 * the client container's network namespace: the connections are the client container's (its address, its
 * route via ha), and the checks read the client's counters directly instead of through a command protocol.
 */
final class DockerFixture implements AutoCloseable {
    static final int CONNECTIONS = 3;
    static final long RATE = 500_000; // bytes/s per connection, each way

    final DockerTestbed tb;
    final DockerCluster cluster;
    private NetNamespace clientNs;
    private StreamClient client;

    DockerFixture(String name, int site) throws Exception {
        this(name, site, Map.of());
    }

    /** With extra dsco settings (e.g. {@code redirect.mode=route-optimization}). */
    DockerFixture(String name, int site, Map<String, String> dscoSettings) throws Exception {
        long t0 = System.nanoTime();
        tb = DockerTestbed.up(new DockerTestbed.Spec(name, site, 1));
        long t1 = System.nanoTime();
        try {
            cluster = DockerCluster.start(tb, new DscoCluster.Options("hold", RATE, dscoSettings));
        } catch (Exception e) {
            try {
                tb.close();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        System.out.printf("testbed %s: containers and networks up in %.1f s, daemons and applications in %.1f s%n",
                name, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    /** The client streams to the service over {@value #CONNECTIONS} connections (plus an interactive one). */
    StreamClient stream() throws Exception {
        clientNs = tb.namespace(DockerTestbed.CLIENT);
        client = StreamClient.start(clientNs, new InetSocketAddress(tb.serviceAddress(), DscoCluster.SERVICE_PORT), 1, CONNECTIONS, RATE);
        return client;
    }

    /** An operator's handoff request to the dsco of node {@code from}, through its API socket; throws what dsco said. */
    HandoffTimings handoff(String from, String to) throws Exception {
        try (DscoClient operator = DscoClient.connect(cluster.socket(from))) {
            return operator.requestHandoff(DscoCluster.SERVICE, tb.clientAddress(), to);
        }
    }

    /** What went wrong, for a failure message: every process's log tail. */
    String logs() {
        return cluster.logs();
    }

    @Override
    public void close() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (clientNs != null) {
                clientNs.close();
            }
            cluster.close();
        } finally {
            tb.close();
        }
    }
}
