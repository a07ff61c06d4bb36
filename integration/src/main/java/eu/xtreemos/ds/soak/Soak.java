package eu.xtreemos.ds.soak;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.demo.StreamClient;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak: on a namespace testbed with three nodes (contact, server1, server2), each with its dsco and the
 * stream service, one client streams both ways over several connections while it is handed off between
 * random nodes, over and over, and faults are injected at random moments ({@link FaultInjector}). Checked
 * throughout: the client's data keeps flowing with no reset and no wrong byte, and its connections live on
 * exactly one node ({@link Placement}); at the end, every byte sent either way arrived exactly once
 * ({@link StreamCheck}). Measured: dsco's descriptors and resident memory over each process's life.
 */
public final class Soak {
    /** What to run. */
    public record Options(String name, int site, int handoffs, int minFaults, int connections, long bytesPerSecond,
                          Duration interval, Duration faultGap, Duration maxLinkCut, boolean linkCuts, boolean dscoRestarts,
                          long seed, Duration timeLimit, Duration progressEvery) {
        public Options {
            if (!linkCuts && !dscoRestarts && minFaults > 0) {
                throw new IllegalArgumentException("no kind of fault chosen, yet at least " + minFaults + " faults asked for");
            }
            if (handoffs < 1) {
                throw new IllegalArgumentException("handoffs must be at least 1, got " + handoffs);
            }
            if (minFaults < 0) {
                throw new IllegalArgumentException("minimum faults must be 0 or more, got " + minFaults);
            }
            if (connections < 1 || connections > 15) {
                throw new IllegalArgumentException("connections must be 1..15, got " + connections);
            }
            if (bytesPerSecond < 1000) {
                throw new IllegalArgumentException("rate must be at least 1000 bytes/s, got " + bytesPerSecond);
            }
            if (faultGap.toMillis() < 500) {
                throw new IllegalArgumentException("the mean time between faults must be at least 500 ms, got " + faultGap.toMillis() + " ms");
            }
            if (maxLinkCut.toMillis() < 200 || maxLinkCut.compareTo(LINK_CUT_LIMIT) > 0) {
                throw new IllegalArgumentException("the longest link cut must be 200 ms to " + LINK_CUT_LIMIT.toSeconds()
                        + " s (below failure detection, so a cut is a flapping link, not a dead node), got " + maxLinkCut.toMillis() + " ms");
            }
        }
    }

    /** What happened. */
    public record Result(int handoffs, int failedHandoffs, int linkCuts, int dscoRestarts, int faultsSurvived,
                         long bytesUp, long bytesDown, List<DscoWatch.Life> dscoLives, Map<String, Integer> failureReasons,
                         List<String> errors, Duration elapsed) {
    }

    /**
     * Failure detection in the soak's group (dsco's default is 1 s): link cuts stay at most half of it, so a
     * cut is a flapping link and never taken for a dead contact node (failover has its own test). It is also
     * the group's join timeout, which a founding member waits out at start.
     */
    static final Duration DETECTION = Duration.ofSeconds(6);
    static final Duration LINK_CUT_LIMIT = DETECTION.dividedBy(2);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final Options o;
    private final PrintStream out;
    private final Random random;
    private final AtomicInteger done = new AtomicInteger();

    public Soak(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
        this.random = new Random(o.seed());
    }

