package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.dsco.api.HandoffPhase;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.client.DscoClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The end-to-end handoff benchmark (bin/ds-bench): namespace testbeds with real dsco daemons, the HA
 * agent and the benchmark application on every node, each its own JVM; an ordinary TCP client streams
 * while an operator has its connections handed off. For every figure it prints the median, the 99th
 * percentile and the worst, and it writes a CSV per scenario and PNG plots (docs/benchmarks.md).
 *
 * <ul>
 *   <li><b>gap</b>: the client-visible gap per handoff, from tcpdump at the client: from the donor's last new
 *       server data to the receiver's first ({@link PacketCapture#gap}; the sockets told apart by the IPv6 flow
 *       label);</li>
 *   <li><b>CPU</b>: user + system time of the donor's dsco and application, and of the receiver's, over
 *       the handoff, less what they use when idle (measured before each series), per handoff.</li>
 * </ul>
 */
@Command(name = "ds-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end handoff benchmark through real dsco daemons on a namespace testbed.",
                "Prints median / 99th percentile / worst of the client-visible gap, the CPU time per handoff on the donating "
                        + "and the receiving side, handoff durations, redistribution time and dsco's memory; writes CSV files and "
                        + "PNG plots to --out. Needs root (namespaces, TCP_REPAIR) and tcpdump (bin/setup installs it)."})
public final class HandoffBenchmark implements Callable<Integer> {
    static final List<String> ALL = List.of("single", "baselines", "connections", "unsent", "concurrent", "nodes", "redistribute", "memory");

    @Option(names = "--scenarios", split = ",", defaultValue = "single,baselines,connections,unsent,concurrent,nodes,redistribute,memory",
            description = "Which scenarios, comma-separated, from: ${COMPLETION-CANDIDATES} (default: all).",
            completionCandidates = Scenarios.class)
    List<String> scenarios;
    @Option(names = "--handoffs", defaultValue = "200", description = "Handoffs per measured point (default: ${DEFAULT-VALUE}).")
    int handoffs;
    @Option(names = "--smoke", description = "A few handoffs per point and the smallest sizes: checks that everything runs (CI).")
    boolean smoke;
    @Option(names = "--rate", defaultValue = "1000000", description = "Bytes/s each way on a busy connection (default: ${DEFAULT-VALUE}).")
    long rate;
    @Option(names = "--warmup", defaultValue = "100", description = "Handoffs before each measured series, not measured (JIT, links) (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--interval-ms", defaultValue = "30", description = "Pause between handoffs, ms, from the end of one (its receiver's "
            + "first new data seen by the client) to the request of the next (default: ${DEFAULT-VALUE}).")
    int intervalMs;
    @Option(names = "--redirect", defaultValue = "ha", description = "Redirect mode: ha (HA steering) or ro (Mobile IPv6 route optimization: "
            + "SRv6 data plane, the correspondent agent in the client namespace; scenarios with several clients at once are skipped) "
            + "(default: ${DEFAULT-VALUE}).")
    String redirect;
    @Option(names = "--jit", defaultValue = "full", description = "JIT of the cluster's JVMs: full (tiered C1+C2) or c1 (C1 only, as the "
            + "tests run) (default: ${DEFAULT-VALUE}).")
    String jit;
    @Option(names = "--clients", defaultValue = "1000", description = "Clients redistributed across 3 nodes (default: ${DEFAULT-VALUE}).")
    int redistributeClients;
    @Option(names = "--bound", defaultValue = "10000", description = "Clients bound for the memory scenario (default: ${DEFAULT-VALUE}).")
    int boundClients;
    @Option(names = "--threads", description = "Also print where the CPU went: per thread of each dsco and application, per handoff.")
    boolean threads;
    @Option(names = "--strace", description = "Count the system calls of the contact node's dsco over each series (strace -c -f; slows it down).")
    boolean strace;
    @Option(names = "--floor-samples", defaultValue = "300", description = "Samples of each part of the floor measured before the "
            + "scenarios: round trips between two nodes' namespaces, and connections frozen, dumped, restored and activated "
            + "(default: ${DEFAULT-VALUE}).")
    int floorSamples;
    @Option(names = "--out", defaultValue = "docs/bench", description = "Directory for the CSV files and PNG plots (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--name", defaultValue = "bn", description = "Testbed name (namespace prefix) (default: ${DEFAULT-VALUE}).")
    String name;
    @Option(names = "--site", defaultValue = "90", description = "Testbed site number, address block fd00:d5:SITE::/48 (default: ${DEFAULT-VALUE}).")
    int site;

