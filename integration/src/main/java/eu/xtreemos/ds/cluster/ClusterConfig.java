package eu.xtreemos.ds.cluster;

import eu.xtreemos.ds.testbed.UserNamespaceSandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration a test cluster runs with (docs/dsco-config.md): the HA agent's and each dsco's
 * properties and the cluster key, the same whichever testbed (namespaces, Docker) the daemons run on.
 */
public final class ClusterConfig {
    /** The node clients reach first, in every testbed. */
    public static final String CONTACT = "contact";

    private ClusterConfig() {
    }

    /**
     * Who is where.
     *
     * @param nodes    every server node's name and address on the nodes' LAN, contact first
     * @param nodes4   their IPv4 addresses; empty when the testbed has no IPv4
     * @param ha       the HA agent's address on the nodes' LAN
     * @param services the distributed servers (a service's IPv4 address may be null)
     */
    public record Topology(Map<String, InetAddress> nodes, Map<String, InetAddress> nodes4, InetAddress ha,
                           List<DscoCluster.Service> services) {
        public Topology {
            if (!nodes.containsKey(CONTACT)) {
                throw new IllegalArgumentException("no node named '" + CONTACT + "' among " + nodes.keySet());
            }
            if (services.isEmpty()) {
                throw new IllegalArgumentException("no service");
            }
        }
    }

    /** The HA agent's properties; {@code nodesInterface} is its interface towards the nodes. */
    public static Map<String, String> ha(Topology t, String nodesInterface, Path keyFile) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ha.name", "ha");
        p.put("ha.address", t.ha().getHostAddress());
        p.put("ha.port", String.valueOf(DscoCluster.HA_PORT));
        p.put("cluster.key.file", keyFile.toString());
        p.put("nodes.interface", nodesInterface);
        p.put("nodes", list(t.nodes()));
        if (!t.nodes4().isEmpty()) {
            p.put("nodes4", list(t.nodes4()));
        }
        for (DscoCluster.Service s : t.services()) {
            p.put("service." + s.id() + ".address", s.address().getHostAddress());
            if (s.address4() != null) {
                p.put("service." + s.id() + ".address4", s.address4().getHostAddress());
            }
            p.put("service." + s.id() + ".contact", CONTACT);
        }
        return p;
    }

    /**
     * A node's dsco properties: its API open to the user nobody (the demo application runs as nobody; in a user
     * namespace, to its root alone),
     * in-flight packets handled by {@code filterMode}. Callers add their own settings to the returned map.
     */
    public static Map<String, String> dsco(Topology t, String node, Path keyFile, Path apiSocket, String filterMode) {
        if (!t.nodes().containsKey(node)) {
            throw new IllegalArgumentException("no node named '" + node + "' among " + t.nodes().keySet());
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.name", node);
        p.put("node.address", t.nodes().get(node).getHostAddress());
        p.put("node.role", node.equals(CONTACT) ? "contact" : "server");
        p.put("contact", CONTACT);
        p.put("nodes", list(t.nodes()));
        for (DscoCluster.Service s : t.services()) {
            p.put("service." + s.id() + ".address", s.address().getHostAddress());
            if (s.address4() != null) {
                p.put("service." + s.id() + ".address4", s.address4().getHostAddress());
            }
            p.put("service." + s.id() + ".ports", String.valueOf(s.port()));
        }
        p.put("ha.address", t.ha().getHostAddress());
        p.put("ha.port", String.valueOf(DscoCluster.HA_PORT));
        p.put("cluster.port", String.valueOf(DscoCluster.CLUSTER_PORT));
        p.put("cluster.key.file", keyFile.toString());
        p.put("api.socket", apiSocket.toString());
        // In a user namespace every user outside it shows as the overflow uid, nobody's: there the API stays the
        // namespace root's, that is the invoking user's, alone.
        if (!UserNamespaceSandbox.insideUserNamespace()) {
            p.put("api.users", String.valueOf(DscoCluster.NOBODY));
        }
        p.put("filter.mode", filterMode);
        return p;
    }

    /** A fresh random cluster key, readable by root only (dsco refuses a key others can read). */
    public static void writeKey(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.write(file, key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Writes a properties file, one {@code key = value} per line. */
    public static void write(Path file, Map<String, String> props) throws IOException {
        Files.writeString(file, props.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n", "# written by the test cluster\n", "\n")));
    }

    private static String list(Map<String, InetAddress> nodes) {
        return nodes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().getHostAddress())
                .collect(Collectors.joining(", "));
    }
}
