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

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * How fast each redirect mode moves a client's packets: the time from the handoff request to the first
 * packet of the client that arrives at the new node, taken from packet captures on the nodes' links
 * (capture and request times share the host's clock). Runs the same handoffs with HA steering and with
 * route optimization (SRv6 data plane, correspondent agent on the client) and prints median, 99th
 * percentile and worst of each.
 */
@Command(name = "ds-bench-redirect", mixinStandardHelpOptions = true,
        description = "Times handoff request -> first client packet at the new node, HA steering vs route optimization (needs root, dumpcap, tshark).")
public final class RedirectBenchmark implements Callable<Integer> {
    @Option(names = "--handoffs", defaultValue = "40", description = "Handoffs per mode, contact <-> server1 (default: ${DEFAULT-VALUE}).")
    int handoffs;

    @Option(names = "--rate", defaultValue = "2000000", description = "Client upload rate, bytes/s, on one connection (default: ${DEFAULT-VALUE}).")
    long rate;

    @Override
    public Integer call() throws Exception {
        if (handoffs < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--handoffs must be at least 1");
        }
        List<Double> steering = run("steering", 62);
        List<Double> ro = run("route-optimization", 63);
        System.out.printf("%nhandoff request -> first client packet at the new node (%d handoffs each, %d B/s upload):%n", handoffs, rate);
        print("HA steering", steering);
        print("route optimization", ro);
        return 0;
    }

    private static void print(String mode, List<Double> ms) {
        if (ms.isEmpty()) {
            System.out.printf("  %-19s no measurement%n", mode);
            return;
        }
        Stats st = Stats.of(ms);
        System.out.printf("  %-19s median %.2f ms, p99 %.2f ms, worst %.2f ms (%d measured)%n", mode, st.median(), st.p99(), st.worst(),
                st.n());
    }

    private List<Double> run(String mode, int site) throws Exception {
        System.out.printf("%s: %d handoffs%n", mode, handoffs);
        Map<String, String> settings = mode.equals("steering") ? Map.of() : Map.of("redirect.mode", mode);
        List<Double> out = new ArrayList<>();
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(mode.equals("steering") ? "bste" : "bro", 1, 1, site));
             DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", 100_000, settings));
             NetNamespace clientNs = NetNamespace.open(tb.ns("client1"))) {
            if (!mode.equals("steering")) {
                cluster.startCorrespondent("client1");
            }
            InetAddress client = tb.clientAddress("client1");
            Map<String, Capture> captures = Map.of("contact", Capture.start(tb, "contact", client, cluster.directory()),
                    "server1", Capture.start(tb, "server1", client, cluster.directory()));
            DscoCluster.Service demo = cluster.services().get(0);
            List<String> targets = new ArrayList<>();
            List<Long> requested = new ArrayList<>();
            try (StreamClient stream = StreamClient.start(clientNs, new InetSocketAddress(demo.address(), demo.port()), 1, 1, rate)) {
                Thread.sleep(500);
                String at = "contact";
                for (int i = 0; i < handoffs; i++) {
                    String to = at.equals("contact") ? "server1" : "contact";
                    long t = epochMicros();
                    try (DscoClient operator = DscoClient.connect(cluster.socket(at))) {
                        operator.requestHandoff(demo.id(), client, to);
                    }
                    requested.add(t);
                    targets.add(to);
                    at = to;
                    System.out.printf("\r  %d/%d", i + 1, handoffs);
                    Thread.sleep(150);
                }
                System.out.println();
                if (!stream.errors().isEmpty()) {
                    throw new IOException("the client saw errors: " + stream.errors());
                }
            } finally {
                captures.values().forEach(Capture::stop);
            }
            for (int i = 0; i < requested.size(); i++) {
                long first = captures.get(targets.get(i)).firstAfter(requested.get(i));
                if (first > 0) {
                    out.add((first - requested.get(i)) / 1000.0);
                }
            }
        }
        return out;
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** dumpcap on a node's link, keeping only the client's TCP packets (plain, or behind an SRv6 header). */
    private static final class Capture {
        private final Process process;
        private final Path file;
        private List<Long> times;

        private Capture(Process process, Path file) {
            this.process = process;
            this.file = file;
        }

        static Capture start(NamespaceTestbed tb, String node, InetAddress client, Path dir) throws Exception {
            Path file = dir.resolve("capture-" + node + ".pcapng");
            Process p = new ProcessBuilder("ip", "netns", "exec", tb.ns(node), "dumpcap", "-q", "-i", "eth0",
                    "-f", "ip6 src " + client.getHostAddress() + " and (tcp or ip6[6] == 43)", "-w", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Files.exists(file) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            if (!Files.exists(file)) {
                p.destroy();
                throw new IOException("dumpcap did not start on " + node);
            }
            Thread.sleep(300);
            return new Capture(p, file);
        }

        void stop() {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Epoch microseconds of the first captured packet after {@code micros}, or -1. */
        long firstAfter(long micros) throws IOException, InterruptedException {
            if (times == null) {
                times = read();
            }
            for (long t : times) {
                if (t > micros) {
                    return t;
                }
            }
            return -1;
        }

        /** Packet times as epoch microseconds, parsed from tshark's decimal text (a double would lose them). */
        private List<Long> read() throws IOException, InterruptedException {
            Process p = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.time_epoch")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<Long> out = new ArrayList<>();
            for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
                String[] parts = line.trim().split("\\.");
                if (parts.length == 2) {
                    String frac = (parts[1] + "000000").substring(0, 6);
                    out.add(Long.parseLong(parts[0]) * 1_000_000L + Long.parseLong(frac));
                }
            }
            p.waitFor();
            return out;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RedirectBenchmark()).execute(args));
    }
}
