package eu.xtreemos.ds.vagrant;

import eu.xtreemos.ds.cluster.NodeProcess;
import eu.xtreemos.ds.demo.StreamCheck;
import eu.xtreemos.ds.dsco.metrics.Percentiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The handoff demo and its end-to-end checks on the Vagrant testbed (vagrant/run-demo.sh): the client VM streams
 * both ways to the service over several connections while the demo application hands it off contact → server →
 * contact ...; then every byte is checked on both ends, as on the other testbeds ({@link StreamCheck}).
 *
 * <p>Two redirect modes ({@code --redirect}): HA steering (the HA agent must log one steering request per handoff)
 * and route optimization over the guests' own kernel Mobile IPv6 (dsco with ro.backend=xfrm, the correspondent
 * agent on the client with --backend xfrm): then the HA agent steers nothing, the correspondent agent accepts one
 * Binding Update per handoff, and a capture on the client's interface must show its packets to the service going
 * home, then along the binding — to the server's own address with a type 2 routing header — then home ..., one
 * switch per handoff, and the server's answers from its own address with a home address option
 * ({@link RouteOptimizationCapture}). The VMs are switched to the mode first ({@code ds-daemons.sh}, restarting
 * the daemons only when the mode changes).
 *
 * <p>It runs on the host and reaches the VMs with ssh: the client is {@code StreamClientMain} on the client VM,
 * the applications are reached through their control sockets ({@code socat} on each node VM), the handoffs are
 * an operator's requests to dsco ({@code HandoffOperator}, root, on each node VM), the HA agent's steering
 * requests are counted in its journal.
 */
@Command(name = "run-demo", mixinStandardHelpOptions = true,
        description = "Hands the client VM's streams off between the contact and server VMs and checks every byte (after vagrant up).")
public final class VagrantDemo implements Callable<Integer> {
    private static final String CONTROL = "/run/ds-demo/control";
    private static final String CORRESPONDENT_STATUS = "/run/ds-correspondent/status";
    private static final long READY_MILLIS = 180_000; // a JVM starting in an emulated VM
    static final String STEERING = "steering";
    static final String ROUTE_OPTIMIZATION = "route-optimization";

    @Option(names = "--dir", defaultValue = "vagrant", description = "The directory of the Vagrantfile (default: ${DEFAULT-VALUE}).")
    Path dir;
    @Option(names = "--redirect", defaultValue = STEERING,
            description = "The redirect of each handoff: steering (the HA agent) or route-optimization (the guests' kernel Mobile IPv6). Default: ${DEFAULT-VALUE}.")
    String redirect;
    @Option(names = "--handoffs", defaultValue = "20", description = "Handoffs, alternately to server and back to contact (default: ${DEFAULT-VALUE}).")
    int handoffs;
    @Option(names = "--connections", defaultValue = "3", description = "The client's streaming connections, 1..15 (default: ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--rate", defaultValue = "100000", description = "Bytes per second per connection the client sends (default: ${DEFAULT-VALUE}).")
    long rate;
    @Option(names = "--interval", defaultValue = "500", description = "Milliseconds between handoffs (default: ${DEFAULT-VALUE}).")
    long intervalMillis;
    @Option(names = "--logs", defaultValue = "/tmp/ds-vagrant-demo", description = "Where the ssh configuration, local logs and captures go (default: ${DEFAULT-VALUE}).")
    Path logs;
    @Option(names = "--mip6-probe", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "After the demo, also probe the kernel's Mobile IPv6 primitives on both nodes with socat and a capture on ha (default: off).")
    boolean mip6Probe;

    /**
     * What a run found: failures empty means every check passed. {@code gapMillis}: route optimization only, the
     * client-side silence at each handoff (capture); {@code evidence}: packets of the capture that show the headers.
     */
    public record Result(String redirect, List<String> failures, List<Double> handoffMillis, List<Double> gapMillis, long bytesUp,
                         long bytesDown, long steered, long bindingUpdates, long retransmits, List<String> evidence) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Runs the demo with these settings (what the command line and the Vagrant test call). */
    public static Result run(Path vagrantDir, String redirect, int handoffs, int connections, long rate, long intervalMillis, Path logs,
                             boolean mip6Probe) throws Exception {
        VagrantDemo d = new VagrantDemo();
        d.dir = vagrantDir;
        d.redirect = redirect;
        d.handoffs = handoffs;
        d.connections = connections;
        d.rate = rate;
        d.intervalMillis = intervalMillis;
        d.logs = logs;
        d.mip6Probe = mip6Probe;
        return d.run();
    }

