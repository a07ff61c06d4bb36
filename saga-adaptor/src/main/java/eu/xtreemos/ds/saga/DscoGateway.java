package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.xosaga.DrainReport;
import eu.xtreemos.xosaga.GroupEvent;
import eu.xtreemos.xosaga.Node;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;

/**
 * What the adaptor asks of the local dsco daemon (docs/dsco-protocol.md). The real one is
 * {@link DscoClientGateway}; tests use an in-process fake. Errors are {@link IOException}s
 * ({@link eu.xtreemos.ds.dsco.client.DscoException} when dsco answered), turned into SAGA exceptions by
 * {@link DscoErrors}.
 */
interface DscoGateway extends Closeable {
    /** One distributed server of dsco's configuration; a protected one gives each client a backup node. */
    record Service(String id, List<InetAddress> addresses, List<Integer> ports, boolean protectedService) {
    }

    /** Receives the events of a registered receiver. */
    interface Events {
        void received(InetAddress client, List<SocketChannel> channels, byte[] state) throws Exception;

        void handoffRequested(InetAddress client, String node) throws Exception;
    }

    /** This node's name (and checks that dsco accepts this process). */
    String localNode() throws IOException;

    List<Node> nodes() throws IOException;

    List<Service> services() throws IOException;

    /** Registers as the receiving application of {@code service}; events arrive until the result is closed. */
    Closeable receive(String service, Events events) throws IOException;

    /** Hands the client's channels to {@code node}; on success they are no longer this process's (closed or moved). */
    HandoffTimings donate(String service, InetAddress client, String node, List<SocketChannel> channels, byte[] state)
            throws IOException;

    /**
     * CHECKPOINT: dsco dumps the client's channels (all of them; nobody may read or write them until this returns) and
     * sends them with {@code state} to the client's backup node; the channels stay this process's and live. No
     * channels: the client ended, its backup forgets it. Returns the checkpoint's number.
     */
    long checkpoint(String service, InetAddress client, List<SocketChannel> channels, byte[] state) throws IOException;

    void changeContact(String service, String node) throws IOException;

    /** Group events of one run of dsco's event log, and the newest sequence number it has given out. */
    record EventBatch(String epoch, long last, List<GroupEvent> events) {
    }

    /** The group events after {@code after} of run {@code epoch} (null: the current run), waiting up to {@code waitMillis}. */
    EventBatch events(String epoch, long after, int waitMillis) throws IOException;

    /** Drains this node of {@code service}'s clients (privileged); returns when done. */
    DrainReport drain(String service) throws IOException;

    /** Lifts a drain (privileged). */
    void resumeAfterDrain() throws IOException;

    /** ADD_NODE: {@code node} at {@code address} joins the group (privileged). */
    void addNode(String node, InetAddress address) throws IOException;

    /** REMOVE_NODE: {@code node} leaves the group (privileged). */
    void removeNode(String node) throws IOException;

    /** SET_SUCCESSORS: the contact node's successors, in order (privileged). */
    void setSuccessors(List<String> nodes) throws IOException;

    /** Clients per node for {@code service}, as this dsco knows. */
    Map<String, Integer> clientCounts(String service) throws IOException;
}
