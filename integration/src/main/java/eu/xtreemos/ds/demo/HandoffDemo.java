package eu.xtreemos.ds.demo;

import eu.xtreemos.ds.bench.ProcStats;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.metrics.Percentiles;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.cluster.NodeProcess;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.saga.examples.StreamDemoServer;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;
import eu.xtreemos.ds.testbed.UserNamespaceSandbox;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live-handoff demo, through dsco: a namespace testbed with the HA agent, a dsco daemon per server
 * node and the stateful stream service on every node running as the unprivileged user nobody — an application
 * written on the SAGA API alone ({@link StreamDemoServer}: saga-api and its Gecko layer, the Distributed Servers
 * adaptor found by ServiceLoader at run time); one client streams both ways over several connections while an
 * operator (this program, through dsco's API, as {@code dsctl handoff} does) has it handed back and forth between
 * the nodes. Prints one timeline line per handoff and a summary; {@link #run} returns the figures so a test can
 * assert them.
 */
public final class HandoffDemo {
    /** What to run. */
    public record Options(String name, int site, int servers, int handoffs, int connections,
                          long bytesPerSecond, Duration interval, String filterMode, boolean verbose, String app, String redirect) {
        /** The application on the nodes: the SAGA one ({@value #SAGA}) or the same service on dsco's client library. */
        public static final String SAGA = "saga", DSCO = "dsco";
        /** How the client's packets follow it: HA steering, or Mobile IPv6 route optimization at the client. */
        public static final String STEERING = "steering", ROUTE_OPTIMIZATION = "route-optimization";

        /** With HA steering. */
        public Options(String name, int site, int servers, int handoffs, int connections, long bytesPerSecond,
                       Duration interval, String filterMode, boolean verbose, String app) {
            this(name, site, servers, handoffs, connections, bytesPerSecond, interval, filterMode, verbose, app, STEERING);
        }

        /** With the SAGA application. */
        public Options(String name, int site, int servers, int handoffs, int connections, long bytesPerSecond,
                       Duration interval, String filterMode, boolean verbose) {
            this(name, site, servers, handoffs, connections, bytesPerSecond, interval, filterMode, verbose, SAGA);
        }

        public Options {
            if (!redirect.equals(STEERING) && !redirect.equals(ROUTE_OPTIMIZATION)) {
                throw new IllegalArgumentException("redirect must be steering or route-optimization, got " + redirect);
            }
            if (!app.equals(SAGA) && !app.equals(DSCO)) {
                throw new IllegalArgumentException("app must be saga or dsco, got " + app);
            }
            if (handoffs < 1) {
                throw new IllegalArgumentException("handoffs must be at least 1, got " + handoffs);
            }
            if (connections < 1 || connections > 16) {
                throw new IllegalArgumentException("connections must be 1..16, got " + connections);
            }
            if (bytesPerSecond < 1000) {
                throw new IllegalArgumentException("rate must be at least 1000 bytes/s, got " + bytesPerSecond);
            }
            if (!filterMode.equals("hold") && !filterMode.equals("drop")) {
                throw new IllegalArgumentException("filter mode must be hold or drop, got " + filterMode);
            }
        }
    }

    /**
     * What happened. {@code interactiveRequests}: requests the client sent on its interactive connection;
     * {@code interactiveAnswers}: answers it received, each checked as the right one for its request.
     */
    public record Result(int handoffs, int failedHandoffs, List<Double> gapsMillis, List<Double> requestMillis, List<Double> dumpMicrosPerConn,
                         List<Double> restoreMicrosPerConn, List<Double> totalMillis, long bytesUp, long bytesDown,
                         long interactiveRequests, long interactiveAnswers, long clientRetransmits, List<String> errors) {
        /** Nearest rank ({@link Percentiles}); 0 for none. */
        public static double median(List<Double> xs) {
            List<Double> s = new ArrayList<>(xs);
            s.sort(null);
            return s.isEmpty() ? 0 : Percentiles.of(s, 50);
        }

        public static double worst(List<Double> xs) {
            return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    private final Options o;
    private final PrintStream out;

    public HandoffDemo(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    public Result run() throws Exception {
        out.printf("Bringing up testbed '%s': ha, contact, %d server node(s), 1 client; HA agent, dsco per node, "
                + "the stream service (%s) as %s on every node ...%n", o.name(), o.servers(),
                o.app().equals(Options.SAGA) ? "SAGA API" : "dsco's client library",
                UserNamespaceSandbox.insideUserNamespace() ? "you (the user namespace's only user)" : "user nobody");
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(o.name(), o.servers(), 1, o.site()));
             DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options(o.filterMode(), o.bytesPerSecond(),
                     o.redirect().equals(Options.STEERING) ? Map.of() : Map.of("redirect.mode", o.redirect()), 1, application(o)))) {
            try {
                if (o.redirect().equals(Options.ROUTE_OPTIMIZATION)) {
                    String plane;
                    try {
                        plane = eu.xtreemos.ds.dsco.ro.DataPlaneChoice.name(eu.xtreemos.ds.dsco.ro.DataPlaneChoice.auto());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("route optimization cannot run on this kernel: " + e.getMessage(), e);
                    }
                    out.println("Redirect by Mobile IPv6 route optimization: the correspondent agent runs on the client; "
                            + "bindings are carried by the " + plane + " data plane (what this kernel has; dsco check-kernel)");
                    cluster.startCorrespondent(tb.clients().get(0));
                }
                return run(tb, cluster);
            } catch (Exception e) {
                out.println("FAILED: " + e.getMessage() + "\nprocess logs:\n" + cluster.logs());
                throw e;
            }
        }
    }

    /**
     * The application on every node: the SAGA stream service, on the service's ds:// URL and the node's dsco (or,
     * for comparison, null: the cluster's default, the same service on dsco's client library).
     */
    static DscoCluster.Application application(Options o) {
        if (o.app().equals(Options.DSCO)) {
            return null;
        }
        return new DscoCluster.Application(StreamDemoServer.class.getName(),
                List.of("ds://[${address}]:${port}?socket=${socket}", "--rate", String.valueOf(o.bytesPerSecond())));
    }

    private Result run(NamespaceTestbed tb, DscoCluster cluster) throws Exception {
        InetSocketAddress service = new InetSocketAddress(tb.serviceAddress(), DscoCluster.SERVICE_PORT);
        String clientName = tb.clients().get(0);
        InetAddress clientAddr = tb.clientAddress(clientName);
        try (NetNamespace clientNs = NetNamespace.open(tb.ns(clientName));
             StreamClient client = StreamClient.start(clientNs, service, 1, o.connections(), o.bytesPerSecond())) {
            out.printf("Client %s streams %d connection(s) to [%s]:%d, %.1f MB/s each way per connection; filter mode %s%n",
                    clientAddr.getHostAddress(), o.connections(), service.getAddress().getHostAddress(), DscoCluster.SERVICE_PORT,
                    o.bytesPerSecond() / 1e6, o.filterMode());
            Thread.sleep(o.interval().toMillis());
            long retransmitsBefore = client.retransmits();

            List<String> nodes = tb.serverNodes();
            String at = nodes.get(0);
            List<Double> gaps = new ArrayList<>(), dump = new ArrayList<>(), restore = new ArrayList<>(), total = new ArrayList<>(),
                    requests = new ArrayList<>();
            int failed = 0;
            String loadBefore = ProcStats.load();
            for (int i = 1; i <= o.handoffs(); i++) {
                String to = nodes.get((nodes.indexOf(at) + 1) % nodes.size());
                long t0 = System.nanoTime();
                HandoffTimings t;
                try (DscoClient operator = DscoClient.connect(cluster.socket(at))) {
                    t = operator.requestHandoff(DscoCluster.SERVICE, clientAddr, to);
                } catch (DscoException e) {
                    failed++;
                    out.printf("handoff %3d %-8s -> %-8s FAILED: %s%n", i, at, to, e.getMessage());
                    Thread.sleep(o.interval().toMillis());
                    continue;
                }
                long t1 = System.nanoTime();
                Thread.sleep(o.interval().toMillis());
                long settled = System.nanoTime();
                // Client-visible: the longer of the pause in what the client received and the pause in what
                // the service received from it (dropped packets only show in the second).
                double down = client.worstGapMillis(t0, t1);
                double up = StreamCheck.worstUpstreamGap(List.of(cluster.app(to)), t0, settled);
                double gap = Math.max(down, up);
                double request = client.worstRequestMillis(t0, t1);
                requests.add(request);
                int n = o.connections();
                gaps.add(gap);
                dump.add(t.freezeDump().toNanos() / 1e3 / n);
                restore.add(t.restore().toNanos() / 1e3 / n);
                double handoffMillis = t.total().toNanos() / 1e6;
                total.add(handoffMillis);
                if (o.verbose() || i <= 5 || i % 10 == 0 || i == o.handoffs()) {
                    out.printf("handoff %3d %-8s -> %-8s %d conns | %s | total %.1f ms | client gap %.1f ms (down %.1f, up %.1f), request %.1f ms | verified up %s down %s%n",
                            i, at, to, n, t, handoffMillis, gap, down, up, request, mb(sum(client, true)), mb(sum(client, false)));
                }
                at = to;
            }
            long retransmits = client.retransmits() - retransmitsBefore;
            out.println("Stopping the client's writers and draining ...");
            List<String> errors = StreamCheck.finish(client, cluster.app(at), nodes.stream().map(cluster::app).toList());
            Result r = new Result(o.handoffs(), failed, gaps, requests, dump, restore, total, sum(client, true), sum(client, false),
                    client.interactiveRequests(), client.interactiveAnswers(), retransmits, errors);
            summary(r, loadBefore, ProcStats.load());
            return r;
        }
    }



    /** The figures, with the machine's load beside them: on 2 shared CPUs a figure means little without it. */
    private void summary(Result r, String loadBefore, String loadAfter) {
        out.println();
        out.printf("Handoffs: %d done, %d failed%n", r.handoffs() - r.failedHandoffs(), r.failedHandoffs());
        out.printf("Machine load (1, 5, 15 min): %s before the first handoff, %s after the last%n", loadBefore, loadAfter);
        out.printf("Client-visible gap per handoff (longest pause either way): median %.1f ms, worst %.1f ms, first handoff %s%n",
                Result.median(r.gapsMillis()), Result.worst(r.gapsMillis()),
                r.gapsMillis().isEmpty() ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms", r.gapsMillis().get(0)));
        out.printf("Interactive request answered across a handoff (10 ms requests, slowest per handoff): median %.1f ms, worst %.1f ms%n",
                Result.median(r.requestMillis()), Result.worst(r.requestMillis()));
        out.printf("Segments the client retransmitted during the handoffs: %d%n", r.clientRetransmits());
        out.printf("Dump per connection: median %.0f us; restore per connection: median %.0f us%n",
                Result.median(r.dumpMicrosPerConn()), Result.median(r.restoreMicrosPerConn()));
        out.printf("Handoff duration in dsco (flush to commit): median %.1f ms, worst %.1f ms%n",
                Result.median(r.totalMillis()), Result.worst(r.totalMillis()));
        out.printf("Bytes verified, in order and exactly once: client->server %d, server->client %d%n",
                r.bytesUp(), r.bytesDown());
        out.printf("Interactive connection: %d requests sent, %d answered, every answer checked against its request%s%n",
                r.interactiveRequests(), r.interactiveAnswers(), r.interactiveAnswers() == r.interactiveRequests() ? "" : " - ANSWERS MISSING");
        out.println(r.errors().isEmpty() ? "Errors: none (no reset, no wrong byte, no wrong or missing answer)" : "ERRORS: " + r.errors());
    }



    private static long sum(StreamClient c, boolean up) {
        long s = 0;
        for (int k = 0; k < c.connections(); k++) {
            s += up ? c.sent(k) : c.received(k);
        }
        return s;
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

}
