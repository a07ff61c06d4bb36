package eu.xtreemos.ds.docker;

import eu.xtreemos.ds.cluster.ClasspathCopy;
import eu.xtreemos.ds.cluster.ClusterConfig;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.cluster.JavaCommand;
import eu.xtreemos.ds.cluster.NodeProcess;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distributed Servers running for real on a {@link DockerTestbed}: the HA agent in the ha container, a dsco
 * daemon (root) in every server node's container and the demo application beside it as the user nobody,
 * with the configuration {@link ClusterConfig} writes for the namespace testbed too.
 *
 * <p>Each process is started with {@code docker exec -i}, so it is a {@link NodeProcess} as on the namespace
 * testbed: "ready" and answers on stdout, commands (positions, errors, stop-writing, ...) on stdin, stderr in
 * a log on the host — and {@code StreamCheck} works unchanged. The software is this JVM's classpath, copied
 * into the testbed's read-only {@value DockerTestbed#SOFTWARE_DIR}; each dsco's API socket is in its node's
 * {@value DockerTestbed#NODE_DIR}, a host directory, so an operator on the host reaches it at {@link #socket}.
 */
public final class DockerCluster implements AutoCloseable {
    private static final long START_MILLIS = 60_000; // JVMs starting in containers on a busy 2-core machine

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
        this.tb = tb;
        this.options = options;
        this.service = new DscoCluster.Service(DscoCluster.SERVICE, tb.serviceAddress(), null, DscoCluster.SERVICE_PORT);
        this.logs = tb.logDir();
    }

    /** Starts the HA agent, a dsco per server node and the demo application on each. */
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

    private ClusterConfig.Topology topology() {
        Map<String, InetAddress> nodes = new LinkedHashMap<>();
        for (String n : tb.serverNodes()) {
            nodes.put(n, tb.nodeAddress(n));
        }
        return new ClusterConfig.Topology(nodes, Map.of(), tb.nodeAddress(DockerTestbed.HA), List.of(service));
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
        NodeProcess p = launch("correspondent", DockerTestbed.CLIENT, false, "eu.xtreemos.ds.dsco.correspondent.CorrespondentMain",
                "--address", tb.clientAddress().getHostAddress(), "--status-file", inContainer("correspondent.status").toString());
        p.await("ready", START_MILLIS);
        return p;
    }

    public Path correspondentStatus() {
        return tb.nodeDir(DockerTestbed.CLIENT).resolve("correspondent.status");
    }

    private void startHa() throws Exception {
        ClusterConfig.write(tb.nodeDir(DockerTestbed.HA).resolve("ha.properties"),
                ClusterConfig.ha(topology(), tb.haNodesInterface(), inContainer("cluster.key")));
        ha = launch("ha", DockerTestbed.HA, false, "eu.xtreemos.ds.dsco.ha.HaMain", "--config", inContainer("ha.properties").toString());
        ha.await("ready", START_MILLIS);
    }

    private void startDsco(String node) throws Exception {
        if ("route-optimization".equals(options.extraDscoSettings().get("redirect.mode"))) {
            tb.enableSegmentRouting(node);
        }
        Map<String, String> p = ClusterConfig.dsco(topology(), node, inContainer("cluster.key"), inContainer("dsco.sock"), options.filterMode());
        p.putAll(options.extraDscoSettings());
        ClusterConfig.write(tb.nodeDir(node).resolve("dsco.properties"), p);
        NodeProcess d = launch("dsco-" + node, node, false, "eu.xtreemos.ds.dsco.daemon.DscoMain",
                "--config", inContainer("dsco.properties").toString());
        d.await("ready", START_MILLIS);
        dscos.put(node, d);
    }

    private void startApp(String node) throws Exception {
        NodeProcess a = launch("app-" + node, node, true, "eu.xtreemos.ds.demo.DscoStreamServer",
                "--socket", inContainer("dsco.sock").toString(), "--service", service.id(), "--port", String.valueOf(service.port()),
                "--rate", String.valueOf(options.rate()));
        a.await("ready", START_MILLIS);
        apps.put(node, a);
    }

    private NodeProcess launch(String name, String node, boolean unprivileged, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", DockerEngine.host(), "exec", "-i", tb.containerName(node)));
        if (unprivileged) {
            cmd.addAll(List.of("setpriv", "--reuid=" + DscoCluster.NOBODY, "--regid=" + DscoCluster.NOBODY, "--clear-groups"));
        }
        cmd.addAll(JavaCommand.of("java", DockerTestbed.SOFTWARE_DIR, main, List.of(args)));
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
