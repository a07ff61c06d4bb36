package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Contact-node failover, measured: on a three-node testbed, kill the contact node (its dsco and its
 * application, and take its link down) and time until a new client is accepted again; bring the node back as a server node and
 * repeat with the next contact node. Prints every trial and the median and worst, of the whole and of its two parts:
 * time-to-detect (the death to the moment the new contact node's dsco decides to take over, from its STATS) and
 * time-to-switch (that decision to the first new client accepted), with the machine's load average.
 */
@Command(name = "ds-bench-failover", mixinStandardHelpOptions = true,
        description = "Times contact-node failover: the contact node's death to the first new client accepted (needs root).")
public final class FailoverBenchmark implements Callable<Integer> {
    @Option(names = "--trials", defaultValue = "20", description = "Number of failovers (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--name", defaultValue = "dsfo", description = "Testbed name, prefix of its namespaces (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--site", defaultValue = "21", description = "Testbed address block, 0-255 (default: ${DEFAULT-VALUE}).")
    int site;

    @Override
    public Integer call() throws Exception {
        List<Double> ms = new ArrayList<>(), detect = new ArrayList<>(), switched = new ArrayList<>();
        String loadAtStart = ProcStats.load();
        System.out.printf("load average at start: %s%n", loadAtStart);
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(name, 2, 1, site));
             DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", 100_000, Map.of()));
             NetNamespace client = NetNamespace.open(tb.ns("client1"))) {
            DscoCluster.Service demo = cluster.services().get(0);
            String contact = "contact";
            for (int i = 1; i <= trials; i++) {
                // The rule dsco follows: the first live node in the configured order (contact, server1, server2).
                String next = contact.equals("contact") ? "server1" : "contact";
                long failoversBefore = failovers(cluster, next);
                long killedAt = System.currentTimeMillis(); // the dsco logs' and metrics' clock: same machine
                long t0 = System.nanoTime();
                cluster.killDsco(contact); // the node dies: its processes, and its link
                cluster.killApps(contact);
                tb.cutLink(contact);
                StreamClient c = null;
                while (c == null && System.nanoTime() - t0 < 30_000_000_000L) {
                    try {
                        // A SYN lost on the dead node's link would wait for TCP's 1 s / 3 s / 7 s retries and
                        // measure those: probe with a short connect timeout, and only then open the stream.
                        if (client.call(() -> reachable(new InetSocketAddress(demo.address(), demo.port())))) {
                            c = StreamClient.start(client, new InetSocketAddress(demo.address(), demo.port()), 10 + i, 1, 10_000);
                        }
                    } catch (Exception e) {
                        Thread.sleep(10);
                    }
                }
                double took = (System.nanoTime() - t0) / 1e6;
                if (c == null) {
                    System.out.printf("trial %2d: %s died, no new client accepted within 30 s (load %s)%n", i, contact, ProcStats.load());
                    return 1;
                }
                c.close();
                ms.add(took);
                // What the new contact node's dsco says it did: when the view without the dead node came, when it
                // decided to take over, when the HA switched. Detection is death -> decision, the switch the rest.
                Map<String, String> st = stats(cluster, next);
                String steps;
                if (st != null && Long.parseLong(st.getOrDefault("failover.count", "0")) > failoversBefore) {
                    long view = Long.parseLong(st.get("failover.view_at_ms")), decided = Long.parseLong(st.get("failover.decided_at_ms")),
                            ha = Long.parseLong(st.get("failover.switched_at_ms"));
                    double d = decided - killedAt;
                    detect.add(d);
                    switched.add(took - d);
                    steps = String.format(Locale.ROOT, "detect %5.0f ms (view %5d ms + reachability watch %4d ms), switch %5.0f ms (HA %3d ms)",
                            d, view - killedAt, decided - view, took - d, ha - decided);
                } else {
                    steps = "detect ? (the new contact node reports no new failover)";
                }
                System.out.printf(Locale.ROOT, "trial %2d: %-8s died -> %-8s accepts new clients after %5.0f ms: %s; load %s%n",
                        i, contact, next, took, steps, ProcStats.load());
                tb.restoreLink(contact); // back as a server node
                cluster.startDsco(contact);
                cluster.startApp(contact);
                cluster.awaitGroup(); // it joins the group in the background: every node must see it before the next death
                contact = next;
            }
        }
        Stats st = Stats.of(ms), d = Stats.of(detect), sw = Stats.of(switched);
        System.out.printf(Locale.ROOT, "%nfailover over %d trials: median %.0f ms, worst %.0f ms%n", st.n(), st.median(), st.worst());
        System.out.printf(Locale.ROOT, "  time-to-detect (death -> new contact decides), %d trials: median %.0f ms, worst %.0f ms%n",
                d.n(), d.median(), d.worst());
        System.out.printf(Locale.ROOT, "  time-to-switch (decision -> first new client accepted), %d trials: median %.0f ms, worst %.0f ms%n",
                sw.n(), sw.median(), sw.worst());
        System.out.printf("load average: %s at start, %s at the end%n", loadAtStart, ProcStats.load());
        return 0;
    }

    /** A node's dsco metrics (STATS), or null if it does not answer. */
    private static Map<String, String> stats(DscoCluster cluster, String node) {
        try (DscoClient c = DscoClient.connect(cluster.socket(node))) {
            return c.stats();
        } catch (Exception e) {
            return null;
        }
    }

    private static long failovers(DscoCluster cluster, String node) {
        Map<String, String> st = stats(cluster, node);
        return st == null ? 0 : Long.parseLong(st.getOrDefault("failover.count", "0"));
    }

    /** Whether a TCP connection to {@code a} is accepted within 100 ms. */
    public static boolean reachable(InetSocketAddress a) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(a, 100);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FailoverBenchmark()).execute(args));
    }
}