    private Result run() throws Exception {
        if (handoffs < 1 || connections < 1 || connections > 15 || rate < 1 || intervalMillis < 0) {
            throw new IllegalArgumentException("--handoffs and --rate must be positive, --connections 1..15, --interval ≥ 0");
        }
        if (!redirect.equals(STEERING) && !redirect.equals(ROUTE_OPTIMIZATION)) {
            throw new IllegalArgumentException("--redirect " + redirect + ": expected " + STEERING + " or " + ROUTE_OPTIMIZATION);
        }
        boolean ro = redirect.equals(ROUTE_OPTIMIZATION);
        VagrantHosts hosts = VagrantHosts.open(dir.toAbsolutePath(), logs);
        useMode(hosts);
        Map<String, String> client = hosts.testbedConf("client");
        String clientAddress = client.get("DS_ADDRESS");
        String service = client.get("DS_SERVICE"); // demo=[address]:port
        String serviceAddress = service.replaceAll(".*\\[(.*)].*", "$1");
        String port = service.replaceAll(".*]:", "");
        String serverAddress = hosts.testbedConf("server").get("DS_ADDRESS");
        System.out.printf("client %s streams to [%s]:%s over %d connections, %d B/s each way; %d handoffs contact <-> server by %s, %d ms apart%n",
                clientAddress, serviceAddress, port, connections, rate, handoffs, redirect, intervalMillis);

        List<String> failures = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        Map<String, NodeProcess> apps = new LinkedHashMap<>();
        Map<String, NodeProcess> operators = new LinkedHashMap<>();
        RemoteStreamClient c = null;
        VmCapture capture = null;
        try {
            for (String node : List.of("contact", "server")) {
                NodeProcess app = hosts.process("app-" + node, node, "sudo", "socat", "-", "UNIX-CONNECT:" + CONTROL);
                apps.put(node, app);
                app.command("positions", "positions"); // answers: the application runs and its control socket works
                operators.put(node, hosts.process("operator-" + node, node, "sudo", "/opt/ds/provision/ds-run.sh", "operator",
                        "--service", service.substring(0, service.indexOf('='))));
            }
            for (NodeProcess op : operators.values()) {
                op.await("ready", READY_MILLIS);
            }
            // The applications run across demo runs: errors of an earlier (interrupted) run are not this run's.
            Map<String, List<String>> earlier = new LinkedHashMap<>();
            for (Map.Entry<String, NodeProcess> e : apps.entrySet()) {
                earlier.put(e.getValue().name(), errorList(e.getValue().command("errors", "errors").substring("errors".length())));
            }
            long steeredBefore = steeringRequests(hosts);
            Map<String, Long> correspondentBefore = ro ? correspondentCounters(hosts) : Map.of();
            if (ro) {
                capture = VmCapture.start(hosts, "client", clientAddress, "ip6", "ds-ro-capture");
            }
            c = RemoteStreamClient.await(hosts.process("client", "client", "sudo", "/opt/ds/provision/ds-run.sh", "client",
                    "--service", serviceAddress, "--port", port, "--connections", String.valueOf(connections), "--rate", String.valueOf(rate)));
            String at = "contact";
            if (!StreamCheck.awaitServes(apps.get(at), c)) {
                failures.add("the contact node does not serve the client's connections");
                return new Result(redirect, failures, millis, List.of(), 0, 0, 0, 0, 0, List.of());
            }
            Thread.sleep(intervalMillis);
            for (int i = 1; i <= handoffs && failures.isEmpty(); i++) {
                String to = at.equals("contact") ? "server" : "contact";
                long t0 = System.nanoTime();
                String answer = operators.get(at).command("handoff " + clientAddress + " " + to, "handoff", 60_000);
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf("handoff %2d %-7s -> %-7s %s (%.0f ms round trip)%n", i, at, to, answer.substring("handoff ".length()), ms);
                if (!answer.startsWith("handoff ok")) {
                    failures.add("handoff " + i + " " + at + " -> " + to + ": " + answer);
                    break;
                }
                millis.add(Double.parseDouble(answer.replaceAll("handoff ok ([0-9.]+) ms", "$1")));
                at = to;
                Thread.sleep(intervalMillis);
                List<String> errors = c.errors();
                if (!errors.isEmpty()) {
                    failures.add("after handoff " + i + ", the client saw: " + errors);
                }
            }
            if (failures.isEmpty() && !StreamCheck.awaitServes(apps.get(at), c)) {
                failures.add(at + " does not serve the client's connections after the last handoff");
            }
            for (String f : StreamCheck.finish(c, apps.get(at), List.copyOf(apps.values()))) {
                String app = f.contains(": ") ? f.substring(0, f.indexOf(": ")) : "";
                if (earlier.containsKey(app)) {
                    List<String> now = errorList(f.substring(app.length() + 2));
                    now.removeAll(earlier.get(app));
                    if (!now.isEmpty()) {
                        failures.add(app + ": " + String.join(" | ", now));
                    }
                } else {
                    failures.add(f);
                }
            }
            long up = 0, down = 0;
            for (int k = 0; k < c.connections(); k++) {
                up += c.sent(k);
                down += c.received(k);
            }
            long retransmits = c.retransmits();
            c.close();
            c = null;
            long steered = steeringRequests(hosts) - steeredBefore;
            long updates = 0;
            List<Double> gaps = List.of();
            List<String> evidence = new ArrayList<>();
            if (!ro && steered != millis.size()) {
                failures.add("the HA agent logged " + steered + " steering requests for " + millis.size() + " handoffs");
            }
            if (ro) {
                if (steered != 0) {
                    failures.add("the HA agent logged " + steered + " steering requests; with route optimization it steers nobody");
                }
                byte[] pcap = capture.stop(logs.resolve("route-optimization.pcap"));
                capture = null;
                RouteOptimizationCapture.Analysis a = RouteOptimizationCapture.analyse(RouteOptimizationCapture.read(pcap),
                        InetAddress.getByName(clientAddress), InetAddress.getByName(serviceAddress), Integer.parseInt(port),
                        InetAddress.getByName(serverAddress), millis.size());
                failures.addAll(a.failures());
                gaps = a.gapMillis();
                evidence.addAll(a.evidence());
                // One accepted Binding Update per handoff. One sent again because its acknowledgement was late is refused
                // as not newer if it was a binding, accepted again if it was a deregistration (nothing left to compare
                // with): the capture counts such repeats. Any other refusal is a failure.
                Map<String, Long> after = correspondentCounters(hosts);
                updates = after.getOrDefault("updates-accepted", 0L) - correspondentBefore.getOrDefault("updates-accepted", 0L);
                if (updates < millis.size() || updates > millis.size() + a.repeatedUpdates()) {
                    failures.add("the correspondent agent accepted " + updates + " Binding Updates for " + millis.size() + " handoffs ("
                            + a.bindingUpdates() + " in the capture, " + a.repeatedUpdates() + " of them repeats; " + after + ")");
                }
                for (String k : after.keySet()) {
                    long n = after.get(k) - correspondentBefore.getOrDefault(k, 0L);
                    boolean bad = k.equals("route-errors") || k.equals("malformed")
                            || k.startsWith("refused-") && !k.equals("refused-sequence-number-out-of-window");
                    if (bad && n != 0) {
                        failures.add("the correspondent agent counted " + n + " " + k);
                    }
                }
                System.out.printf("Binding Updates: %d in the capture, %d of them sent again (acknowledgement late); the correspondent agent accepted %d%n",
                        a.bindingUpdates(), a.repeatedUpdates(), updates);
                System.out.println("capture on the client, client → service: " + RouteOptimizationCapture.describe(a.upstream()));
                System.out.println("capture on the client, service → client: " + RouteOptimizationCapture.describe(a.downstream()));
            }
            if (mip6Probe) {
                Mip6Probe.Result probe = Mip6Probe.run(hosts);
                failures.addAll(probe.failures());
                evidence.addAll(probe.evidence());
            }
            Result r = new Result(redirect, failures, millis, gaps, up, down, steered, updates, retransmits, evidence);
            report(r);
            if (!r.passed()) {
                for (String h : VagrantHosts.HOSTS) {
                    System.out.println("--- " + h + "\n" + hosts.daemonLogs(h, 25));
                }
            }
            return r;
        } finally {
            if (c != null) {
                c.close();
            }
            if (capture != null) {
                try {
                    capture.stop(logs.resolve("route-optimization.pcap"));
                } catch (IOException e) {
                    System.out.println("stopping the capture: " + e.getMessage());
                }
            }
            for (NodeProcess p : apps.values()) {
                p.close();
            }
            for (NodeProcess p : operators.values()) {
                p.close();
            }
        }
    }

