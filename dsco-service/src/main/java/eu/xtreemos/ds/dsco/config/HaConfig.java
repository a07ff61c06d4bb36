package eu.xtreemos.ds.dsco.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The HA agent's configuration (docs/dsco-config.md, "HA agent"). */
public record HaConfig(
        String name,
        InetAddress address,
        int port,
        Path clusterKeyFile,
        Path previousClusterKeyFile,
        String nodesInterface,
        Map<String, InetAddress> nodes,
        Map<String, InetAddress> nodes4,
        List<HaService> services) {

    /** A service address the HA is home agent for, and its contact node (where new clients go). */
    /**
     * A service address the HA is home agent for, its home prefix (routed to the contact node: it must be
     * shorter than /128, because a source-specific /128 route hides a plain /128 from every other client),
     * and its contact node (where new clients go).
     */
    public record HaService(String id, InetAddress address, int prefixLength, InetAddress address4, String contact) {
    }

    public HaService service(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}
