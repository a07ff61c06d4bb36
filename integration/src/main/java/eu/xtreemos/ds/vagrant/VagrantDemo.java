package eu.xtreemos.ds.vagrant;

import eu.xtreemos.ds.cluster.NodeProcess;
import eu.xtreemos.ds.demo.StreamCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The handoff demo and its end-to-end checks on the Vagrant testbed (vagrant/run-demo.sh): the client VM streams
 * both ways to the service over several connections while the demo application hands it off contact → server →
 * contact ... (HA steering); then every byte is checked on both ends, as on the other testbeds ({@link StreamCheck}).
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
    private static final long READY_MILLIS = 180_000; // a JVM starting in an emulated VM

    @Option(names = "--dir", defaultValue = "vagrant", description = "The directory of the Vagrantfile (default: ${DEFAULT-VALUE}).")
    Path dir;
    @Option(names = "--handoffs", defaultValue = "20", description = "Handoffs, alternately to server and back to contact (default: ${DEFAULT-VALUE}).")
    int handoffs;
    @Option(names = "--connections", defaultValue = "3", description = "The client's streaming connections, 1..15 (default: ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--rate", defaultValue = "100000", description = "Bytes per second per connection the client sends (default: ${DEFAULT-VALUE}).")
    long rate;
    @Option(names = "--interval", defaultValue = "500", description = "Milliseconds between handoffs (default: ${DEFAULT-VALUE}).")
    long intervalMillis;
    @Option(names = "--logs", defaultValue = "/tmp/ds-vagrant-demo", description = "Where the ssh configuration and local logs go (default: ${DEFAULT-VALUE}).")
    Path logs;
    @Option(names = "--mip6-probe", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "After the demo, check the kernel's Mobile IPv6 route-optimization data plane (XFRM) with a capture (default: on; --no-mip6-probe skips it).")
    boolean mip6Probe = true;

    /** What a run found: failures empty means every check passed. */
    public record Result(List<String> failures, List<Double> handoffMillis, long bytesUp, long bytesDown, long steered,
                         long retransmits, List<String> mip6Evidence) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Runs the demo with these settings (what the command line and the Vagrant test call). */
    public static Result run(Path vagrantDir, int handoffs, int connections, long rate, long intervalMillis, Path logs,
                             boolean mip6Probe) throws Exception {
        VagrantDemo d = new VagrantDemo();
        d.dir = vagrantDir;
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
        VagrantHosts hosts = VagrantHosts.open(dir.toAbsolutePath(), logs);
        Map<String, String> client = hosts.testbedConf("client");
        String clientAddress = client.get("DS_ADDRESS");
        String service = client.get("DS_SERVICE"); // demo=[address]:port
        String serviceAddress = service.replaceAll(".*\\[(.*)].*", "$1");
        String port = service.replaceAll(".*]:", "");
        System.out.printf("client %s streams to [%s]:%s over %d connections, %d B/s each way; %d handoffs contact <-> server, %d ms apart%n",
                clientAddress, serviceAddress, port, connections, rate, handoffs, intervalMillis);

        List<String> failures = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        Map<String, NodeProcess> apps = new LinkedHashMap<>();
        Map<String, NodeProcess> operators = new LinkedHashMap<>();
        RemoteStreamClient c = null;
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
            c = RemoteStreamClient.await(hosts.process("client", "client", "sudo", "/opt/ds/provision/ds-run.sh", "client",
                    "--service", serviceAddress, "--port", port, "--connections", String.valueOf(connections), "--rate", String.valueOf(rate)));
            String at = "contact";
            if (!StreamCheck.awaitServes(apps.get(at), c)) {
                failures.add("the contact node does not serve the client's connections");
                return new Result(failures, millis, 0, 0, 0, 0, List.of());
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
            long steered = steeringRequests(hosts) - steeredBefore;
            if (steered != millis.size()) {
                failures.add("the HA agent logged " + steered + " steering requests for " + millis.size() + " handoffs");
            }
            long up = 0, down = 0;
            for (int k = 0; k < c.connections(); k++) {
                up += c.sent(k);
                down += c.received(k);
            }
            long retransmits = c.retransmits();
            c.close();
            c = null;
            List<String> evidence = List.of();
            if (mip6Probe) {
                Mip6Probe.Result probe = Mip6Probe.run(hosts);
                failures.addAll(probe.failures());
                evidence = probe.evidence();
            }
            Result r = new Result(failures, millis, up, down, steered, retransmits, evidence);
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
            for (NodeProcess p : apps.values()) {
                p.close();
            }
            for (NodeProcess p : operators.values()) {
                p.close();
            }
        }
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

    private static void report(Result r) {
        List<Double> sorted = new ArrayList<>(r.handoffMillis());
        sorted.sort(null);
        if (!sorted.isEmpty()) {
            System.out.printf("%d handoffs by HA steering: request to answer median %.1f ms, worst %.1f ms; the HA agent steered %d times%n",
                    sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), r.steered());
        }
        System.out.printf("%d bytes up and %d down%s; client retransmissions %d%n", r.bytesUp(), r.bytesDown(),
                r.passed() ? ", each exactly once, in order, no reset" : "", r.retransmits());
        for (String e : r.mip6Evidence()) {
            System.out.println("capture on ha: " + e);
        }
        System.out.println(r.passed() ? "PASSED" : "FAILED:\n  " + String.join("\n  ", r.failures()));
    }

    @Override
    public Integer call() throws Exception {
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