    /** Puts every VM's daemons in this run's redirect mode (restarted only if it changes), the nodes in parallel. */
    private void useMode(VagrantHosts hosts) throws Exception {
        long t0 = System.nanoTime();
        String[] cmd = {"sudo", "/opt/ds/vagrant/ds-daemons.sh", redirect, "--if-changed"};
        hosts.exec("ha", cmd);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (String h : List.of("contact", "server", "client")) {
                done.add(pool.submit(() -> hosts.exec(h, cmd)));
            }
            for (Future<String> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("switching the testbed to " + redirect + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("testbed in %s mode (%.0f s)%n", redirect, (System.nanoTime() - t0) / 1e9);
    }

    private static List<String> errorList(String joined) {
        List<String> l = new ArrayList<>();
        for (String e : joined.trim().split(" \\| ")) {
            if (!e.isBlank()) {
                l.add(e.trim());
            }
        }
        return l;
    }

    /** The steering requests the HA agent has logged so far (one per handoff in steering mode). */
    private static long steeringRequests(VagrantHosts hosts) throws IOException, InterruptedException {
        return hosts.exec("ha", "sudo", "journalctl", "-q", "--no-pager", "-o", "cat", "-u", "ds-ha").lines()
                .filter(l -> l.contains("asked: client")).count();
    }

    /** The correspondent agent's counters (its status file: updates-accepted, updates-refused, ...). */
    private static Map<String, Long> correspondentCounters(VagrantHosts hosts) throws IOException, InterruptedException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : hosts.exec("client", "sudo", "cat", CORRESPONDENT_STATUS).split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[1].matches("[0-9]+")) {
                m.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return m;
    }

    private static void report(Result r) {
        List<Double> sorted = new ArrayList<>(r.handoffMillis());
        sorted.sort(null);
        if (!sorted.isEmpty()) {
            System.out.printf("%d handoffs by %s: request to answer median %.1f ms, worst %.1f ms; the HA agent steered %d times%s%n",
                    sorted.size(), r.redirect(), Percentiles.of(sorted, 50), sorted.get(sorted.size() - 1), r.steered(),
                    r.redirect().equals(ROUTE_OPTIMIZATION) ? ", the correspondent agent accepted " + r.bindingUpdates() + " Binding Updates" : "");
        }
        if (!r.gapMillis().isEmpty()) {
            System.out.println("client-side gap at each handoff (capture: last new data from the donor to the first from the receiver): "
                    + RouteOptimizationCapture.gapSummary(r.gapMillis()) + "; in order: "
                    + r.gapMillis().stream().map(g -> String.format("%.0f", g)).collect(java.util.stream.Collectors.joining(" ")) + " ms");
        }
        System.out.printf("%d bytes up and %d down%s; client retransmissions %d%n", r.bytesUp(), r.bytesDown(),
                r.passed() ? ", each exactly once, in order, no reset" : "", r.retransmits());
        for (String e : r.evidence()) {
            System.out.println("capture: " + e);
        }
        System.out.println(r.passed() ? "PASSED" : "FAILED:\n  " + String.join("\n  ", r.failures()));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(logs);
        return run().passed() ? 0 : 1;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new VagrantDemo());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("run-demo: " + e.getMessage());
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