    public Result run() throws Exception {
        out.printf("Soak: testbed '%s' (site %d): ha, contact, server1, server2, client1; HA agent, dsco and the stream "
                + "service on every node; %d handoffs, a fault every ~%d ms (at least %d), seed %d%n", o.name(), o.site(),
                o.handoffs(), o.faultGap().toMillis(), o.minFaults(), o.seed());
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(o.name(), 2, 1, o.site()));
             DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", o.bytesPerSecond(),
                     Map.of("failover.detection", DETECTION.toMillis() + "ms")))) {
            try {
                Result r = run(tb, cluster);
                if (!r.errors().isEmpty()) {
                    out.println("process logs (whole logs kept in " + cluster.directory()
                            + " with -Dds.cluster.keep=true):\n" + cluster.logs());
                }
                return r;
            } catch (Exception | AssertionError e) {
                out.println("FAILED: " + e + "\nprocess logs:\n" + cluster.logs());
                throw e;
            }
        }
    }

    private Result run(NamespaceTestbed tb, DscoCluster cluster) throws Exception {
        long t0 = System.nanoTime();
        List<String> nodes = tb.serverNodes();
        String clientName = tb.clients().get(0);
        InetAddress clientAddress = tb.clientAddress(clientName);
        InetSocketAddress service = new InetSocketAddress(tb.serviceAddress(), DscoCluster.SERVICE_PORT);
        List<String> errors = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int failed = 0;
        DscoWatch watch = new DscoWatch();
        try (NetNamespace clientNs = NetNamespace.open(tb.ns(clientName));
             StreamClient client = StreamClient.start(clientNs, service, 1, o.connections(), o.bytesPerSecond())) {
            Placement placement = new Placement(tb, cluster, client, clientAddress, client.localPorts(), DscoCluster.SERVICE_PORT);
            for (String n : nodes) {
                watch.started(n, cluster.dsco(n).pid(), 0);
            }
            FaultInjector faults = new FaultInjector(tb, cluster, random, o.faultGap(), o.maxLinkCut(), o.linkCuts(),
                    o.dscoRestarts(), watch, done::get, () -> flowing(client, SETTLE), out, t0);
            Thread injector = new Thread(faults, "soak-faults");
            injector.setDaemon(true);
            String at = nodes.get(0);
            long deadline = t0 + o.timeLimit().toNanos();
            long nextProgress = System.nanoTime() + o.progressEvery().toNanos();
            Thread.sleep(300);
            if (o.linkCuts() || o.dscoRestarts()) {
                injector.start();
            }
            try {
                while (done.get() < o.handoffs() || faults.survived.get() < o.minFaults()) {
                    if (faults.problem != null) {
                        errors.add(faults.problem);
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        errors.add("time limit of " + o.timeLimit().toSeconds() + " s reached after " + done.get() + " handoffs and "
                                + faults.survived.get() + " faults");
                        break;
                    }
                    String to = other(nodes, at);
                    DscoClient operator;
                    try {
                        operator = DscoClient.connect(cluster.socket(at));
                    } catch (IOException e) {
                        Thread.sleep(100); // that node's dsco is restarting: not a handoff attempt
                        continue;
                    }
                    boolean ok = false;
                    try (operator) {
                        operator.requestHandoff(DscoCluster.SERVICE, clientAddress, to);
                        ok = true;
                    } catch (IOException e) { // refused or failed (DscoException), or the dsco died under the call
                        failed++;
                        reasons.merge(reasonKind(e), 1, Integer::sum);
                    }
                    int n = ok ? done.incrementAndGet() : done.get();
                    if (!ok || n % 25 == 0) {
                        Placement.Where w = placement.settle(SETTLE);
                        if (w.node() == null) {
                            errors.add("after " + n + " handoffs, the client's connections are not on exactly one node: " + w.problem());
                            break;
                        }
                        at = w.node();
                        for (String node : nodes) {
                            var d = cluster.dsco(node);
                            if (d != null) {
                                watch.sample(node, d.pid(), n);
                            }
                        }
                        if (!client.errors().isEmpty()) {
                            errors.add("client errors: " + client.errors());
                            break;
                        }
                    } else {
                        at = to;
                    }
                    if (System.nanoTime() > nextProgress) {
                        progress(t0, client, failed, faults, at);
                        nextProgress = System.nanoTime() + o.progressEvery().toNanos();
                    }
                    Thread.sleep(o.interval().toMillis());
                }
            } finally {
                faults.stop();
                injector.join(60_000); // a fault under way is finished (a cut link restored) before it stops
            }
            if (faults.problem != null && !errors.contains(faults.problem)) {
                errors.add(faults.problem);
            }
            progress(t0, client, failed, faults, at);
            if (errors.isEmpty()) {
                Placement.Where w = placement.settle(SETTLE);
                if (w.node() == null) {
                    errors.add("at the end, the client's connections are not on exactly one node: " + w.problem());
                } else {
                    at = w.node();
                    out.println("Stopping the client's writers and draining ...");
                    errors.addAll(StreamCheck.finish(client, cluster.app(at), nodes.stream().map(cluster::app).toList()));
                }
            }
            Map<String, Long> pids = new LinkedHashMap<>();
            for (String node : nodes) {
                pids.put(node, cluster.dsco(node).pid());
            }
            Result r = new Result(done.get(), failed, faults.linkCuts.get(), faults.dscoRestarts.get(), faults.survived.get(),
                    sum(client, true), sum(client, false), watch.finish(pids, done.get()), reasons, errors,
                    Duration.ofNanos(System.nanoTime() - t0));
            summary(r);
            return r;
        }
    }

    /** Waits until every connection of the client has received and sent more; null if so, else what is wrong. */
    private static String flowing(StreamClient c, Duration wait) throws InterruptedException {
        long[] rx = new long[c.connections()], tx = new long[c.connections()];
        for (int k = 0; k < rx.length; k++) {
            rx[k] = c.received(k);
            tx[k] = c.sent(k);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!c.errors().isEmpty()) {
                return "client errors: " + c.errors();
            }
            boolean all = true;
            for (int k = 0; k < rx.length && all; k++) {
                all = c.received(k) > rx[k] && c.sent(k) > tx[k];
            }
            if (all) {
                return null;
            }
            Thread.sleep(50);
        }
        StringBuilder b = new StringBuilder("the client's data did not flow both ways on every connection within "
                + wait.toSeconds() + " s (per connection: bytes received, sent meanwhile:");
        for (int k = 0; k < rx.length; k++) {
            b.append(" [").append(c.connId(k)).append(": ").append(c.received(k) - rx[k]).append(", ").append(c.sent(k) - tx[k]).append(']');
        }
        return b.append(')').toString();
    }

    private String other(List<String> nodes, String at) {
        List<String> others = new ArrayList<>(nodes);
        others.remove(at);
        return others.get(random.nextInt(others.size()));
    }

    /** A failure's message without the numbers in it, to count failures by kind. */
    private static String reasonKind(IOException e) {
        String m = (e instanceof DscoException ? "" : e.getClass().getSimpleName() + ": ") + String.valueOf(e.getMessage());
        m = m.replaceAll("[0-9a-f]{6,}|\\d+", "#");
        return m.length() > 140 ? m.substring(0, 140) + "..." : m;
    }

    private void progress(long t0, StreamClient client, int failed, FaultInjector faults, String at) {
        out.printf("[%5.0f s] handoffs %d/%d (%d failed) | faults %d link cuts, %d dsco restarts, %d survived | verified so far: "
                        + "up %.1f MB, down %.1f MB | client on %s%n", (System.nanoTime() - t0) / 1e9, done.get(), o.handoffs(),
                failed, faults.linkCuts.get(), faults.dscoRestarts.get(), faults.survived.get(), sum(client, true) / 1e6,
                sum(client, false) / 1e6, at);
    }

    private void summary(Result r) {
        out.println();
        out.printf("Handoffs: %d done, %d failed (the client stayed where it was) in %.0f s%n", r.handoffs(), r.failedHandoffs(),
                r.elapsed().toMillis() / 1e3);
        r.failureReasons().forEach((why, n) -> out.printf("  %4d x %s%n", n, why));
        out.printf("Faults: %d link cuts, %d dsco kills and restarts; %d survived (data flowing both ways again, no error)%n",
                r.linkCuts(), r.dscoRestarts(), r.faultsSurvived());
        out.printf("Bytes verified, in order and exactly once: client->server %d, server->client %d%n", r.bytesUp(), r.bytesDown());
        out.println("dsco processes (descriptors / resident memory / live heap after a full GC: first, after " + DscoWatch.WARM
                + " handoffs, last):");
        for (DscoWatch.Life l : r.dscoLives()) {
            out.printf("  %-8s %s%n", l.node(), describe(l));
        }
        out.println(r.errors().isEmpty() ? "Errors: none (no reset, no lost or duplicated byte, always on exactly one node)"
                : "ERRORS: " + r.errors());
    }

    static String describe(DscoWatch.Life l) {
        if (l.first() == null || l.last() == null) {
            return "(no figures)";
        }
        String warm = l.warm() == null ? "-" : l.warm().fds() + "";
        String warmRss = l.warm() == null ? "-" : String.format("%.0f", l.warm().rssKiB() / 1024.0);
        String warmHeap = l.warm() == null ? "-" : mib(l.warm().liveHeapKiB());
        return String.format("pid %-7d over %5d handoffs: fds %d / %s / %d; RSS %.0f / %s / %.0f MiB; live heap - / %s / %s MiB",
                l.first().pid(), l.handoffs(), l.first().fds(), warm, l.last().fds(), l.first().rssKiB() / 1024.0, warmRss,
                l.last().rssKiB() / 1024.0, warmHeap, mib(l.last().liveHeapKiB()));
    }

    private static String mib(long kib) {
        return kib < 0 ? "?" : String.format("%.1f", kib / 1024.0);
    }

    private static long sum(StreamClient c, boolean up) {
        long s = 0;
        for (int k = 0; k < c.connections(); k++) {
            s += up ? c.sent(k) : c.received(k);
        }
        return s;
    }
}
