package eu.xtreemos.ds.dsco.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's dsco configuration, validated. Built by {@link ConfigLoader} from a properties file;
 * keys and meaning in docs/dsco-config.md.
 */
public record DscoConfig(
        String nodeName,
        InetAddress nodeAddress,
        Role role,
        String contact,
        Map<String, InetAddress> nodes,
        List<Service> services,
        InetAddress haAddress,
        int haPort,
        int clusterPort,
        Path clusterKeyFile,
        Path previousClusterKeyFile,
        Path apiSocket,
        Set<Integer> apiUsers,
        Set<Integer> apiGroups,
        int adminGroup,
        RedirectMode redirectMode,
        FilterMode filterMode,
        int queueNum,
        Timeouts timeouts,
        Path stateDir,
        Failover failover,
        String fault,
        RouteOptimization routeOptimization,
        Metrics metrics,
        int warmupRounds) {

    /**
     * The Prometheus metrics endpoint: off ({@code listen} null) unless configured; a non-loopback address only
     * with {@code allowRemote} (docs/dsco-config.md).
     */
    public record Metrics(InetSocketAddress listen, boolean allowRemote) {
        public static final Metrics OFF = new Metrics(null, false);
    }

    /**
     * Route optimization (redirect mode {@code route-optimization}): the data plane that carries a binding,
     * and the binding lifetime asked of clients (they grant at most 420 s; dsco refreshes before it ends).
     */
    public record RouteOptimization(Backend backend, Duration lifetime) {
        public static final RouteOptimization DEFAULT = new RouteOptimization(Backend.AUTO, Duration.ofSeconds(420));

        /**
         * The kernel mechanism that carries bindings. AUTO takes the first the kernel has, in this order: XFRM
         * (the kernel's own Mobile IPv6), SRV6 (segment routing), NFT (address rewriting in nftables). Client and
         * node must use the same one: AUTO agrees wherever they run the same kernel build.
         */
        public enum Backend { AUTO, XFRM, SRV6, NFT }
    }

    /** Automatic contact-node failover over the membership group (port, failure-detection time). */
    public record Failover(boolean enabled, int port, Duration detection) {
    }

    public enum Role { CONTACT, SERVER }

    /** How a client's traffic is sent to the node that serves it. */
    public enum RedirectMode { STEERING, ROUTE_OPTIMIZATION }

    /** What happens to an in-flight client's packets: held and released (the design), or dropped (for comparison). */
    public enum FilterMode { HOLD, DROP }

    /**
     * A distributed server: one service address (IPv6, optionally IPv4) and its TCP ports. A protected one gives each
     * client a backup node that takes it over if its node crashes (docs/fault-tolerance.md); IPv6 clients only.
     */
    public record Service(String id, InetAddress address, InetAddress address4, List<Integer> ports, boolean protectedService) {
        public Service(String id, InetAddress address, InetAddress address4, List<Integer> ports) {
            this(id, address, address4, ports, false);
        }
    }

    /** Whether any service is protected: then this node holds its output for checkpoints and keeps backups. */
    public boolean protects() {
        return services.stream().anyMatch(Service::protectedService);
    }

    /** The NFQUEUE of output commit: the one after the packet filter's. */
    public int protectQueueNum() {
        return queueNum + 1;
    }

    /**
     * A handoff's time limits. {@code restart} is how long a donor in doubt whether its commit arrived waits for the
     * receiver's dsco to answer, as long as a restart may take: the receiver may have handed the client's live
     * sockets to its application before it died, and taking the client back before it can say so would leave two
     * live copies. Only a receiver silent for longer is taken for a dead node.
     */
    public record Timeouts(Duration flush, Duration prepare, Duration commit, Duration ha, Duration grace, Duration restart) {
        /** A copy with the timeout {@code key} ({@code timeouts.<name>}) set to {@code d}. */
        public Timeouts with(String key, Duration d) {
            return switch (key) {
                case "timeouts.flush" -> new Timeouts(d, prepare, commit, ha, grace, restart);
                case "timeouts.prepare" -> new Timeouts(flush, d, commit, ha, grace, restart);
                case "timeouts.commit" -> new Timeouts(flush, prepare, d, ha, grace, restart);
                case "timeouts.ha" -> new Timeouts(flush, prepare, commit, d, grace, restart);
                case "timeouts.grace" -> new Timeouts(flush, prepare, commit, ha, d, restart);
                case "timeouts.restart" -> new Timeouts(flush, prepare, commit, ha, grace, d);
                default -> throw new IllegalArgumentException("not a timeout: " + key);
            };
        }
    }

    /** A copy with other timeouts (they may be changed at run time through the API). */
    public DscoConfig withTimeouts(Timeouts t) {
        return new DscoConfig(nodeName, nodeAddress, role, contact, nodes, services, haAddress, haPort, clusterPort, clusterKeyFile, previousClusterKeyFile,
                apiSocket, apiUsers, apiGroups, adminGroup, redirectMode, filterMode, queueNum, t, stateDir, failover, fault, routeOptimization, metrics, warmupRounds);
    }

    public DscoConfig withContact(String node) {
        return new DscoConfig(nodeName, nodeAddress, node.equals(nodeName) ? Role.CONTACT : Role.SERVER, node, nodes, services,
                haAddress, haPort, clusterPort, clusterKeyFile, previousClusterKeyFile, apiSocket, apiUsers, apiGroups, adminGroup, redirectMode, filterMode,
                queueNum, timeouts, stateDir, failover, fault, routeOptimization, metrics, warmupRounds);
    }

    /** A copy with another node list (nodes are added and removed at run time through the API). */
    public DscoConfig withNodes(Map<String, InetAddress> n) {
        return new DscoConfig(nodeName, nodeAddress, role, contact, n, services, haAddress, haPort, clusterPort, clusterKeyFile, previousClusterKeyFile,
                apiSocket, apiUsers, apiGroups, adminGroup, redirectMode, filterMode, queueNum, timeouts, stateDir, failover, fault, routeOptimization, metrics, warmupRounds);
    }

    public DscoConfig withAccess(Set<Integer> users, Set<Integer> groups) {
        return new DscoConfig(nodeName, nodeAddress, role, contact, nodes, services, haAddress, haPort, clusterPort, clusterKeyFile, previousClusterKeyFile,
                apiSocket, users, groups, adminGroup, redirectMode, filterMode, queueNum, timeouts, stateDir, failover, fault, routeOptimization, metrics, warmupRounds);
    }

    public Service service(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}