    static final class Scenarios extends ArrayList<String> {
        Scenarios() {
            super(ALL);
        }
    }

    private final PrintStream o;
    private final Progress progress;
    private final Results results;

    public HandoffBenchmark() {
        this(System.out);
    }

    HandoffBenchmark(PrintStream o) {
        this.o = o;
        this.progress = new Progress(System.err);
        this.results = new Results();
    }

    /** One measured handoff (or batch of simultaneous ones). */
    record Sample(long wallFrom, long wallTo, double millis, double cpuDonorMs, double cpuReceiverMs, int count,
                  HandoffTimings timings) {
    }

    @Override
    public Integer call() throws Exception {
        for (String s : scenarios) {
            if (!ALL.contains(s)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario '" + s + "'; known: " + ALL);
            }
        }
        if (!redirect.equals("ha") && !redirect.equals("ro")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--redirect must be ha or ro, got '" + redirect + "'");
        }
        if (!jit.equals("full") && !jit.equals("c1")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--jit must be full or c1, got '" + jit + "'");
        }
        if (handoffs < 1 || intervalMs < 0 || rate < 1000 || floorSamples < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--handoffs must be >= 1, --interval-ms >= 0, --rate >= 1000, --floor-samples >= 1");
        }
        if (smoke) {
            handoffs = Math.min(handoffs, 3);
        }
        System.setProperty("ds.cluster.jit", jit);
        Files.createDirectories(out);
        o.printf(Locale.ROOT, "# ds-bench: %s, %d CPUs, Linux %s, Java %s, cluster JVMs: %s; redirect: %s; load %s; capture: %s%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.version"),
                System.getProperty("java.version"), jit.equals("full") ? "tiered (C1+C2)" : "C1 only",
                ro() ? "route optimization (" + roPlane() + ")" : "HA steering", ProcStats.load(),
                PacketCapture.available() ? "tcpdump" : "NONE (tcpdump missing: no gap figures)");
        measureFloor();
        List<String> failedScenarios = new ArrayList<>();
        for (String s : scenarios) {
            o.printf(Locale.ROOT, "%n## %s (load %s)%n", s, ProcStats.load());
            try {
                runScenario(s);
            } catch (Exception e) {
                failedScenarios.add(s);
                o.println("SCENARIO " + s + " FAILED: " + e);
                e.printStackTrace();
            }
        }
        results.write(out);
        Plots.write(results, out);
        seedTable();
        o.printf(Locale.ROOT, "%nload at the end %s; CSV and PNG files in %s%s%n", ProcStats.load(), out,
                failedScenarios.isEmpty() ? "" : "; FAILED scenarios: " + failedScenarios);
        return failedScenarios.isEmpty() ? 0 : 1;
    }

    /** The floor of a handoff on this testbed, or null if it could not be measured. */
    private Floor floor;

    /** Measures the {@link Floor} and prints its parts with the load; a failure is printed and leaves no floor. */
    private void measureFloor() {
        progress.update("floor", 0, 1);
        try {
            floor = FloorProbe.measure(name, site, floorSamples);
            o.printf(Locale.ROOT, "%s; load %s%n", floor.describe(), ProcStats.load());
        } catch (Exception e) {
            o.println("floor: NOT MEASURED: " + e);
        }
        progress.update("floor", 1, 1);
    }

    private boolean ro() {
        return redirect.equals("ro");
    }

    /** Scenarios that move several clients of the one client namespace at once: not with route optimization. */
    private static final List<String> MANY_CLIENTS = List.of("concurrent", "redistribute", "memory");

    private void runScenario(String s) throws Exception {
        if (ro() && MANY_CLIENTS.contains(s)) {
            o.println("skipped with --redirect ro: it moves several clients at once, and their addresses share one namespace, "
                    + "whose route-optimization bindings (per service address, not per client) all its clients would follow");
            return;
        }
        {
            switch (s) {
                case "single" -> single();
                case "baselines" -> baselines();
                case "connections" -> connections();
                case "unsent" -> unsent();
                case "concurrent" -> concurrent();
                case "nodes" -> nodes();
                case "redistribute" -> redistribute();
                case "memory" -> memory();
                default -> throw new IllegalStateException(s);
            }
        }
    }

    // ------------------------------------------------------------------ scenarios

    private Bed bed(int nodes, int clients, String filter, long serverRate) throws Exception {
        progress.update("testbed " + nodes + " nodes", 0, 1);
        Bed b = Bed.up(name, site, nodes, clients, filter, serverRate,
                ro() ? Map.of("redirect.mode", "route-optimization") : Map.of(), progress);
        try {
            if (ro() && clients > 0) {
                b.correspondFor(b.clients.get(0));
            }
        } catch (Exception e) {
            b.close();
            throw e;
        }
        progress.update("testbed " + nodes + " nodes", 1, 1);
        return b;
    }

    /** One client, one busy connection, handed back and forth between two nodes: the headline figures. */
    private void single() throws Exception {
        try (Bed b = bed(2, 1, "hold", rate)) {
            BenchClients cs = b.connect(b.clients, 1, 1, rate, progress);
            warmUp(b, b.clients.get(0));
            series(b, "single", "hold, no flush", 1, List.of(b.clients.get(0)), handoffs, 1);
            verify(b, cs);
        }
    }

    /** The same with the baselines side by side: a flush before the dump (up to 100 ms; the default is none); dropping instead of holding. */
    private void baselines() throws Exception {
        try (Bed b = bed(2, 1, "hold", rate)) {
            BenchClients cs = b.connect(b.clients, 1, 1, rate, progress);
            warmUp(b, b.clients.get(0));
            b.setOnAll("timeouts.flush", "100ms");
            series(b, "baselines", "hold, flush", 1, List.of(b.clients.get(0)), handoffs, 1);
            b.setOnAll("timeouts.flush", "0ms"); // the default
            series(b, "baselines", "hold, no flush", 2, List.of(b.clients.get(0)), handoffs, 1);
            verify(b, cs);
        }
        try (Bed b = bed(2, 1, "drop", rate)) {
            BenchClients cs = b.connect(b.clients, 1, 1, rate, progress);
            warmUp(b, b.clients.get(0));
            series(b, "baselines", "drop, no flush", 3, List.of(b.clients.get(0)), handoffs, 1);
            verify(b, cs);
        }
    }

    /** One client with N connections (the first busy, the others idle). */
    private void connections() throws Exception {
        int[] ns = smoke ? new int[] {1, 10} : new int[] {1, 10, 100, 1000};
        try (Bed b = bed(2, ns.length, "hold", rate)) {
            for (int i = 0; i < ns.length; i++) {
                InetAddress c = b.clients.get(i);
                if (ro() && i > 0) {
                    b.correspondFor(c);
                }
                BenchClients cs = b.connect(List.of(c), ns[i], 1, rate, progress);
                warmUp(b, c, i == 0 ? (smoke ? 2 : warmup) : 4); // the JIT is warm after the first point
                series(b, "connections", "hold, no flush", ns[i], List.of(c), Math.max(3, handoffs / (ns[i] >= 100 ? 4 : 1)), 1);
                verify(b, cs); // stops the applications' writing: started again once this point's client is gone
                cs.close();
                b.awaitGone(c);
                for (String node : b.nodes()) {
                    b.app(node).command("start-writing", "ok");
                }
            }
        }
    }

    /** Bytes left in the send queue at the handoff, with and without flush. */
    private void unsent() throws Exception {
        int[] bytes = smoke ? new int[] {0, 65536} : new int[] {0, 16384, 65536, 262144, 1048576};
        try (Bed b = bed(2, 1, "hold", rate)) {
            InetAddress c = b.clients.get(0);
            BenchClients cs = b.connect(List.of(c), 1, 1, rate, progress);
            warmUp(b, c);
            for (String flush : List.of("flush", "no flush")) {
                b.setOnAll("timeouts.flush", flush.equals("flush") ? "100ms" : "0ms");
                for (int n : bytes) {
                    for (String node : b.nodes()) {
                        b.app(node).command("burst " + n, "ok");
                    }
                    series(b, "unsent", "hold, " + flush, n / 1024.0, List.of(c), Math.max(3, handoffs / 2), 1);
                }
            }
            for (String node : b.nodes()) {
                b.app(node).command("burst 0", "ok");
            }
            verify(b, cs);
        }
    }

    /** K clients handed off at once (one busy connection on the first, one idle on each other). */
    private void concurrent() throws Exception {
        int[] ks = smoke ? new int[] {1, 4} : new int[] {1, 4, 16, 64};
        int max = ks[ks.length - 1];
        try (Bed b = bed(2, max, "hold", rate)) {
            BenchClients busy = b.connect(b.clients.subList(0, 1), 1, 1, rate, progress);
            BenchClients idle = b.connect(b.clients.subList(1, max), 1, 0, rate, progress);
            warmUp(b, b.clients.get(0));
            for (int k : ks) {
                series(b, "concurrent", "hold, no flush", k, b.clients.subList(0, k), Math.max(3, handoffs / Math.max(1, k / 4)), k);
            }
            verify(b, busy);
            verify(b, idle);
        }
    }

    /** Handoffs around a ring of 2 … 5 nodes. */
    private void nodes() throws Exception {
        int[] ns = smoke ? new int[] {2} : new int[] {2, 3, 4, 5};
        for (int n : ns) {
            try (Bed b = bed(n, 1, "hold", rate)) {
                BenchClients cs = b.connect(b.clients, 1, 1, rate, progress);
                warmUp(b, b.clients.get(0));
                series(b, "nodes", "hold, no flush", n, List.of(b.clients.get(0)), handoffs, 1);
                verify(b, cs);
            }
        }
    }

    /** 1,000 clients with one connection each, all on the contact node, spread over 3 nodes; every byte checked. */
    private void redistribute() throws Exception {
        int n = smoke ? 30 : redistributeClients;
        long slow = 2000; // bytes/s each way on each connection
        try (Bed b = bed(3, n, "hold", slow)) {
            BenchClients cs = b.connect(b.clients, 1, 1, slow, progress);
            Thread.sleep(500);
            List<String> nodes = b.nodes();
            Map<String, Long> cpu0 = cpuAll(b);
            long t0 = System.nanoTime();
            Bed.Spread spread = b.spread(nodes, n, 16, progress);
            List<Double> each = spread.millis();
            printFailures(spread);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> cpu1 = cpuAll(b);
            Thread.sleep(500);
            Verify.Result v = Verify.streams(b, cs);
            double cpuMs = nodes.stream().mapToLong(x -> cpu1.get(x) - cpu0.get(x)).sum() / 1e6;
            o.printf(Locale.ROOT, "%d clients (1 connection each) from %s to %s: %.2f s in all (%.0f handoffs/s), per handoff %s ms "
                            + "(median / p99 / worst); CPU of all dsco+apps %.2f ms per handoff; bytes checked: %s%n",
                    2 * n / 3, nodes.get(0), nodes.subList(1, 3), seconds, (2 * n / 3) / seconds, Stats.of(each).format("%.2f"),
                    cpuMs / (2 * n / 3), v);
            results.add("redistribute", "hold, no flush", n, Stats.of(List.of(seconds * 1000)), Stats.of(each), Stats.of(List.of()),
                    Stats.of(List.of()), "bytes " + v.bytes() + ", errors " + v.errors().size());
            failOn(v);
        }
    }

    /** dsco's resident size as clients get bound to nodes (handed off to them), and over repeated rounds. */
    private void memory() throws Exception {
        int n = smoke ? 50 : boundClients;
        try (Bed b = bed(2, n, "hold", 1000)) {
            List<String> nodes = b.nodes();
            BenchClients cs = b.connect(b.clients, 1, 0, 1000, progress);
            o.printf(Locale.ROOT, "dsco RSS with %d clients connected, none handed off yet: %s%n", n, rss(b));
            int rounds = smoke ? 2 : 4;
            for (int r = 1; r <= rounds; r++) {
                String from = nodes.get((r - 1) % 2), to = nodes.get(r % 2);
                long t0 = System.nanoTime();
                printFailures(b.spread(List.of(from, to), n, 16, progress));
                double s = (System.nanoTime() - t0) / 1e9;
                Thread.sleep(500); // the receiving application takes the last clients over
                o.printf(Locale.ROOT, "round %d: %d clients %s -> %s in %.1f s; dsco RSS %s; load %s%n", r, n, from, to, s, rss(b), ProcStats.load());
                results.add("memory", "round " + r, n, Stats.of(List.of((double) b.dscoRss(from) / (1 << 20))),
                        Stats.of(List.of((double) b.dscoRss(to) / (1 << 20))), Stats.of(List.of()), Stats.of(List.of()), "");
            }
            verify(b, cs);
        }
    }

    /**
     * Checks every byte of a client set's streams (it stops them: {@link Verify}) and prints the count; an error
     * (a byte missing, repeated or out of order, a reset, a connection closed) fails the scenario.
     */
    private void verify(Bed b, BenchClients cs) throws Exception {
        Verify.Result v = Verify.streams(b, cs);
        o.println("bytes checked: " + v);
        failOn(v);
    }

    private static void failOn(Verify.Result v) throws IOException {
        if (!v.errors().isEmpty()) {
            throw new IOException("the streams' check found " + v.errors().size() + " errors: "
                    + v.errors().subList(0, Math.min(5, v.errors().size())));
        }
    }

    private static String rss(Bed b) {
        StringBuilder s = new StringBuilder();
        for (String n : b.nodes()) {
            s.append(String.format(Locale.ROOT, "%s %.1f MiB ", n, b.dscoRss(n) / 1048576.0));
        }
        return s.toString().trim();
    }

    // ------------------------------------------------------------------ measuring

    /** A few handoffs first: JIT, links, caches (not measured). */
    private void warmUp(Bed b, InetAddress client) throws Exception {
        warmUp(b, client, smoke ? 2 : warmup);
    }

    private void warmUp(Bed b, InetAddress client, int n) throws Exception {
        List<String> nodes = b.nodes();
        String at = nodes.get(0);
        for (int i = 0; i < n; i++) {
            String to = nodes.get((nodes.indexOf(at) + 1) % nodes.size());
            try {
                handoff(b, List.of(client), at, to);
                at = to;
            } catch (IOException e) {
                o.println("    warm-up handoff " + at + " -> " + to + " FAILED: " + e.getMessage());
                o.println(b.tb.exec(to, "ss", "-tanoei"));
                Thread.sleep(500);
                at = whereIs(b, client, nodes);
            }
            Thread.sleep(intervalMs);
        }
        if (!at.equals(nodes.get(0))) {
            handoff(b, List.of(client), at, nodes.get(0));
        }
        Thread.sleep(200);
    }

    /**
     * {@code count} handoffs of {@code moved} (all at once each time) around the bed's nodes, starting and
     * ending at the contact node; prints and records the figures at x.
     */
    private void series(Bed b, String scenario, String variant, double x, List<InetAddress> moved, int count, int perBatch)
            throws Exception {
        List<String> nodes = b.nodes();
        Map<String, Double> idle = idleRates(b);
        Map<String, Map<String, Long>> threads0 = threadCpu(b);
        Process tracer = strace ? startStrace(b.cluster.dsco(nodes.get(0)).pid()) : null;
        // the gap: on the busy connections of the first client moved
        List<PacketCapture.Flow> busy = new ArrayList<>();
        for (BenchClients.Conn c : busyOf(b, moved.get(0))) {
            busy.add(new PacketCapture.Flow(c.client, ((java.net.InetSocketAddress) c.ch.getLocalAddress()).getPort()));
        }
        List<Sample> samples = new ArrayList<>();
        List<String> names = new ArrayList<>(); // per sample: which handoff, for a failure's message
        List<Long> starts = new ArrayList<>();  // wall-clock start of every handoff asked for, measured or not
        String at = nodes.get(0);
        int failed = 0;
        for (int i = 0; i < count; i++) {
            String to = nodes.get((nodes.indexOf(at) + 1) % nodes.size());
            Sample s;
            starts.add(epochNanos());
            try {
                s = handoff(b, moved, at, to);
            } catch (java.util.concurrent.ExecutionException | IOException e) {
                failed++;
                o.println("    handoff " + at + " -> " + to + " FAILED: " + (e.getCause() != null ? e.getCause() : e).getMessage());
                Thread.sleep(500);
                at = whereIs(b, moved.get(0), nodes);
                continue;
            }
            double elapsed = (s.wallTo() - s.wallFrom()) / 1e6 + SETTLE_MS;
            samples.add(new Sample(s.wallFrom(), s.wallTo(), s.millis(),
                    Math.max(0, s.cpuDonorMs() - idle.get(at) * elapsed) / perBatch,
                    Math.max(0, s.cpuReceiverMs() - idle.get(to) * elapsed) / perBatch, perBatch, s.timings()));
            names.add(String.format(Locale.ROOT, "handoff %d of %d (%s -> %s at %s)", i + 1, count, at, to,
                    Instant.ofEpochSecond(0, s.wallFrom())));
            awaitEnd(b, busy, s.wallFrom(), scenario + " " + variant + " x=" + fmt(x) + ": " + names.get(names.size() - 1));
            at = to;
            progress.update(scenario + " " + variant + " x=" + fmt(x), i + 1, count);
            Thread.sleep(intervalMs);
        }
        if (threads) {
            printThreadCpu(threads0, threadCpu(b), count - failed);
        }
        List<String> clientErrors = b.clientErrors();
        if (!clientErrors.isEmpty()) { // a reset or a wrong byte: the handoffs broke what they are measured on
            throw new IOException(scenario + " " + variant + " x=" + fmt(x) + ": the clients saw " + clientErrors.size() + " errors: "
                    + clientErrors.subList(0, Math.min(5, clientErrors.size())));
        }
        if (tracer != null) {
            stopStrace(tracer, count - failed);
        }
        while (!at.equals(nodes.get(0))) { // back home for the next series
            String to = nodes.get((nodes.indexOf(at) + 1) % nodes.size());
            starts.add(epochNanos());
            handoff(b, moved, at, to);
            at = to;
        }
        List<Double> gaps = new ArrayList<>();
        long readAt = epochNanos();
        Map<PacketCapture.Flow, List<PacketCapture.Packet>> pk = b.packets(readAt);
        List<String> unseen = new ArrayList<>();
        for (int k = 0; k < samples.size(); k++) {
            Sample s = samples.get(k);
            // The receiver's first new data must arrive before the next handoff is asked for: after it, a new
            // socket's data could not be told from this one's.
            long until = starts.stream().filter(t -> t > s.wallFrom()).findFirst().orElse(readAt);
            double g = Double.NaN;
            for (PacketCapture.Flow f : busy) {
                List<PacketCapture.Packet> flow = pk.getOrDefault(f, List.of());
                long ns = PacketCapture.gap(flow, s.wallFrom(), until);
                if (ns >= 0) {
                    g = Double.isNaN(g) ? ns / 1e6 : Math.max(g, ns / 1e6);
                } else if (b.capturing()) {
                    unseen.add(String.format(Locale.ROOT, "%s: no new server data from the receiving socket on the client's port %d "
                                    + "within %.0f ms, until the next handoff (capture: %s)", names.get(k), f.port(),
                            (until - s.wallFrom()) / 1e6, PacketCapture.describe(flow, s.wallFrom(), until)));
                    g = Double.NaN;
                    break;
                }
            }
            gaps.add(g);
        }
        Stats gap = Stats.of(gaps), dur = Stats.of(samples.stream().map(Sample::millis).toList()),
                donor = Stats.of(samples.stream().map(Sample::cpuDonorMs).toList()),
                recv = Stats.of(samples.stream().map(Sample::cpuReceiverMs).toList());
        int movedConnections = moved.stream().mapToInt(c -> b.clientSetsOf(c).size()).sum();
        o.printf(Locale.ROOT, "%-12s %-16s x=%-8s n=%-4d gap ms %-26s (%s) | request ms %-26s | CPU donate ms %-24s | CPU receive ms %-24s%s%n",
                scenario, variant, fmt(x), count, gap.format("%.3f"),
                floor == null ? "no floor" : floor.gapTimes(gap, movedConnections), dur.format("%.2f"), donor.format("%.3f"), recv.format("%.3f"),
                unseen.isEmpty() ? "" : " (" + unseen.size() + " without new data from the receiver seen)");
        o.printf(Locale.ROOT, "    dsco phases (median ms): %s; load %s%s%n", phases(samples), ProcStats.load(),
                failed > 0 ? "; " + failed + " handoffs FAILED" : "");
        if (!unseen.isEmpty()) {
            // A handoff whose end the capture does not show has no gap to count; leaving it out would report
            // the others' figures as if they were all.
            throw new IOException(scenario + " " + variant + " x=" + fmt(x) + ": the end of " + unseen.size() + " of " + samples.size()
                    + " measured handoffs not seen in the capture; " + String.join("; ", unseen.subList(0, Math.min(3, unseen.size())))
                    + (unseen.size() > 3 ? "; ..." : ""));
        }
        results.add(scenario, (ro() ? "ro, " : "") + variant, x, gap, dur, donor, recv, "",
                floor == null ? Double.NaN : floor.ms(movedConnections));
    }

    static final int SETTLE_MS = 15;

    /** How long a measured handoff's end may take to show in the capture before its series fails. */
    static final int END_MS = 10_000;

    /**
     * Waits until the capture shows the handoff's end, the receiver's first new server data, on every busy
     * connection of the moved client: the next handoff is asked for only after it (and --interval-ms), so a slow
     * end is measured in full rather than cut off by the next handoff. Fails the series if it does not show
     * within {@link #END_MS}.
     */
    private void awaitEnd(Bed b, List<PacketCapture.Flow> busy, long from, String name) throws Exception {
        if (!b.capturing()) {
            return;
        }
        long deadline = System.nanoTime() + END_MS * 1_000_000L;
        while (true) {
            Map<PacketCapture.Flow, List<PacketCapture.Packet>> pk = b.packets();
            PacketCapture.Flow missing = null;
            for (PacketCapture.Flow f : busy) {
                if (PacketCapture.gap(pk.getOrDefault(f, List.of()), from, Long.MAX_VALUE) < 0) {
                    missing = f;
                    break;
                }
            }
            if (missing == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(String.format(Locale.ROOT, "%s: its end not seen in the capture: no new server data from the "
                                + "receiving socket on the client's port %d within %d ms (capture: %s)", name, missing.port(), END_MS,
                        PacketCapture.describe(pk.getOrDefault(missing, List.of()), from, Long.MAX_VALUE)));
            }
            Thread.sleep(2);
        }
    }

    /** The node whose application has the client's connections now (after a failed handoff). */
    private static String whereIs(Bed b, InetAddress client, List<String> nodes) throws IOException {
        for (String n : nodes) {
            DscoClient op = b.operator(n);
            try {
                for (DscoClient.ClientInfo ci : op.listClients(eu.xtreemos.ds.cluster.DscoCluster.SERVICE)) {
                    if (ci.client().equals(client) && ci.node().equals(n)) {
                        return n;
                    }
                }
            } finally {
                b.giveBack(n, op);
            }
        }
        return nodes.get(0);
    }

    private List<BenchClients.Conn> busyOf(Bed b, InetAddress client) {
        return b.clientSetsOf(client).stream().filter(c -> c.busy).toList();
    }

    /** One handoff of each of {@code moved} from one node to another, all at once; CPU of both sides over it. */
    private Sample handoff(Bed b, List<InetAddress> moved, String from, String to) throws Exception {
        long c0f = b.cpu(from), c0t = b.cpu(to);
        long wall0 = epochNanos(), t0 = System.nanoTime();
        HandoffTimings timings;
        if (moved.size() == 1) {
            timings = request(b, moved.get(0), from, to);
        } else {
            List<Future<HandoffTimings>> fs = new ArrayList<>();
            for (InetAddress c : moved) {
                fs.add(pool.submit(() -> request(b, c, from, to)));
            }
            timings = null;
            for (Future<HandoffTimings> f : fs) {
                HandoffTimings t = f.get();
                timings = timings == null ? t : timings;
            }
        }
        long t1 = System.nanoTime(), wall1 = wall0 + (t1 - t0);
        Thread.sleep(SETTLE_MS); // the receiving application finishes taking the client over
        long c1f = b.cpu(from), c1t = b.cpu(to);
        return new Sample(wall0, wall1, (t1 - t0) / 1e6, (c1f - c0f) / 1e6, (c1t - c0t) / 1e6, moved.size(), timings);
    }

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "operator");
        t.setDaemon(true);
        return t;
    });

    private static HandoffTimings request(Bed b, InetAddress client, String from, String to) throws IOException {
        DscoClient op = b.operator(from);
        try {
            return op.requestHandoff(DscoCluster.SERVICE, client, to);
        } finally {
            b.giveBack(from, op);
        }
    }

    private void printFailures(Bed.Spread s) {
        if (!s.failures().isEmpty()) {
            o.println("  " + s.failures().size() + " handoffs FAILED, e.g. " + s.failures().get(0));
        }
    }

    private Path straceFile;

    private Process startStrace(long pid) throws IOException, InterruptedException {
        straceFile = Files.createTempFile("ds-bench-strace", ".txt");
        Process p = new ProcessBuilder("strace", "-c", "-f", "-o", straceFile.toString(), "-p", String.valueOf(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(500); // attached to every thread
        return p;
    }

    /** Stops strace (SIGINT: it writes its table) and prints the calls per handoff of the contact node's dsco. */
    private void stopStrace(Process p, int handoffs) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        o.printf(Locale.ROOT, "    system calls of the contact node's dsco over %d handoffs (each node donates and receives half of them):%n", handoffs);
        for (String l : Files.readAllLines(straceFile)) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 5 && f[0].matches("[0-9.]+") && !l.contains("total")) {
                long calls = Long.parseLong(f[3]);
                o.printf(Locale.ROOT, "      %-18s %8.1f calls per handoff%n", f[f.length - 1], calls / (double) Math.max(1, handoffs));
            } else if (l.contains("total")) {
                o.printf(Locale.ROOT, "      %-18s %8.1f calls per handoff%n", "total", Long.parseLong(f[2]) / (double) Math.max(1, handoffs));
            }
        }
        Files.deleteIfExists(straceFile);
    }

    /** CPU by thread name of every dsco and application, keyed "dsco-NODE" / "app-NODE". */
    private Map<String, Map<String, Long>> threadCpu(Bed b) {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        if (threads) {
            for (String n : b.nodes()) {
                m.put("dsco-" + n, ProcStats.cpuByThread(b.cluster.dsco(n).pid()));
                m.put("app-" + n, ProcStats.cpuByThread(b.app(n).pid()));
            }
        }
        return m;
    }

    private void printThreadCpu(Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after, int handoffs) {
        after.forEach((proc, byThread) -> {
            Map<String, Long> b0 = before.getOrDefault(proc, Map.of());
            List<Map.Entry<String, Long>> d = new ArrayList<>();
            byThread.forEach((t, v) -> d.add(Map.entry(t, v - b0.getOrDefault(t, 0L))));
            d.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
            StringBuilder line = new StringBuilder();
            long total = 0;
            for (Map.Entry<String, Long> e : d) {
                total += e.getValue();
            }
            for (Map.Entry<String, Long> e : d.subList(0, Math.min(8, d.size()))) {
                line.append(String.format(Locale.ROOT, "%s %.3f, ", e.getKey(), e.getValue() / 1e6 / Math.max(1, handoffs)));
            }
            o.printf(Locale.ROOT, "    CPU ms per handoff in %s (all threads %.3f): %s%n", proc, total / 1e6 / Math.max(1, handoffs), line);
        });
    }

    private static Map<String, Long> cpuAll(Bed b) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String n : b.nodes()) {
            m.put(n, b.cpu(n));
        }
        return m;
    }

    /** CPU used per ms of wall time by each node's dsco + application while nothing is handed off. */
    private Map<String, Double> idleRates(Bed b) throws InterruptedException {
        Map<String, Long> c0 = cpuAll(b);
        long t0 = System.nanoTime();
        Thread.sleep(smoke ? 100 : 400);
        Map<String, Long> c1 = cpuAll(b);
        double ms = (System.nanoTime() - t0) / 1e6;
        Map<String, Double> r = new LinkedHashMap<>();
        c0.forEach((n, v) -> r.put(n, (c1.get(n) - v) / 1e6 / ms));
        return r;
    }

    private static String phases(List<Sample> samples) {
        Map<String, List<Double>> by = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.timings() != null) {
                for (HandoffPhase p : HandoffPhase.values()) {
                    long nanos = s.timings().of(p).toNanos();
                    if (nanos > 0) {
                        by.computeIfAbsent(p.label, x -> new ArrayList<>()).add(nanos / 1e6);
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        by.forEach((k, v) -> out.append(String.format(Locale.ROOT, "%s %.3f, ", k, Stats.of(v).median())));
        return out.length() == 0 ? "-" : out.substring(0, out.length() - 2);
    }

    private static long epochNanos() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.1f", x);
    }

    private void seedTable() {
        o.println();
        o.println("## The seed's published figures (XtreemOS D3.2.6; 100 Mb/s LAN, 1.5 GHz Athlon), for comparison");
        o.println("| | seed (TCPCP design) | seed (older design) |");
        o.println("|---|---:|---:|");
        o.println("| client-visible gap, across the LAN | 620 ms | - |");
        o.println("| client-visible gap, host-local | 13.4 ms | 9.4 ms (LAN 18.4 ms) |");
        o.println("| CPU per handoff, donate | 264 ms (3.8 handoffs/s) | - |");
        o.println("| CPU per handoff, receive | 384 ms (2.6 handoffs/s) | - |");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HandoffBenchmark()).execute(args));
    }

    /** The route-optimization data plane dsco and the correspondent agent pick on this kernel. */
    private static String roPlane() {
        try {
            return eu.xtreemos.ds.dsco.ro.DataPlaneChoice.name(eu.xtreemos.ds.dsco.ro.DataPlaneChoice.auto());
        } catch (IOException e) {
            return "none on this kernel: " + e.getMessage();
        }
    }
}
