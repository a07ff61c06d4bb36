package eu.xtreemos.ds.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import eu.xtreemos.ds.cluster.ClusterConfig;
import eu.xtreemos.ds.kernel.NetNamespace;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Distributed Servers network made of Docker containers (docs/testbeds.md): "ha", the router that is also
 * the home agent, on two user-defined IPv6 networks; the contact node and N server nodes on the nodes
 * network, each with the service address on {@code lo} and routed via ha; one client on the clients network,
 * routed via ha. Every container runs the node image (integration/docker/build-image.sh) with NET_ADMIN and
 * NET_RAW, and sees three host directories: its own {@value #NODE_DIR} (configuration, sockets), and, shared and
 * read-only, {@value #SOFTWARE_DIR} (what to run) and {@value #PROVISION_DIR} (the provisioning scripts the Vagrant
 * testbed runs too: the node's network is set up by them).
 *
 * <p>Containers are started through Testcontainers; the docker-java client does what Testcontainers does not:
 * IPv6 networks, a second network for ha, cutting a node off and reconnecting it, pausing and killing.
 * Everything is named {@code dsdk-<name>-...} and labelled with the name; {@link #close} removes it all, also
 * after a failure (and a JVM shutdown hook does if close is never called). {@link #up} first removes what a
 * killed run of the same name left.
 */
public final class DockerTestbed implements AutoCloseable {
    /** What to build: {@code site} (1..255) picks the address block, so testbeds of different sites can coexist. */
    public record Spec(String name, int site, int servers) {
        public Spec {
            if (name == null || !name.matches("[a-z0-9]{1,12}")) {
                throw new IllegalArgumentException("testbed name must be 1-12 of a-z, 0-9; got '" + name + "'");
            }
            if (site < 1 || site > 255) {
                throw new IllegalArgumentException("site must be 1..255, got " + site);
            }
            if (servers < 1 || servers > 9) {
                throw new IllegalArgumentException("servers must be 1..9, got " + servers);
            }
        }
    }

    public static final String PREFIX = "dsdk-";
    public static final String LABEL = "eu.xtreemos.ds.testbed";
    public static final String NODE_DIR = "/ds";
    public static final String SOFTWARE_DIR = "/opt/ds/lib";
    /** The shared provisioning scripts (provision/ in the repository; the Vagrant VMs run them too). */
    public static final String PROVISION_DIR = "/opt/ds/provision";
    /** Where the repository's provision/ directory is; Surefire passes it. */
    private static final String PROVISION_PROPERTY = "ds.provision.dir";
    public static final String HA = "ha";
    public static final String CLIENT = "client1";
    private static final String NODES = "nodes";
    private static final String CLIENTS = "clients";
    private static final Path NETNS_DIR = Path.of("/var/run/netns");

    private final Spec spec;
    private final DockerClient docker;
    private final Path work;
    private final Map<String, String> networkIds = new LinkedHashMap<>();
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
    private final List<Path> netnsLinks = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "dsdk-cleanup");
    private String haNodesInterface;
    private boolean closed;

    private DockerTestbed(Spec spec, DockerClient docker) throws IOException {
        this.spec = spec;
        this.docker = docker;
        this.work = Files.createTempDirectory(PREFIX + spec.name() + "-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String node : allNodes()) {
            Files.createDirectories(nodeDir(node));
        }
        Files.createDirectories(softwareDir());
        Files.createDirectories(logDir());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Builds the testbed (the node image first, if missing); skips the calling test when there is no Docker engine. */
    public static DockerTestbed up(Spec spec) throws Exception {
        String image = DockerEngine.nodeImage();
        DockerTestbed tb = new DockerTestbed(spec, DockerEngine.client());
        try {
            tb.build(image);
            return tb;
        } catch (Exception | AssertionError e) {
            try {
                tb.close();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void build(String image) throws Exception {
        removeLeftovers();
        networkIds.put(NODES, createNetwork(NODES));
        networkIds.put(CLIENTS, createNetwork(CLIENTS));
        start(HA, image, NODES);
        connect(HA, CLIENTS);
        haNodesInterface = exec(HA, "ip", "-o", "-6", "addr", "show", "to", haAddress(NODES).getHostAddress() + "/128")
                .trim().split("\\s+")[1];
        setUpNetwork(HA);
        for (String node : serverNodes()) {
            start(node, image, NODES);
            setUpNetwork(node);
        }
        start(CLIENT, image, CLIENTS);
        setUpNetwork(CLIENT);
    }

    /**
     * The shared provisioning script (provision/ds-node-net.sh, as on the Vagrant VMs): the service address on lo
     * of server nodes, the default route via ha (Docker puts its bridge, ::1, in as the gateway), addresses out of
     * duplicate address detection. Docker gives the addresses and the sysctls itself.
     */
    private void setUpNetwork(String node) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PROVISION_DIR + "/ds-node-net.sh", "--role",
                node.equals(HA) ? "ha" : node.equals(CLIENT) ? "client" : "server"));
        if (serverNodes().contains(node)) {
            cmd.addAll(List.of("--service", serviceAddress().getHostAddress()));
        }
        if (!node.equals(HA)) {
            cmd.addAll(List.of("--via", haAddress(networkOf(node)).getHostAddress()));
        }
        exec(node, cmd.toArray(String[]::new));
    }

    // ------------------------------------------------------------------ addresses

    private String prefix(String network) {
        return String.format("fd00:d5:dc%02x:%d::", spec.site(), network.equals(NODES) ? 1 : 2);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** ha's address on a network; ::1 of each network is the host's bridge (Docker's gateway), so ha is ::2. */
    private InetAddress haAddress(String network) {
        return address(prefix(network) + "2");
    }

    /** The service (anycast) address, on lo of the contact node and every server node. */
    public InetAddress serviceAddress() {
        return address(String.format("fd00:d5:dc%02x:5::1", spec.site()));
    }

    /** A node's address on its network: contact ::10, server i ::1i, ha ::2 (on the nodes network), client1 ::101. */
    public InetAddress nodeAddress(String node) {
        if (node.equals(HA)) {
            return haAddress(NODES);
        }
        if (node.equals(CLIENT)) {
            return address(prefix(CLIENTS) + "101");
        }
        if (node.equals(ClusterConfig.CONTACT)) {
            return address(prefix(NODES) + "10");
        }
        if (node.matches("server[1-9]") && Integer.parseInt(node.substring(6)) <= spec.servers()) {
            return address(prefix(NODES) + "1" + node.substring(6));
        }
        throw new IllegalArgumentException("no node '" + node + "' in testbed " + spec.name() + " (nodes: " + allNodes() + ")");
    }

    public InetAddress clientAddress() {
        return nodeAddress(CLIENT);
    }

    /**
     * Gives the client container another address, ::10{@code n} (n 2..9), a client of its own to dsco and the HA
     * agent (both tell clients by address). Deprecated (preferred_lft 0), so that only a socket bound to it uses it:
     * Linux would otherwise prefer the newest address as the source of every other connection.
     */
    public InetAddress addClientAddress(int n) throws Exception {
        if (n < 2 || n > 9) {
            throw new IllegalArgumentException("client address number must be 2..9, got " + n);
        }
        InetAddress a = address(prefix(CLIENTS) + "10" + n);
        String dev = exec(CLIENT, "ip", "-o", "-6", "addr", "show", "to", clientAddress().getHostAddress() + "/128").trim().split("\\s+")[1];
        exec(CLIENT, "ip", "-6", "addr", "add", a.getHostAddress() + "/64", "dev", dev, "nodad", "preferred_lft", "0");
        return a;
    }

    /** The contact node first, then server1..N. */
    public List<String> serverNodes() {
        List<String> l = new ArrayList<>(List.of(ClusterConfig.CONTACT));
        for (int i = 1; i <= spec.servers(); i++) {
            l.add("server" + i);
        }
        return l;
    }

    private List<String> allNodes() {
        List<String> l = new ArrayList<>(List.of(HA));
        l.addAll(serverNodes());
        l.add(CLIENT);
        return l;
    }

    private String networkOf(String node) {
        return node.equals(CLIENT) ? CLIENTS : NODES;
    }

    /** ha's interface towards the nodes (the HA agent's nodes.interface). */
    public String haNodesInterface() {
        return haNodesInterface;
    }

    // ------------------------------------------------------------------ host directories

    /** The host directory a node's container sees as {@value #NODE_DIR}. */
    public Path nodeDir(String node) {
        return work.resolve("nodes").resolve(node);
    }

    /** The host directory every container sees, read-only, as {@value #SOFTWARE_DIR}. */
    public Path softwareDir() {
        return work.resolve("software");
    }

    /** The repository's provision/ directory, which every container sees, read-only, as {@value #PROVISION_DIR}. */
    static Path provisionDir() {
        Path p = Path.of(System.getProperty(PROVISION_PROPERTY, "../provision")).toAbsolutePath().normalize();
        if (!Files.isExecutable(p.resolve("ds-node-net.sh"))) {
            throw new IllegalStateException("no provisioning scripts in " + p + " (system property " + PROVISION_PROPERTY + ")");
        }
        return p;
    }

    /** A host directory for the logs of what runs on the testbed (not seen by the containers). */
    public Path logDir() {
        return work.resolve("log");
    }

    public String containerName(String node) {
        return PREFIX + spec.name() + "-" + node;
    }

    // ------------------------------------------------------------------ building

    private String createNetwork(String network) {
        String subnet = prefix(network) + "/64";
        try {
            // Internal: no NAT and no route out of the machine; ha is the only router the containers use.
            return docker.createNetworkCmd().withName(PREFIX + spec.name() + "-" + network).withDriver("bridge")
                    .withEnableIpv6(true).withInternal(true).withLabels(Map.of(LABEL, spec.name()))
                    .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet).withGateway(prefix(network) + "1")))
                    .exec().getId();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not create Docker network " + PREFIX + spec.name() + "-" + network + " with subnet "
                    + subnet + " (is another testbed with site " + spec.site() + " running?): " + e.getMessage(), e);
        }
    }

    private void start(String node, String image, String network) throws Exception {
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.ipv6.conf.all.disable_ipv6", "0");
        sysctls.put("net.ipv6.conf.default.disable_ipv6", "0");
        sysctls.put("net.ipv6.conf.all.accept_ra", "0"); // nobody sends router advertisements; routes are set by hand
        sysctls.put("net.ipv6.conf.default.accept_ra", "0");
        sysctls.put("net.ipv6.conf.all.accept_dad", "0");
        sysctls.put("net.ipv6.conf.default.accept_dad", "0");
        if (node.equals(HA)) {
            sysctls.put("net.ipv6.conf.all.forwarding", "1");
        }
        String name = containerName(node);
        String ip = nodeAddress(node).getHostAddress();
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand("sleep", "infinity")
                .withNetworkMode(PREFIX + spec.name() + "-" + network)
                .withLabel(LABEL, spec.name())
                .withFileSystemBind(softwareDir().toString(), SOFTWARE_DIR, BindMode.READ_ONLY)
                .withFileSystemBind(provisionDir().toString(), PROVISION_DIR, BindMode.READ_ONLY)
                .withFileSystemBind(nodeDir(node).toString(), NODE_DIR, BindMode.READ_WRITE)
                .withCopyFileToContainer(MountableFile.forHostPath(DebianPackage.path()), DebianPackage.IN_CONTAINER)
                .withStartupTimeout(Duration.ofSeconds(60))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(name).withHostName(node).withIpv6Address(ip);
                    // NET_ADMIN: TCP_REPAIR, routes, ip6tables; NET_RAW: dsco injects held packets. init reaps
                    // the processes docker exec leaves behind.
                    cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW).withInit(true).withSysctls(sysctls);
                });
        containers.put(node, c);
        c.start();
        // Installed as on a real host: dsco, ds-ha and ds-correspondent run from it (provision/ds-run.sh).
        exec(node, "dpkg", "-i", DebianPackage.IN_CONTAINER);
    }

    private void connect(String node, String network) {
        docker.connectToNetworkCmd().withNetworkId(networkIds.get(network)).withContainerId(containerId(node))
                .withContainerNetwork(new ContainerNetwork().withIpamConfig(new ContainerNetwork.Ipam()
                        .withIpv6Address((node.equals(HA) ? haAddress(network) : nodeAddress(node)).getHostAddress())))
                .exec();
    }

    // ------------------------------------------------------------------ working inside

    /** Runs a command in a node's container: its stdout, or an exception with the exit code and stderr. */
    public String exec(String node, String... cmd) throws Exception {
        ExecResult r = container(node).execInContainer(cmd);
        if (r.getExitCode() != 0) {
            throw new IOException(node + ": '" + String.join(" ", cmd) + "' exited with " + r.getExitCode() + ": " + r.getStderr().trim());
        }
        return r.getStdout();
    }

    public String containerId(String node) {
        return container(node).getContainerId();
    }

    private GenericContainer<?> container(String node) {
        GenericContainer<?> c = containers.get(node);
        if (c == null) {
            throw new IllegalArgumentException("no container for node '" + node + "' (nodes: " + containers.keySet() + ")");
        }
        return c;
    }

    /**
     * The network namespace of a node's container, to open sockets in it from this JVM (root only): entered
     * through a link {@code /var/run/netns/dsdk-<name>-<node>} to the container's {@code /proc/<pid>/ns/net},
     * removed by {@link #close}.
     */
    public NetNamespace namespace(String node) throws IOException {
        Path target = Path.of("/proc", String.valueOf(pid(node)), "ns", "net");
        Files.createDirectories(NETNS_DIR);
        Path link = NETNS_DIR.resolve(containerName(node));
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
        netnsLinks.add(link);
        return NetNamespace.open(link.getFileName().toString());
    }

    // ------------------------------------------------------------------ faults (docker-java)

    /**
     * Cuts a node (not ha) off its network, as a pulled cable: its interface disappears, its processes keep
     * running, its loopback addresses stay.
     */
    public void disconnect(String node) throws Exception {
        refuseHa(node);
        docker.disconnectFromNetworkCmd().withNetworkId(networkIds.get(networkOf(node))).withContainerId(containerId(node))
                .withForce(true).exec();
        // Docker turns IPv6 off on lo when a container leaves its last IPv6 network, which takes the service
        // address away too; a machine off its network keeps both. (/proc/sys is read-only inside the container.)
        inNamespaceFromHost(node, "sysctl", "-q", "-w", "net.ipv6.conf.lo.disable_ipv6=0");
        addServiceAddress(node);
    }

    /** Connects a node cut off by {@link #disconnect} again, with its old address and its route via ha. */
    public void reconnect(String node) throws Exception {
        refuseHa(node);
        connect(node, networkOf(node));
        setUpNetwork(node); // the old default route went with the old interface
    }

    /** From the host, so that it works on a paused container too. */
    private void addServiceAddress(String node) throws Exception {
        if (serverNodes().contains(node)) {
            inNamespaceFromHost(node, "ip", "-6", "addr", "replace", serviceAddress().getHostAddress() + "/128", "dev", "lo", "nodad");
        }
    }

    /**
     * Turns SRv6 processing on in a node's network namespace (all interfaces), for route optimization:
     * /proc/sys is read-only inside the container, so dsco finds it done.
     */
    public void enableSegmentRouting(String node) throws Exception {
        inNamespaceFromHost(node, "sh", "-c", "for f in /proc/sys/net/ipv6/conf/*/seg6_enabled; do echo 1 > $f; done");
    }

    /** Runs a host command in a node's network namespace: works while the container is paused, and /proc/sys is writable. */
    private void inNamespaceFromHost(String node, String... cmd) throws Exception {
        List<String> line = new ArrayList<>(List.of("nsenter", "--net=/proc/" + pid(node) + "/ns/net"));
        line.addAll(List.of(cmd));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("'" + String.join(" ", line) + "' exited with " + p.exitValue() + ": " + out);
        }
    }

    private long pid(String node) throws IOException {
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId(node)).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning()) || state.getPidLong() == null || state.getPidLong() <= 0) {
            throw new IOException("the container of " + node + " is not running");
        }
        return state.getPidLong();
    }

    /** Freezes every process of a node's container (its sockets stay open, nobody answers). */
    public void pause(String node) {
        docker.pauseContainerCmd(containerId(node)).exec();
    }

    public void unpause(String node) {
        docker.unpauseContainerCmd(containerId(node)).exec();
    }

    /**
     * SIGKILL to the container: it stops on the spot, as a machine that loses power. Returns once Docker reports it
     * stopped (its processes are gone, its network namespace with them).
     */
    public void kill(String node) throws Exception {
        String id = containerId(node);
        docker.killContainerCmd(id).exec();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the container of " + node + " still runs 10 s after SIGKILL");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Starts a killed node's container again, as a machine that boots: Docker gives it its address again (and
     * its files are still there: the installed package, its {@value #NODE_DIR}); the service address on lo
     * and the route via ha are set up as {@link #up} does. Nothing runs in it until started.
     */
    public void restart(String node) throws Exception {
        refuseHa(node);
        docker.startContainerCmd(containerId(node)).exec();
        pid(node); // throws if it did not come up
        setUpNetwork(node);
    }

    private static void refuseHa(String node) {
        if (node.equals(HA)) {
            throw new IllegalArgumentException("ha is on two networks; cut off a server node or the client instead");
        }
    }

    // ------------------------------------------------------------------ cleanup

    /** Removes the containers, networks, netns links and host directories a killed run of this testbed left. */
    private void removeLeftovers() throws IOException {
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, spec.name())).exec()) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // gone meanwhile
            }
        }
        for (Network n : docker.listNetworksCmd().withFilter("label", List.of(LABEL + "=" + spec.name())).exec()) {
            try {
                docker.removeNetworkCmd(n.getId()).exec();
            } catch (NotFoundException e) {
                // gone meanwhile
            }
        }
        for (String node : allNodes()) {
            Files.deleteIfExists(NETNS_DIR.resolve(containerName(node)));
        }
        try (Stream<Path> dirs = Files.list(work.getParent())) {
            for (Path d : dirs.filter(d -> d.getFileName().toString().matches(PREFIX + spec.name() + "-\\d+") && !d.equals(work)).toList()) {
                deleteTree(d);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            System.err.println("testbed " + spec.name() + ": cleanup failed: " + e);
        }
    }

    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
        List<String> problems = new ArrayList<>();
        for (Path link : netnsLinks) {
            Files.deleteIfExists(link);
        }
        for (Map.Entry<String, GenericContainer<?>> e : containers.entrySet()) {
            try {
                String id = e.getValue().getContainerId();
                if (id != null && Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getPaused())) {
                    docker.unpauseContainerCmd(id).exec(); // a paused container cannot be killed
                }
                e.getValue().stop();
            } catch (RuntimeException ex) {
                problems.add("container " + e.getKey() + ": " + ex.getMessage());
            }
        }
        for (Map.Entry<String, String> n : networkIds.entrySet()) {
            try {
                docker.removeNetworkCmd(n.getValue()).exec();
            } catch (NotFoundException ex) {
                // gone already
            } catch (RuntimeException ex) {
                problems.add("network " + n.getKey() + ": " + ex.getMessage());
            }
        }
        if (!Boolean.getBoolean("ds.cluster.keep")) {
            deleteTree(work);
        }
        if (!problems.isEmpty()) {
            throw new IOException("testbed " + spec.name() + " not fully removed: " + String.join("; ", problems));
        }
    }
}
