package eu.xtreemos.ds.docker;

import eu.xtreemos.ds.cluster.ClusterConfig;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.e2e.saga.GeckoHandoffTest.StreamingClient;
import eu.xtreemos.ds.e2e.saga.ProtectedCrashTest;
import eu.xtreemos.ds.e2e.saga.ProtectedCrashTest.RequestClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * ProtectedCrashTest on the Docker testbed, the node dying as a machine does: GeckoEcho, protected, on the contact
 * node, server1 and server2 (each in its container, with its dsco); the client container streams both ways on three
 * connections, and makes requests from a second address (a second client to dsco); both clients are handed to
 * server1. Then, {@value #CRASHES_PROPERTY} times (default {@value #DEFAULT_CRASHES}), once the backup holds both
 * clients and after a random 0.2-1.5 s, the serving node's container is killed (SIGKILL: its processes and network
 * stack vanish at once) and its backup must take both clients over: every byte comes back exactly once and in order,
 * nothing is reset. The container is started again with its dsco and GeckoEcho, and becomes the backup of the node
 * now serving. Each crash's client-visible stall is printed, median and worst.
 */
// Minutes: a crash cycle (takeover, a container's restart, two JVMs, the group) takes tens of seconds on 2 cores.
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class DockerProtectedCrashTest {
    static final String CRASHES_PROPERTY = "protect.docker.crashes";
    static final int DEFAULT_CRASHES = 20;
    private static final int CRASHES = Integer.getInteger(CRASHES_PROPERTY, DEFAULT_CRASHES);
    /**
     * How long the clients may stall after a crash: the test is that they survive, the stall is measured. Here the
     * streams' worst stall of 20 crashes was 14.4 s in one run and 21.3 s in another (the namespace test allows 20 s):
     * restored sockets were seen with first RTT samples of 3-6 s, and their retransmissions wait as long.
     */
    private static final long PROGRESS_MILLIS = 60_000;

    @Test
    void everyClientContinuesOnTheBackupAfterEachContainerKillWithEveryByteOnceAndInOrder() throws Exception {
        Random random = new Random();
        DscoCluster.Options options = new DscoCluster.Options("hold", 0,
                Map.of("service." + DscoCluster.SERVICE + ".protected", "true"), 1,
                new DscoCluster.Application("eu.xtreemos.ds.saga.examples.GeckoEcho",
                        List.of("ds://[${address}]:${port}?socket=${socket}")));
        long setup = System.nanoTime();
        try (DockerTestbed tb = DockerTestbed.up(new DockerTestbed.Spec("prot", 0xd4, 2));
             DockerCluster cluster = DockerCluster.start(tb, options)) {
            try {
                cluster.awaitGroup();
                System.out.printf("testbed prot: containers, daemons and GeckoEcho up in %.1f s%n", (System.nanoTime() - setup) / 1e9);
                InetSocketAddress service = new InetSocketAddress(tb.serviceAddress(), DscoCluster.SERVICE_PORT);
                InetAddress requester = tb.addClientAddress(2);
                List<InetAddress> clients = List.of(tb.clientAddress(), requester);
                try (NetNamespace ns = tb.namespace(DockerTestbed.CLIENT);
                     StreamingClient stream = new StreamingClient(ns, service);
                     RequestClient requests = new RequestClient(ns, requester, service)) {
                    try {
                        Thread.sleep(500);
                        try (DscoClient operator = DscoClient.connect(cluster.socket(ClusterConfig.CONTACT))) {
                            for (InetAddress c : clients) {
                                operator.requestHandoff(DscoCluster.SERVICE, c, "server1");
                            }
                        }
                        String serving = "server1", backup = "server2"; // each is the other's backup (the contact node is left out)
                        List<Double> streamStalls = new ArrayList<>(), requestStalls = new ArrayList<>(), restarts = new ArrayList<>();
                        long crashes0 = System.nanoTime();
                        for (int crash = 1; crash <= CRASHES; crash++) {
                            ProtectedCrashTest.awaitBackedUp(cluster.socket(backup), backup, clients.size());
                            Thread.sleep(200 + random.nextInt(1300));
                            long t0 = System.nanoTime();
                            tb.kill(serving);
                            // What was on its way from the dead node is read by then; any later byte comes from the backup.
                            Thread.sleep(50);
                            long dead = System.nanoTime();
                            long[] before = ProtectedCrashTest.echoed(stream);
                            long answeredBefore = requests.answered;
                            double streamStall = ProtectedCrashTest.awaitProgress(stream, before, t0, requests, answeredBefore,
                                    PROGRESS_MILLIS);
                            // the first answer after the node was surely dead; an earlier one came from the dying node
                            double requestStall = requests.stallAt(dead) + (dead - t0) / 1e6;
                            streamStalls.add(streamStall);
                            requestStalls.add(requestStall);

                            long r0 = System.nanoTime();
                            tb.restart(serving);
                            cluster.startDsco(serving);
                            cluster.startApp(serving);
                            cluster.awaitGroup();
                            restarts.add((System.nanoTime() - r0) / 1e9);
                            System.out.printf("crash %d: %s's container killed, %s took over; the streams stalled %.0f ms,"
                                    + " a request %.0f ms; %s back in the group %.1f s later%n", crash, serving, backup, streamStall,
                                    requestStall, serving, restarts.get(restarts.size() - 1));
                            String killed = serving;
                            serving = backup;
                            backup = killed;
                        }
                        double perCrash = (System.nanoTime() - crashes0) / 1e9 / CRASHES;
                        ProtectedCrashTest.assertEveryByteEchoedOnce(stream, requests);
                        System.out.printf("%d container kills: streams stalled median %.0f ms, worst %.0f ms; requests median %.0f ms,"
                                        + " worst %.0f ms; %s; %d requests answered; %.1f s per crash (restart and rejoin median %.1f s)%n",
                                CRASHES, ProtectedCrashTest.median(streamStalls), Collections.max(streamStalls),
                                ProtectedCrashTest.median(requestStalls), Collections.max(requestStalls), stream.counts(), requests.answered,
                                perCrash, ProtectedCrashTest.median(restarts));
                    } catch (AssertionError | Exception e) {
                        System.out.println(connections(tb, cluster)); // with the clients' connections still open
                        throw e;
                    }
                }
            } catch (AssertionError | Exception e) {
                System.out.println(cluster.logs());
                throw e;
            }
        }
    }

    /** The service's connections as each side's kernel sees them, and each dsco's protect.* counts, for a failure. */
    private static String connections(DockerTestbed tb, DockerCluster cluster) {
        StringBuilder b = new StringBuilder();
        List<String> nodes = new ArrayList<>(tb.serverNodes());
        nodes.add(DockerTestbed.CLIENT);
        for (String n : nodes) {
            b.append("--- ").append(n).append(": ss, NFQUEUE, protect.*\n");
            try {
                b.append(tb.exec(n, "ss", "-tnie", "( sport = :7000 or dport = :7000 )"));
                b.append(tb.exec(n, "cat", "/proc/net/netfilter/nfnetlink_queue"));
                b.append(tb.exec(n, "nstat", "-az", "TcpRetransSegs", "TcpExtTCPTimeouts", "TcpExtPAWSEstab", "TcpExtTCPACKSkippedPAWS",
                        "TcpExtTCPRcvQDrop", "TcpExtTCPOFODrop", "TcpExtTCPZeroWindowDrop", "TcpExtTCPDSACKRecv", "TcpExtTCPRcvCoalesce"));
                if (!n.equals(DockerTestbed.CLIENT)) {
                    try (DscoClient c = DscoClient.connect(cluster.socket(n))) {
                        c.stats().entrySet().stream().filter(e -> e.getKey().startsWith("protect.")).sorted(Map.Entry.comparingByKey())
                                .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append(' '));
                    }
                }
            } catch (Exception e) {
                b.append("(").append(e.getMessage()).append(")");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
