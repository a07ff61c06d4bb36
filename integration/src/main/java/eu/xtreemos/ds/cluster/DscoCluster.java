package eu.xtreemos.ds.cluster;

import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.UserNamespaceSandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Distributed Servers running for real on a namespace testbed: the HA agent in the HA's namespace, a
 * dsco daemon (root) in every server node's namespace, and an application (by default the stream service on dsco's
 * client library, {@code DscoStreamServer}; the demo runs the SAGA one) on every node as the
 * unprivileged user nobody (in a rootless testbed's user namespace, as its only user), each a process of its own
 * talking to the others only through sockets.
 * Everything it starts and writes is removed by {@link #close}, also after a failure.
 */
public final class DscoCluster implements AutoCloseable {
    public static final String SERVICE = "demo";
    public static final int SERVICE_PORT = 7000;
    public static final int CLUSTER_PORT = 7200;
    public static final int HA_PORT = 7300;
    public static final int NOBODY = 65534;

    /**
     * Settings written into every dsco configuration; {@code services} distributed servers (1 or 2) on the same
     * nodes; {@code application} the program run on every node for every service (null: {@code DscoStreamServer}).
     */
    public record Options(String filterMode, long rate, Map<String, String> extraDscoSettings, int services,
                          Application application) {
        public Options(String filterMode, long rate, Map<String, String> extraDscoSettings) {
            this(filterMode, rate, extraDscoSettings, 1);
        }

        public Options(String filterMode, long rate, Map<String, String> extraDscoSettings, int services) {
            this(filterMode, rate, extraDscoSettings, services, null);
        }

        public Options {
            if (services < 1 || services > 2) {
                throw new IllegalArgumentException("services must be 1 or 2, got " + services);
            }
        }
    }

    /**
     * An application to run instead of {@code DscoStreamServer}: its main class and arguments, in which
     * {@code ${socket}}, {@code ${service}}, {@code ${address}}, {@code ${port}} and {@code ${node}} are replaced
     * by the node's dsco socket, the service id, its IPv6 address, its port and the node's name. It must print
     * a line starting with "ready" when it serves.
     */
    public record Application(String mainClass, List<String> args) {
        public List<String> argsFor(String node, Service s, Path socket) {
            return args.stream().map(a -> a.replace("${socket}", socket.toString()).replace("${service}", s.id())
                    .replace("${address}", s.address().getHostAddress()).replace("${port}", String.valueOf(s.port()))
                    .replace("${node}", node)).toList();
        }
    }

    /** One distributed server: id, addresses, port. The first is the testbed's own service address. */
    public record Service(String id, InetAddress address, InetAddress address4, int port) {
    }

    public static final String SECOND_SERVICE = "web";

    private final NamespaceTestbed tb;
    private final Options options;
    private final Path dir;
    private final Path classpath;
    private final Map<String, NodeProcess> dscos = new LinkedHashMap<>();
    private final Map<String, NodeProcess> apps = new LinkedHashMap<>();
    /**
     * How long a daemon or application may take to say "ready": a JVM with JGroups starts in 2-5 s on an idle machine
     * and several times that on a loaded 2-core one; waiting longer costs nothing when it starts.
     */
    private static final long READY_MILLIS = 60_000;
    private final Map<String, Map<String, String>> perNode = new LinkedHashMap<>();
    private final List<NodeProcess> all = new ArrayList<>();
    private NodeProcess ha;
    /** Processes write all their output to their logs, so that they can outlive this JVM. */
    private final boolean detached;
    private boolean released;
    private Map<String, String> haExtra = Map.of();

    private final List<Service> services = new ArrayList<>();
    /**
     * Server nodes of the testbed that are not part of the cluster yet: no dsco nor application runs there, and no
     * configuration lists them until {@link #startSpare} (a node added at run time, ADD_NODE).
     */
    private final Set<String> spares = new LinkedHashSet<>();

    private DscoCluster(NamespaceTestbed tb, Options options) throws IOException {
        this(tb, options, Files.createTempDirectory("ds-cluster-"), false);
    }

    private DscoCluster(NamespaceTestbed tb, Options options, Path dir, boolean detached) throws IOException {
        this.tb = tb;
        this.options = options;
        this.detached = detached;
        services.add(new Service(SERVICE, tb.serviceAddress(), tb.serviceAddress4(), SERVICE_PORT));
        if (options.services() > 1) {
            services.add(new Service(SECOND_SERVICE, next(tb.serviceAddress()), next(tb.serviceAddress4()), SERVICE_PORT + 1));
        }
        this.dir = Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("sock"));
        Files.createDirectories(dir.resolve("log"));
        Files.setPosixFilePermissions(dir.resolve("sock"), PosixFilePermissions.fromString("rwxr-xr-x"));
        this.classpath = ClasspathCopy.into(dir.resolve("cp"));
    }

    /** Starts the HA agent, a dsco per server node and the application on each. */
    public static DscoCluster start(NamespaceTestbed tb, Options options) throws Exception {
        return start(tb, options, Set.of());
    }

    /**
     * Starts the HA agent, a dsco per server node but {@code spares} and the application on each. The spare nodes are
     * in no configuration (neither the HA agent's nor any dsco's) until {@link #startSpare} starts one.
     */
    public static DscoCluster start(NamespaceTestbed tb, Options options, Set<String> spares) throws Exception {
        DscoCluster c = new DscoCluster(tb, options);
        try {
            for (String s : spares) {
                if (!tb.serverNodes().contains(s) || s.equals(ClusterConfig.CONTACT)) {
                    throw new IllegalArgumentException("spare node " + s + " must be a server node of the testbed other than the contact");
                }
            }
            c.spares.addAll(spares);
            c.startDaemons();
            for (String node : c.nodes()) {
                c.startApp(node);
            }
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    /**
     * Starts the HA agent and a dsco per server node, no application, with their files (configurations, key, sockets,
     * logs) in {@code dir}; each process writes all its output to its log and keeps running after this JVM exits once
     * {@link #detach} is called (the testbed with daemons, {@code ds-testbed up --daemons}).
     */
    public static DscoCluster startDaemons(NamespaceTestbed tb, Options options, Path dir) throws Exception {
        DscoCluster c = new DscoCluster(tb, options, dir, true);
        try {
            c.startDaemons();
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    private void startDaemons() throws Exception {
        addServiceAddresses();
        ClusterConfig.writeKey(dir.resolve("cluster.key"));
        startHa();
        for (String node : nodes()) {
            startDsco(node);
        }
        awaitGroup();
    }

    /** The server nodes of the cluster: the testbed's, but the spares not started yet. */
    public List<String> nodes() {
        return tb.serverNodes().stream().filter(n -> !spares.contains(n)).toList();
    }

    /**
     * Starts a spare node's dsco, its configuration listing every node of the cluster and itself, and its
     * application, and waits until every dsco sees it in the membership group (it joins by itself). The others
     * learn of it only when asked to add it (ADD_NODE).
     */
    public void startSpare(String node) throws Exception {
        if (!spares.remove(node)) {
            throw new IllegalArgumentException(node + " is not a spare node of this cluster");
        }
        startDsco(node);
        startApp(node);
        awaitGroup();
    }

    /**
     * Gives the processes up: {@link #close} no longer stops them nor removes the directory. Returns their pids
     * (as this process sees them), for whoever stops them later.
     */
    public List<Long> detach() {
        released = true;
        return all.stream().filter(NodeProcess::alive).map(NodeProcess::pid).toList();
    }

    public List<Service> services() {
        return services;
    }

    /** The application of the first service on a node. */
    public NodeProcess app(String node) {
        return apps.get(node);
    }

    public NodeProcess app(String node, String service) {
        return apps.get(service.equals(SERVICE) ? node : node + "/" + service);
    }

    private static InetAddress next(InetAddress a) throws IOException {
        byte[] b = a.getAddress();
        b[b.length - 1]++;
        return InetAddress.getByAddress(b);
    }

    /** Services after the first get their addresses on every server node (the testbed has one). */
    private void addServiceAddresses() {
        for (Service s : services.subList(1, services.size())) {
            for (String node : tb.serverNodes()) {
                tb.exec(node, "ip", "-6", "addr", "add", s.address().getHostAddress() + "/128", "dev", "lo", "nodad");
                tb.exec(node, "ip", "-4", "addr", "add", s.address4().getHostAddress() + "/32", "dev", "lo");
            }
        }
    }

    public Path socket(String node) {
        return dir.resolve("sock").resolve(node + ".sock");
    }

    public NodeProcess dsco(String node) {
        return dscos.get(node);
    }

    /** The HA agent's process. */
    public NodeProcess ha() {
        return ha;
    }

    public Path directory() {
        return dir;
    }

    // ------------------------------------------------------------------ processes

    private void startHa() throws Exception {
        Path conf = dir.resolve("ha.properties");
        Map<String, String> p = ClusterConfig.ha(topology(), NamespaceTestbed.NODES_BRIDGE, dir.resolve("cluster.key"));
        p.putAll(haExtra);
        ClusterConfig.write(conf, p);
        ha = launch("ha", tb.ns("ha"), false, "eu.xtreemos.ds.ha.HaMain", "--config", conf.toString());
        ha.await("ready", READY_MILLIS);
    }

    /**
     * Kills the HA agent (SIGKILL) and starts it again with extra settings (e.g. other cluster keys); it takes the
     * client bindings back from the routing table.
     */
    public void restartHa(Map<String, String> extra) throws Exception {
        if (ha != null) {
            ha.kill();
        }
        haExtra = extra;
        startHa();
    }

    /** Kills a node's dsco (SIGKILL, as a crash) and starts it again with extra settings (e.g. a debug.fault). */
    public NodeProcess restartDsco(String node, Map<String, String> extra) throws Exception {
        NodeProcess old = dscos.remove(node);
        if (old != null) {
            old.kill();
        }
        perNode.put(node, extra);
        return startDsco(node);
    }

    /**
     * Stops a node's dsco as systemd does (SIGTERM, SIGKILL after 5 s) and starts it again with extra settings: an
     * operator's restart, as in a rolling configuration change.
     */
    public NodeProcess restartDscoGracefully(String node, Map<String, String> extra) throws Exception {
        NodeProcess old = dscos.remove(node);
        if (old != null) {
            old.close();
        }
        perNode.put(node, extra);
        return startDsco(node);
    }

    /** Kills every application of a node on the spot (with {@link #killDsco}: the node is dead). */
    public void killApps(String node) throws InterruptedException {
        for (Service s : services) {
            NodeProcess a = apps.remove(s.id().equals(SERVICE) ? node : node + "/" + s.id());
            if (a != null) {
                a.kill();
            }
        }
    }

    /** Kills a node's dsco on the spot. */
    public void killDsco(String node) throws InterruptedException {
        NodeProcess old = dscos.remove(node);
        if (old != null) {
            old.kill();
        }
    }

    /** Starts (or restarts) the dsco daemon of a node and waits until it serves. */
    public NodeProcess startDsco(String node) throws Exception {
        Path conf = dir.resolve(node + ".properties");
        Map<String, String> p = ClusterConfig.dsco(topology(), node, dir.resolve("cluster.key"), socket(node), options.filterMode());
        p.put("state.dir", dir.resolve("state").toString());
        p.putAll(options.extraDscoSettings());
        p.putAll(perNode.getOrDefault(node, Map.of()));
        ClusterConfig.write(conf, p);
        NodeProcess d = launch("dsco-" + node, tb.ns(node), false, "eu.xtreemos.ds.dsco.daemon.DscoMain", "--config", conf.toString());
        d.await("ready", READY_MILLIS);
        dscos.put(node, d);
        return d;
    }

    /** Starts (or restarts) the applications of a node and waits until they serve. */
    public void startApp(String node) throws Exception {
        for (Service s : services) {
            boolean first = s.id().equals(SERVICE);
            String name = "app-" + node + (first ? "" : "-" + s.id());
            Application app = options.application();
            NodeProcess a = app != null
                    ? launch(name, tb.ns(node), true, app.mainClass(), app.argsFor(node, s, socket(node)).toArray(String[]::new))
                    : launch(name, tb.ns(node), true, "eu.xtreemos.ds.demo.DscoStreamServer",
                    "--socket", socket(node).toString(), "--service", s.id(), "--port", String.valueOf(s.port()),
                    "--rate", String.valueOf(options.rate()));
            a.await("ready", READY_MILLIS);
            apps.put(first ? node : node + "/" + s.id(), a);
        }
    }

    /**
     * Starts the correspondent agent on a client (route optimization: it answers return routability and turns
     * Binding Updates into SRv6 routes) and waits until it serves; {@link #correspondentStatus} has its counters.
     */
    public NodeProcess startCorrespondent(String client) throws Exception {
        NodeProcess p = launch("correspondent-" + client, tb.ns(client), false, "eu.xtreemos.ds.correspondent.CorrespondentMain",
                "--address", tb.clientAddress(client).getHostAddress(), "--status-file", correspondentStatus(client).toString());
        p.await("ready", READY_MILLIS);
        return p;
    }

    /**
     * The correspondent agent in a client's namespace for another of its addresses (one agent per namespace at a
     * time: bindings are routes of the namespace). Its log is {@code correspondent-<client>-<n>.log}.
     */
    public NodeProcess startCorrespondent(String client, InetAddress address) throws Exception {
        String name = "correspondent-" + client + "-" + (++correspondents);
        NodeProcess p = launch(name, tb.ns(client), false, "eu.xtreemos.ds.correspondent.CorrespondentMain",
                "--address", address.getHostAddress(), "--status-file", dir.resolve(name + ".status").toString());
        p.await("ready", READY_MILLIS);
        return p;
    }

    private int correspondents;

    /** The correspondent agent's log on a client. */
    public Path correspondentLog(String client) {
        return dir.resolve("log").resolve("correspondent-" + client + ".log");
    }

    /** The correspondent agent's status file on a client: counters and bindings as {@code key=value} lines. */
    public Path correspondentStatus(String client) {
        return dir.resolve(client + ".correspondent");
    }

    /**
     * Waits until every dsco sees every node in its membership group (a dsco serves before it has joined: it
     * joins in the background). Nothing to wait for when failover is off.
     */
    public void awaitGroup() throws Exception {
        awaitGroup(options, nodes(), this::socket, node -> dscos.get(node).tail());
    }

    /**
     * Waits until the dsco of each of {@code nodes} (its API socket: {@code socket}) lists them all in its membership
     * group, for any testbed; {@code log} gives a node's dsco log tail for the failure message. Nothing to wait for
     * when {@code options} turn failover off.
     */
    public static void awaitGroup(Options options, List<String> nodes, Function<String, Path> socket, Function<String, String> log)
            throws Exception {
        if ("false".equals(options.extraDscoSettings().get("failover.enabled"))) {
            return;
        }
        long deadline = System.currentTimeMillis() + 30_000;
        for (String node : nodes) {
            List<String> seen = List.of();
            while (true) {
                try (eu.xtreemos.ds.dsco.client.DscoClient c = eu.xtreemos.ds.dsco.client.DscoClient.connect(socket.apply(node))) {
                    List<String> m = c.members();
                    seen = m.subList(0, Math.max(0, m.size() - 1)); // the last is the contact node
                }
                if (seen.containsAll(nodes)) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("the dsco group did not form within 30 s: " + node + " sees " + seen + "; log:\n"
                            + log.apply(node));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits until every application of the node is registered with its (restarted) dsco. */
    public void awaitReceivers(String node) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            String log = dscos.get(node).logSinceStart();
            if (services.stream().allMatch(s -> log.contains("receives clients of " + s.id()))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("the applications on " + node + " did not register with dsco; log:\n" + dscos.get(node).tail());
    }

    private NodeProcess launch(String name, String ns, boolean unprivileged, String main, String... args) throws IOException {
        // Signals as a service manager leaves them (systemd resets every disposition): started from a shell under
        // nohup, SIGHUP would arrive ignored and dsco could not install its reload handler.
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "env", "--default-signal=HUP"));
        // In a rootless testbed's user namespace the invoking user is the only one there is: no nobody to become.
        if (unprivileged && !UserNamespaceSandbox.insideUserNamespace()) {
            cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        cmd.addAll(JavaCommand.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), classpath.toString(), main, List.of(args)));
        NodeProcess p = new NodeProcess(name, cmd, dir.resolve("log").resolve(name + ".log"), detached);
        all.add(p);
        return p;
    }

    // ------------------------------------------------------------------ files

    /** Who is where, for the configuration files. */
    private ClusterConfig.Topology topology() {
        Map<String, InetAddress> nodes = new LinkedHashMap<>(), nodes4 = new LinkedHashMap<>();
        for (String n : nodes()) {
            nodes.put(n, tb.nodeAddress(n));
            nodes4.put(n, tb.nodeAddress4(n));
        }
        return new ClusterConfig.Topology(nodes, nodes4, tb.nodeAddress("ha"), services);
    }

    /**
     * Runs {@code mainClass} in {@code node}'s namespace as user and group {@code uid}, with the cluster's class
     * path; the caller closes the process (it is also closed with the cluster).
     */
    public NodeProcess launchAs(String name, String node, int uid, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", tb.ns(node),
                "setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
                "-cp", classpath + "/*:" + classpath.resolve("classes"), mainClass));
        cmd.addAll(List.of(args));
        NodeProcess p = new NodeProcess(name, cmd, dir.resolve("log").resolve(name + ".log"));
        all.add(p);
        return p;
    }

    /** The tail of every process log, to explain a failure. */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (NodeProcess p : all) {
            b.append("--- ").append(p.name()).append(p.alive() ? "" : " (exited)").append('\n').append(p.tail()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        if (released) {
            return;
        }
        for (NodeProcess a : apps.values()) {
            a.close();
        }
        for (NodeProcess p : all) {
            p.close();
        }
        if (!Boolean.getBoolean("ds.cluster.keep")) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The address of a node on the nodes' LAN. */
    public InetAddress nodeAddress(String node) {
        return tb.nodeAddress(node);
    }
}
