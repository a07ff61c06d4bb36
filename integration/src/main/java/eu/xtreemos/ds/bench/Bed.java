package eu.xtreemos.ds.bench;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.cluster.NodeProcess;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark set-up: a namespace testbed with the HA agent, real dsco daemons and the benchmark
 * application on every node (separate JVMs), one client namespace with as many client addresses as asked
 * (on the clients' LAN), tcpdump on the client's link, and operator connections to each dsco kept open.
 */
final class Bed implements AutoCloseable {
    final NamespaceTestbed tb;
    final DscoCluster cluster;
    final NetNamespace clientNs;
    final List<InetAddress> clients = new ArrayList<>();
    final InetSocketAddress service;
    private PacketCapture capture;
    private final Path captureFile;
    private final PacketCapture.Reader captured;
    private final Map<String, BlockingQueue<DscoClient>> operators = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<DscoClient> allOperators = new ArrayList<>();
    private final List<BenchClients> clientSets = new ArrayList<>();
    private eu.xtreemos.ds.cluster.NodeProcess correspondent;

    private Bed(NamespaceTestbed tb, DscoCluster cluster, NetNamespace clientNs, Path captureFile) {
        this.tb = tb;
        this.cluster = cluster;
        this.clientNs = clientNs;
        this.captureFile = captureFile;
        this.captured = new PacketCapture.Reader(captureFile);
        this.service = new InetSocketAddress(tb.serviceAddress(), DscoCluster.SERVICE_PORT);
    }

    /**
     * @param nodes      server nodes in all (contact + nodes-1 servers), 2..9
     * @param clientAddrs client addresses to add to the client namespace
     * @param filterMode hold or drop
     * @param serverRate bytes/s the application sends on each busy connection
     */
    static Bed up(String name, int site, int nodes, int clientAddrs, String filterMode, long serverRate,
                  Map<String, String> dscoSettings, Progress progress) throws Exception {
        return up(name, site, nodes, clientAddrs, filterMode, serverRate, dscoSettings, java.util.Set.of(), progress);
    }

    /** As above, with {@code spares}: server nodes in no configuration until {@code cluster.startSpare} (ADD_NODE). */
    static Bed up(String name, int site, int nodes, int clientAddrs, String filterMode, long serverRate,
                  Map<String, String> dscoSettings, java.util.Set<String> spares, Progress progress) throws Exception {
        NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(name, nodes - 1, 1, site));
        DscoCluster cluster = null;
        NetNamespace ns = null;
        try {
            cluster = DscoCluster.start(tb, new DscoCluster.Options(filterMode, serverRate, dscoSettings, 1,
                    new DscoCluster.Application(BenchServer.class.getName(), List.of("--socket", "${socket}", "--service",
                            "${service}", "--port", "${port}", "--rate", String.valueOf(serverRate)))), spares);
            String client = tb.clients().get(0);
            ns = NetNamespace.open(tb.ns(client));
            Path file = Files.createTempFile("ds-bench-", ".pcap");
            Bed bed = new Bed(tb, cluster, ns, file);
            bed.addClientAddresses(client, clientAddrs, progress);
            if (PacketCapture.available()) {
                // the service address, and the nodes' own: along a binding of the nft data plane the serving node's
                // packets cross the client's link from its own address (the client's kernel rewrites them after)
                List<InetAddress> sources = new java.util.ArrayList<>(List.of(tb.serviceAddress()));
                tb.serverNodes().forEach(n -> sources.add(tb.nodeAddress(n)));
                bed.capture = PacketCapture.start(tb.ns(client), NamespaceTestbed.NODE_IF, sources, file);
            }
            return bed;
        } catch (Exception e) {
            if (ns != null) {
                ns.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            tb.close();
            throw e;
        }
    }

    /**
     * fd00:d5:SITE:6::N, N = 1..count, on the client's loopback, routed by the HA to the client's own address:
     * the HA needs one neighbour entry for all of them (the kernel's neighbour table is shared by every
     * namespace and starts dropping entries at 1024).
     */
    private void addClientAddresses(String client, int count, Progress progress) throws Exception {
        String[] g = tb.clientAddress(client).getHostAddress().split(":"); // fd00:d5:S:2:0:0:0:101
        String net = g[0] + ":" + g[1] + ":" + g[2] + ":6:";
        StringBuilder batch = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String a = net + ":" + Integer.toHexString(i);
            clients.add(InetAddress.getByName(a));
            batch.append("addr add ").append(a).append("/128 dev lo nodad\n");
        }
        if (count > 0) {
            Process pr = new ProcessBuilder("ip", "-n", tb.ns(client), "-batch", "-").redirectErrorStream(true).start();
            pr.getOutputStream().write(batch.toString().getBytes(StandardCharsets.US_ASCII));
            pr.getOutputStream().close();
            String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!pr.waitFor(120, TimeUnit.SECONDS) || pr.exitValue() != 0) {
                throw new IOException("adding " + count + " client addresses failed: " + out);
            }
            tb.exec("ha", "ip", "-6", "route", "add", net + ":/64", "via", tb.clientAddress(client).getHostAddress(),
                    "dev", NamespaceTestbed.CLIENTS_BRIDGE);
            progress.update("client addresses", count, count);
        }
    }

    /** Connects clients (a sub-list of {@link #clients}); closed with the bed. */
    BenchClients connect(List<InetAddress> who, int perClient, int busy, long rate, Progress progress) throws Exception {
        BenchClients c = BenchClients.start(clientNs, who, perClient, busy, service, rate, progress);
        clientSets.add(c);
        awaitServed(c);
        return c;
    }

    /** Waits until the applications have read every new connection's header (a handoff needs them known). */
    private void awaitServed(BenchClients c) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            java.util.Set<Integer> known = new java.util.HashSet<>();
            for (String n : nodes()) {
                String line = app(n).command("positions", "positions").substring("positions".length()).trim();
                for (String e : line.isEmpty() ? new String[0] : line.split(" ")) {
                    known.add(Integer.parseInt(e.substring(0, e.indexOf(':'))));
                }
            }
            if (c.connections().stream().allMatch(x -> known.contains(x.id))) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("the applications did not see every client connection within 30 s");
            }
            Thread.sleep(50);
        }
    }

    /** Every error the clients connected so far have seen (a reset, a wrong byte, a connection closed). */
    List<String> clientErrors() {
        List<String> e = new ArrayList<>();
        for (BenchClients c : clientSets) {
            e.addAll(c.errors());
        }
        return e;
    }

    /**
     * Waits until no node has a connection to {@code client} open (established, or closed by the client and
     * not yet by the application), up to 10 s: an application that wrote on a connection the client closed
     * would be answered with a reset.
     */
    void awaitGone(InetAddress client) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            StringBuilder open = new StringBuilder();
            for (String n : nodes()) {
                open.append(tb.exec(n, "ss", "-Htn", "state", "established", "state", "close-wait", "dst", "[" + client.getHostAddress() + "]").trim());
            }
            if (open.length() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("connections to " + client.getHostAddress() + " still open 10 s after the client closed them: " + open);
            }
            Thread.sleep(50);
        }
    }

    /** The connections of a client, over every client set connected. */
    List<BenchClients.Conn> clientSetsOf(InetAddress client) {
        List<BenchClients.Conn> out = new ArrayList<>();
        for (BenchClients c : clientSets) {
            out.addAll(c.of(client));
        }
        return out;
    }

    /** An operator connection to a node's dsco, taken from a pool kept open across handoffs; give it back. */
    DscoClient operator(String node) throws IOException {
        BlockingQueue<DscoClient> q = operators.computeIfAbsent(node, n -> new ArrayBlockingQueue<>(256));
        DscoClient c = q.poll();
        if (c == null) {
            c = DscoClient.connect(cluster.socket(node));
            synchronized (allOperators) {
                allOperators.add(c);
            }
        }
        return c;
    }

    void giveBack(String node, DscoClient c) {
        operators.get(node).offer(c);
    }

    /**
     * CPU time so far of a node's dsco (all threads) and application (all threads but its stream loop, whose
     * work is streaming the clients' data, not handing them off), ns.
     */
    long cpu(String node) {
        long app = 0;
        for (Map.Entry<String, Long> t : ProcStats.cpuByThread(cluster.app(node).pid()).entrySet()) {
            if (!t.getKey().startsWith("service-")) {
                app += t.getValue();
            }
        }
        return ProcStats.cpuNanos(cluster.dsco(node).pid()) + app;
    }

    long dscoRss(String node) {
        return ProcStats.rssBytes(cluster.dsco(node).pid());
    }

    NodeProcess app(String node) {
        return cluster.app(node);
    }

    /** The server nodes running: the testbed's, but spares not started yet. */
    List<String> nodes() {
        return cluster.nodes();
    }

    /**
     * The packets captured so far, once the file holds one that arrived after {@code epochNanos} (the clients'
     * busy connections carry packets all the time; tcpdump may lag behind on a busy machine), or after 5 s; empty
     * without tcpdump.
     */
    Map<PacketCapture.Flow, List<PacketCapture.Packet>> packets(long epochNanos) throws IOException, InterruptedException {
        if (capture == null) {
            return Map.of();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Map<PacketCapture.Flow, List<PacketCapture.Packet>> pk = captured.read();
            boolean caughtUp = pk.values().stream().anyMatch(f -> !f.isEmpty() && f.get(f.size() - 1).nanos() > epochNanos);
            if (caughtUp || System.nanoTime() > deadline) {
                return pk;
            }
            Thread.sleep(50);
        }
    }

    /** The packets captured so far, without waiting; empty without tcpdump. The lists grow with later calls. */
    Map<PacketCapture.Flow, List<PacketCapture.Packet>> packets() throws IOException {
        return capture == null ? Map.of() : captured.read();
    }

    boolean capturing() {
        return capture != null;
    }

    /** What {@link #spread} did: each handoff's request time (ms), and the handoffs that failed, saying why. */
    record Spread(List<Double> millis, List<String> failures) {
    }

    /**
     * Hands the first {@code n} clients (2/3 of them with 3 or more nodes, all with 2) from the first node to the
     * others in turn, {@code parallel} requests at a time through the operator connections.
     */
    Spread spread(List<String> nodes, int n, int parallel, Progress progress) throws Exception {
        List<Double> each = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "operator");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            String from = nodes.get(0);
            int moved = nodes.size() == 2 ? n : 2 * n / 3;
            for (int i = 0; i < moved; i++) {
                InetAddress c = clients.get(i);
                String to = nodes.size() == 2 ? nodes.get(1) : nodes.get(1 + i % (nodes.size() - 1));
                fs.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    DscoClient op = operator(from);
                    try {
                        op.requestHandoff(DscoCluster.SERVICE, c, to);
                        each.add((System.nanoTime() - t0) / 1e6);
                    } catch (IOException e) {
                        failures.add("handoff of " + c.getHostAddress() + " to " + to + " failed: " + e.getMessage());
                    } finally {
                        giveBack(from, op);
                        progress.update("handoffs " + from + " -> " + (nodes.size() == 2 ? to : "others"), done.incrementAndGet(), moved);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Spread(each, failures);
    }

    /**
     * Route optimization: the correspondent agent in the client namespace, for {@code client} (any agent
     * before is stopped, removing its routes). One client at a time: a binding is a route for the service
     * address in the namespace, which all the namespace's client addresses would follow.
     */
    void correspondFor(InetAddress client) throws Exception {
        if (correspondent != null) {
            correspondent.close();
        }
        correspondent = cluster.startCorrespondent(tb.clients().get(0), client);
    }

    /** Sets a run-time dsco setting on every node. */
    void setOnAll(String key, String value) throws IOException {
        for (String n : nodes()) {
            DscoClient c = operator(n);
            try {
                c.setConfig(key, value);
            } finally {
                giveBack(n, c);
            }
        }
    }

    /** With -Dds.bench.jfr-dir=DIR (and the cluster's JVMs recording), each dsco's flight recording is dumped there. */
    private void dumpFlightRecordings() throws IOException, InterruptedException {
        String dir = System.getProperty("ds.bench.jfr-dir");
        if (dir == null) {
            return;
        }
        for (String n : nodes()) {
            Path f = Path.of(dir, "dsco-" + n + "-" + cluster.dsco(n).pid() + ".jfr");
            Process p = new ProcessBuilder("jcmd", String.valueOf(cluster.dsco(n).pid()), "JFR.dump", "filename=" + f)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** With -Dds.bench.nmt-dir=DIR (and the JVMs started with NativeMemoryTracking), each dsco's summary goes there. */
    private void dumpNativeMemory() throws IOException, InterruptedException {
        String dir = System.getProperty("ds.bench.nmt-dir");
        if (dir == null) {
            return;
        }
        for (String n : nodes()) {
            Process p = new ProcessBuilder("jcmd", String.valueOf(cluster.dsco(n).pid()), "VM.native_memory", "summary")
                    .redirectErrorStream(true).redirectOutput(Path.of(dir, "nmt-dsco-" + n + ".txt").toFile()).start();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        dumpFlightRecordings();
        dumpNativeMemory();
        for (BenchClients c : clientSets) {
            c.close();
        }
        for (DscoClient c : allOperators) {
            c.close();
        }
        if (capture != null) {
            capture.close();
        }
        if (correspondent != null) {
            correspondent.close();
        }
        String keep = System.getProperty("ds.bench.keep-capture");
        if (keep != null) {
            Files.copy(captureFile, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(captureFile);
        clientNs.close();
        try {
            cluster.close();
        } finally {
            tb.close();
        }
    }
}
