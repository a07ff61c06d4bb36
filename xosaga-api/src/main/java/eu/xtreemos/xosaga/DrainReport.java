package eu.xtreemos.xosaga;

import java.net.InetAddress;
import java.util.Map;

/**
 * How {@link DistributedServer#drain()} ended: how many clients moved to other nodes, and each client that stayed on
 * the node with the reason (empty when the node was left without clients).
 */
public record DrainReport(int moved, Map<InetAddress, String> stayed) {
    public DrainReport {
        stayed = Map.copyOf(stayed);
    }

    /** Whether the node was left without clients. */
    public boolean emptied() {
        return stayed.isEmpty();
    }
}
