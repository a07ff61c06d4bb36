package eu.xtreemos.xosaga;

/**
 * Takes the clients handed to this node, as they arrive (instead of {@link DistributedServer#receive}).
 * Runs on the distributed server's receiving thread: return quickly (hand the client to a thread of its own).
 */
@FunctionalInterface
public interface ReceiveHandler {
    void received(DistributedServer server, ReceivedClient client) throws Exception;
}
