package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.saga.examples.GeckoEcho;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What protecting a service costs (docs/fault-tolerance.md): GeckoEcho on a two-node testbed, unprotected and protected
 * at several checkpoint intervals (Gecko's {@code checkpointMillis}: 0 checkpoints after every event), alternated round
 * by round in one run. Per setting: the latency of 64-byte requests (median, p99), the echo throughput of one
 * connection sending as fast as it can, and the CPU the serving node's dsco and application and the backup's dsco
 * spend per checkpoint and per MB echoed. The machine's load is printed beside each figure.
 */
@Command(name = "ds-bench-protect", mixinStandardHelpOptions = true,
        description = "Measures what a protected service costs against an unprotected one (needs root).")
public final class ProtectionBenchmark implements Callable<Integer> {
    static final int REQUEST = 64;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; each runs every setting once (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--requests", defaultValue = "2000", description = "Requests per setting and round (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--seconds", defaultValue = "3", description = "Seconds of streaming per setting and round (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--intervals", split = ",", defaultValue = "0,5,20",
            description = "Checkpoint intervals in ms of the protected settings (default: ${DEFAULT-VALUE}).")
    List<Integer> intervals;

    @Option(names = "--name", defaultValue = "dspb", description = "Testbed name, prefix of its namespaces (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--site", defaultValue = "47", description = "Testbed address block, 0-255 (default: ${DEFAULT-VALUE}).")
    int site;

    /** One setting's figures of one round. */
    record Figures(double[] latencyMs, double mbPerSecond, long checkpoints, double cpuMs, double echoedMb, String load) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProtectionBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || requests < 10 || seconds < 1 || intervals.stream().anyMatch(i -> i < 0)) {
            System.err.println("error: --rounds, --seconds at least 1, --requests at least 10, --intervals 0 or more");
            return 2;
        }
        List<Integer> settings = new ArrayList<>(List.of(-1)); // -1: unprotected
        settings.addAll(intervals);
        Map<Integer, List<Figures>> all = new LinkedHashMap<>();
        System.out.printf("load average at start: %s%n", ProcStats.load());
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(name, 1, 1, site))) {
            for (int r = 1; r <= rounds; r++) {
                for (int setting : settings) {
                    Figures f = measure(tb, setting);
                    all.computeIfAbsent(setting, k -> new ArrayList<>()).add(f);
                    System.out.printf("round %d, %-22s latency median %.3f ms, p99 %.3f ms; %.1f MB/s; %d checkpoints, %s; load %s%n",
                            r, label(setting) + ":", f.latencyMs()[0], f.latencyMs()[1], f.mbPerSecond(), f.checkpoints(),
                            cpu(f), f.load());
                }
            }
        }
        System.out.println();
        System.out.println("| setting | request latency median (ms) | p99 (ms) | throughput, one connection (MB/s) | checkpoints/s | CPU per checkpoint (µs) | CPU per MB echoed (ms) | load |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int setting : settings) {
            List<Figures> fs = all.get(setting);
            double lat = median(fs.stream().mapToDouble(f -> f.latencyMs()[0]).toArray());
            double p99 = median(fs.stream().mapToDouble(f -> f.latencyMs()[1]).toArray());
            double mbs = median(fs.stream().mapToDouble(Figures::mbPerSecond).toArray());
            double cps = median(fs.stream().mapToDouble(f -> f.checkpoints() / (double) seconds).toArray());
            double perCp = median(fs.stream().mapToDouble(f -> f.checkpoints() == 0 ? 0 : f.cpuMs() * 1000 / f.checkpoints()).toArray());
            double perMb = median(fs.stream().mapToDouble(f -> f.cpuMs() / Math.max(f.echoedMb(), 1e-9)).toArray());
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.1f | %.0f | %s | %.1f | %s |%n", label(setting), lat, p99, mbs, cps,
                    setting < 0 ? "-" : String.format(Locale.ROOT, "%.0f", perCp), perMb,
                    String.join(", ", fs.stream().map(Figures::load).toList()));
        }
        return 0;
    }

    static String label(int setting) {
        return setting < 0 ? "unprotected" : "protected, " + setting + " ms";
    }

    static String cpu(Figures f) {
        return String.format(Locale.ROOT, "%.0f ms CPU for %.1f MB", f.cpuMs(), f.echoedMb());
    }

    /** One setting: a fresh cluster, the requests, then the stream, with the CPU of the three daemons measured over the stream. */
    Figures measure(NamespaceTestbed tb, int setting) throws Exception {
        Map<String, String> extra = setting < 0 ? Map.of() : Map.of("service." + DscoCluster.SERVICE + ".protected", "true");
        List<String> args = new ArrayList<>();
        if (setting >= 0) {
            args.addAll(List.of("--checkpoint-ms", String.valueOf(setting)));
        }
        args.add("ds://[${address}]:${port}?socket=${socket}");
        try (DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", 0, extra, 1,
                new DscoCluster.Application("eu.xtreemos.ds.saga.examples.GeckoEcho", args)));
             NetNamespace ns = NetNamespace.open(tb.ns("client1"))) {
            cluster.awaitGroup();
            DscoCluster.Service s = cluster.services().get(0);
            InetSocketAddress service = new InetSocketAddress(s.address(), s.port());
            double[] latency = requests(ns, service);
            long[] pids = {cluster.dsco("contact").pid(), cluster.app("contact").pid(), cluster.dsco("server1").pid()};
            long cpu0 = cpuOf(pids), cp0 = checkpoints(cluster);
            String load = ProcStats.load();
            long echoed = stream(ns, service);
            double cpuMs = (cpuOf(pids) - cpu0) / 1e6;
            return new Figures(latency, echoed / 1e6 / seconds, checkpoints(cluster) - cp0, cpuMs, echoed / 1e6, load);
        }
    }

    static long cpuOf(long[] pids) {
        long n = 0;
        for (long p : pids) {
            n += ProcStats.cpuNanos(p);
        }
        return n;
    }

    static long checkpoints(DscoCluster cluster) throws IOException {
        try (DscoClient c = DscoClient.connect(cluster.socket("contact"))) {
            return Long.parseLong(c.stats().getOrDefault("protect.checkpoints", "0"));
        }
    }

    /** Request latencies on one connection: median and p99, in ms; every answer checked. */
    double[] requests(NetNamespace ns, InetSocketAddress service) throws Exception {
        try (SocketChannel ch = ns.call(() -> SocketChannel.open(service))) {
            ByteBuffer out = ByteBuffer.allocate(REQUEST), in = ByteBuffer.allocate(REQUEST);
            double[] ms = new double[requests];
            long position = 0;
            for (int i = 0; i < requests + 100; i++) { // the first 100 warm the path up and are not counted
                out.clear();
                for (int k = 0; k < REQUEST; k++) {
                    out.put((byte) (position + k));
                }
                out.flip();
                long t0 = System.nanoTime();
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                in.clear();
                while (in.hasRemaining()) {
                    if (ch.read(in) < 0) {
                        throw new IOException("the service closed the connection after " + i + " requests");
                    }
                }
                if (i >= 100) {
                    ms[i - 100] = (System.nanoTime() - t0) / 1e6;
                }
                for (int k = 0; k < REQUEST; k++) {
                    if (in.get(k) != GeckoEcho.scramble((byte) (position + k), position + k)) {
                        throw new IOException("request " + i + ": wrong byte at " + (position + k));
                    }
                }
                position += REQUEST;
            }
            Arrays.sort(ms);
            return new double[] {ms[ms.length / 2], ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)]};
        }
    }

    /** One connection sending as fast as it can for {@code seconds}; returns the bytes echoed (checked) in that time. */
    long stream(NetNamespace ns, InetSocketAddress service) throws Exception {
        try (SocketChannel ch = ns.call(() -> SocketChannel.open(service))) {
            AtomicLong got = new AtomicLong();
            AtomicReference<String> error = new AtomicReference<>();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            Thread reader = new Thread(() -> {
                ByteBuffer in = ByteBuffer.allocate(65536);
                long at = 0;
                try {
                    while (System.nanoTime() < end) {
                        in.clear();
                        int n = ch.read(in);
                        if (n < 0) {
                            error.set("closed after " + at + " bytes");
                            return;
                        }
                        for (int k = 0; k < n; k++) {
                            if (in.get(k) != GeckoEcho.scramble((byte) ((at + k) * 7), at + k)) {
                                error.set("wrong byte at " + (at + k));
                                return;
                            }
                        }
                        at += n;
                        got.set(at);
                    }
                } catch (IOException e) {
                    if (System.nanoTime() < end) {
                        error.set(e.toString());
                    }
                }
            }, "bench-reader");
            reader.start();
            ByteBuffer out = ByteBuffer.allocate(16384);
            long sent = 0;
            while (System.nanoTime() < end && error.get() == null) {
                out.clear();
                for (int k = 0; k < out.capacity(); k++) {
                    out.put((byte) ((sent + k) * 7));
                }
                out.flip();
                sent += ch.write(out);
            }
            ch.shutdownOutput();
            reader.join(5000);
            if (error.get() != null) {
                throw new IOException("streaming: " + error.get());
            }
            return got.get();
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
