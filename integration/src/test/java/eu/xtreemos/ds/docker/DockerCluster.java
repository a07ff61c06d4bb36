package eu.xtreemos.ds.docker;

import eu.xtreemos.ds.cluster.ClasspathCopy;
import eu.xtreemos.ds.cluster.ClusterConfig;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.cluster.NodeProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distributed Servers running for real on a {@link DockerTestbed}: the HA agent in the ha container, a dsco
 * daemon (root) in every server node's container and the application beside it as the user nobody: the demo's
 * stream service or, as {@code DscoCluster.Options.application}, one with a role in ds-run.sh ({@link #ROLES}). Their
 * configuration is written and they are started by the provisioning scripts the Vagrant VMs run too
 * (provision/ds-node-config.sh, ds-run.sh); the configuration has the keys {@code ClusterConfig} writes for the
 * namespace testbed (ProvisionScriptsTest checks both agree).
 *
 * <p>Each process is started with {@code docker exec -i}, so it is a {@link NodeProcess} as on the namespace
 * testbed: "ready" and answers on stdout, commands (positions, errors, stop-writing, ...) on stdin, stderr in
 * a log on the host — and {@code StreamCheck} works unchanged. The software is this JVM's classpath, copied
 * into the testbed's read-only {@value DockerTestbed#SOFTWARE_DIR}; each dsco's API socket is in its node's
 * {@value DockerTestbed#NODE_DIR}, a host directory, so an operator on the host reaches it at {@link #socket}.
 */
public final class DockerCluster implements AutoCloseable {
    private static final long START_MILLIS = 60_000; // JVMs starting in containers on a busy 2-core machine
    /** The applications provision/ds-run.sh runs besides the demo: main class to role. */
    static final Map<String, String> ROLES = Map.of("eu.xtreemos.ds.saga.examples.GeckoEcho", "gecko-echo");

    private final DockerTestbed tb;
    private final DscoCluster.Options options;
    private final DscoCluster.Service service;
    private final Path logs;
    private final Map<String, NodeProcess> dscos = new LinkedHashMap<>();
    private final Map<String, NodeProcess> apps = new LinkedHashMap<>();
    private final List<NodeProcess> all = new ArrayList<>();
    private NodeProcess ha;

    private DockerCluster(DockerTestbed tb, DscoCluster.Options options) throws IOException {
        if (options.services() != 1) {
            throw new IllegalArgumentException("the Docker cluster runs one service, not " + options.services());
        }
        if (options.application() != null && !ROLES.containsKey(options.application().mainClass())) {
            throw new IllegalArgumentException("ds-run.sh has no role for " + options.application().mainClass() + " (roles: " + ROLES + ")");
        }
        this.tb = tb;
        this.options = options;
        this.service = new DscoCluster.Service(DscoCluster.SERVICE, tb.serviceAddress(), null, DscoCluster.SERVICE_PORT);
        this.logs = tb.logDir();
    }

    /** Starts the HA agent, a dsco per server node and the application on each. */
    public static DockerCluster start(DockerTestbed tb, DscoCluster.Options options) throws Exception {
        DockerCluster c = new DockerCluster(tb, options);
        try {
            ClasspathCopy.into(tb.softwareDir());
            c.writeKeys();
            c.startHa();
            for (String node : tb.serverNodes()) {
                c.startDsco(node);
            }
            for (String node : tb.serverNodes()) {
                c.startApp(node);
            }
            return c;
        } catch (Exception e) {
            System.out.println(c.logs());
            c.close();
            throw e;
        }
    }

    public DscoCluster.Service service() {
        return service;
    }

    /** The host path of a node's dsco API socket. */
    public Path socket(String node) {
        return tb.nodeDir(node).resolve("dsco.sock");
    }

    public NodeProcess app(String node) {
        return apps.get(node);
    }

    public List<NodeProcess> apps() {
        return List.copyOf(apps.values());
    }

    /** The HA agent (its log on the host records every steering request). */
    public NodeProcess ha() {
        return ha;
    }

    public NodeProcess dsco(String node) {
        return dscos.get(node);
    }

    private static Path inContainer(String file) {
        return Path.of(DockerTestbed.NODE_DIR, file);
    }

    /** The options of provision/ds-node-config.sh that the HA agent's and every dsco's configuration share. */
    private List<String> commonConfig() {
        List<String> nodes = new ArrayList<>();
        for (String n : tb.serverNodes()) {
            nodes.add(n + "=" + tb.nodeAddress(n).getHostAddress());
        }
        return List.of("--ha", tb.nodeAddress(DockerTestbed.HA).getHostAddress(), "--nodes", String.join(",", nodes),
                "--service", service.id() + "=[" + service.address().getHostAddress() + "]:" + service.port(),
                "--key", inContainer("cluster.key").toString());
    }

    /** Writes a configuration in a node's container with the shared script (as the Vagrant VMs' provisioning does). */
    private void writeConfig(String node, String what, String file, List<String> options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DockerTestbed.PROVISION_DIR + "/ds-node-config.sh", what, "--out", inContainer(file).toString()));
        cmd.addAll(commonConfig());
        cmd.addAll(options);
        tb.exec(node, cmd.toArray(String[]::new));
    }

    /** One key, copied into the HA's and every node's directory (each container sees only its own). */
    private void writeKeys() throws IOException {
        Path key = tb.nodeDir(DockerTestbed.HA).resolve("cluster.key");
        ClusterConfig.writeKey(key);
        for (String node : tb.serverNodes()) {
            Files.copy(key, tb.nodeDir(node).resolve("cluster.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /**
     * Starts the correspondent agent in the client's container (route optimization) and waits until it serves;
     * its counters are in the client's node directory on the host ({@link #correspondentStatus}).
     */
    public NodeProcess startCorrespondent() throws Exception {
        NodeProcess p = launch("correspondent", DockerTestbed.CLIENT, "correspondent",
                "--address", tb.clientAddress().getHostAddress(), "--status-file", inContainer("correspondent.status").toString());
        p.await("ready", START_MILLIS);
        return p;
    }

    public Path correspondentStatus() {
        return tb.nodeDir(DockerTestbed.CLIENT).resolve("correspondent.status");
    }

    private void startHa() throws Exception {
        writeConfig(DockerTestbed.HA, "ha", "ha.properties", List.of("--nodes-interface", tb.haNodesInterface()));
        ha = launch("ha", DockerTestbed.HA, "ha", "--config", inContainer("ha.properties").toString());
        ha.await("ready", START_MILLIS);
    }

    /** Starts (or, on a restarted container, starts again) a node's dsco and waits until it serves. */
    void startDsco(String node) throws Exception {
        if ("route-optimization".equals(options.extraDscoSettings().get("redirect.mode"))) {
            tb.enableSegmentRouting(node);
        }
        List<String> o = new ArrayList<>(List.of("--node", node, "--api-socket", inContainer("dsco.sock").toString(),
                "--api-users", String.valueOf(DscoCluster.NOBODY), "--filter-mode", options.filterMode()));
        options.extraDscoSettings().forEach((k, v) -> o.addAll(List.of("--set", k + "=" + v)));
        writeConfig(node, "dsco", "dsco.properties", o);
        NodeProcess d = launch("dsco-" + node, node, "dsco", "--config", inContainer("dsco.properties").toString());
        d.await("ready", START_MILLIS);
        replaced(dscos.put(node, d));
    }

    /** Starts (or starts again) a node's application and waits until it serves. */
    void startApp(String node) throws Exception {
        DscoCluster.Application app = options.application();
        NodeProcess a = app == null
                ? launch("app-" + node, node, "demo", "--socket", inContainer("dsco.sock").toString(), "--service", service.id(),
                        "--port", String.valueOf(service.port()), "--rate", String.valueOf(options.rate()))
                : launch("app-" + node, node, ROLES.get(app.mainClass()),
                        app.argsFor(node, service, inContainer("dsco.sock")).toArray(String[]::new));
        a.await("ready", START_MILLIS);
        replaced(apps.put(node, a));
    }

    /** A process started again: the old one (dead with its container) leaves the logs, which the new one continues. */
    private void replaced(NodeProcess old) throws InterruptedException {
        if (old != null) {
            all.remove(old);
            old.close();
        }
    }

    /** Waits until every node's dsco lists every node in its membership group (DscoCluster.awaitGroup). */
    public void awaitGroup() throws Exception {
        DscoCluster.awaitGroup(options, tb.serverNodes(), this::socket, node -> dscos.get(node).tail());
    }

    /** Runs one of the cluster's processes with the shared script (provision/ds-run.sh: the demo drops to nobody). */
    private NodeProcess launch(String name, String node, String role, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", DockerEngine.host(), "exec", "-i",
                "-e", "DS_LOG_LEVEL=" + System.getProperty("ds.cluster.log.level", "INFO"),
                "-e", "DS_LIB=" + DockerTestbed.SOFTWARE_DIR, tb.containerName(node), DockerTestbed.PROVISION_DIR + "/ds-run.sh", role));
        cmd.addAll(List.of(args));
        NodeProcess p = new NodeProcess(name, cmd, logs.resolve(name + ".log"));
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

    /**
     * Stops the processes' docker exec clients: the applications end with their stdin, the daemons with their
     * containers, which the testbed removes (with the logs).
     */
    @Override
    public void close() throws Exception {
        for (NodeProcess p : all) {
            p.close();
        }
    }
}
