package eu.xtreemos.xosaga;

import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * The XOSAGA Distributed Servers extension: a {@link StreamServer} on a distributed server's service
 * ("anycast") address, served by several nodes. {@link #serve} gives the streams of clients that connect
 * to this node; {@link #handoff} moves a client — all its streams, live, plus application state — to
 * another node, where {@link #receive} (or a {@link ReceiveHandler}) gives them to the application, which
 * continues the client's session. The client notices nothing.
 *
 * <p>Metrics, named {@code <object>.<metric>} as the binding names its own ({@value StreamServer#STREAMSERVER_CLIENTCONNECT}
 * fires here too): {@value #DISTRIBUTEDSERVER_HANDOFF}, {@value #DISTRIBUTEDSERVER_HANDOFFDURATION},
 * {@value #DISTRIBUTEDSERVER_HANDOFFFAILED}, {@value #DISTRIBUTEDSERVER_CLIENTRECEIVED},
 * {@value #DISTRIBUTEDSERVER_HANDOFFREQUESTED}; and the group's events, as this node's dsco sees them ({@link GroupEvent}):
 * {@value #DISTRIBUTEDSERVER_NODEJOINED}, {@value #DISTRIBUTEDSERVER_NODELEFT}, {@value #DISTRIBUTEDSERVER_CONTACTCHANGED},
 * {@value #DISTRIBUTEDSERVER_GROUPCLIENTRECEIVED}, {@value #DISTRIBUTEDSERVER_GROUPCLIENTHANDEDOFF},
 * {@value #DISTRIBUTEDSERVER_GROUPHANDOFFFAILED}, {@value #DISTRIBUTEDSERVER_DRAINPROGRESS},
 * {@value #DISTRIBUTEDSERVER_EVENTSLOST}.
 *
 * <p>A service that manages the group without serving clients (Virtual Nodes) opens the object with
 * {@code role=manager} in the URL ({@code ds://[service-address]:port?role=manager}): it neither listens nor
 * receives clients ({@link #serve}, {@link #receive} and {@link #handoff} are refused), and several managers may watch
 * one node beside its application.
 *
 * <p>How clients reach the application: a client that connects to this node comes out of {@link #serve} (like any
 * stream server's); a client handed to this node by another node never does: it comes out of {@link #receive}, or is
 * given to the {@link ReceiveHandler} if one is set, with the state the donor sent, so the application can tell a new
 * client from one whose session goes on.
 *
 * <p>The clients of a protected service ({@link #isProtected}) survive the crash of this node: the application
 * {@link #checkpoint}s each with its handoff state, and the client's backup node receives it from the last checkpoint
 * as if it had been handed off.
 */
public interface DistributedServer extends StreamServer {
    /** Metric (Int): a client was handed off from here; the value is how many so far. */
    String DISTRIBUTEDSERVER_HANDOFF = "distributed_server.handoff";
    /** Metric (Float, seconds): how long the last handoff from here took; fires with {@value #DISTRIBUTEDSERVER_HANDOFF}. */
    String DISTRIBUTEDSERVER_HANDOFFDURATION = "distributed_server.handoff_duration";
    /** Metric (Int): a handoff from here failed (the client stayed here); the value is how many so far. */
    String DISTRIBUTEDSERVER_HANDOFFFAILED = "distributed_server.handoff_failed";
    /** Metric (String): a client was handed to this node; the value is its address. */
    String DISTRIBUTEDSERVER_CLIENTRECEIVED = "distributed_server.client_received";
    /** Metric (String): an operator asked for a handoff; the value is "client node". */
    String DISTRIBUTEDSERVER_HANDOFFREQUESTED = "distributed_server.handoff_requested";

    // Group events: the value of each is the event as GroupEvent.toString() writes it; see watchGroupEvents.
    /** Metric (String): a node's dsco joined the membership group. */
    String DISTRIBUTEDSERVER_NODEJOINED = "distributed_server.node_joined";
    /** Metric (String): a node's dsco left the membership group (it died, was cut off, or stopped). */
    String DISTRIBUTEDSERVER_NODELEFT = "distributed_server.node_left";
    /** Metric (String): the contact node changed (an operator's takeover, or a failover). */
    String DISTRIBUTEDSERVER_CONTACTCHANGED = "distributed_server.contact_changed";
    /** Metric (String): this node's dsco took a client over from another node. */
    String DISTRIBUTEDSERVER_GROUPCLIENTRECEIVED = "distributed_server.group_client_received";
    /** Metric (String): a client's connections left this node for another. */
    String DISTRIBUTEDSERVER_GROUPCLIENTHANDEDOFF = "distributed_server.group_client_handed_off";
    /** Metric (String): a handoff from this node did not happen or was undone (the event's detail says why). */
    String DISTRIBUTEDSERVER_GROUPHANDOFFFAILED = "distributed_server.group_handoff_failed";
    /** Metric (String): a drain of this node moved (or tried) one more client. */
    String DISTRIBUTEDSERVER_DRAINPROGRESS = "distributed_server.drain_progress";
    /** Metric (String): events this object asked for are gone (dsco restarted, or they fell out of its log). */
    String DISTRIBUTEDSERVER_EVENTSLOST = "distributed_server.events_lost";

    /** The distributed server's id (its name in dsco's configuration). */
    String getServiceId() throws IncorrectStateException;

    /** The nodes of the distributed server. */
    List<Node> getNodes() throws IncorrectStateException, AuthorizationFailedException, NoSuccessException;

    /** This node. */
    Node getLocalNode() throws IncorrectStateException, AuthorizationFailedException, NoSuccessException;

    /** The node that new clients reach. */
    Node getContactNode() throws IncorrectStateException, AuthorizationFailedException, NoSuccessException;

    /** The service ("anycast") address clients connect to. */
    InetAddress getAnycastAddress() throws IncorrectStateException;

    /** The clients this node serves now. */
    List<DistributedServerClient> listClients() throws IncorrectStateException;

    /**
     * The client a served stream belongs to.
     *
     * @throws DoesNotExistException the stream is not one of this server's open streams
     */
    DistributedServerClient getClient(Stream stream) throws IncorrectStateException, DoesNotExistException;

    /**
     * How many clients each node serves, as this node's dsco knows (clients served here and those handed away
     * from here; nodes without known clients count 0).
     */
    Map<String, Integer> getClientCounts() throws IncorrectStateException, AuthorizationFailedException,
            NoSuccessException;

    /**
     * Hands {@code client} — all its streams — to {@code node}, with {@code state} (at most 64 KiB) for the
     * application there. On success the streams are CLOSED here and the client is served by {@code node}; on
     * failure they are OPEN here as before and the exception says why. A thread blocked in a read or
     * waitFor on one of the streams is paused for the handoff and then gets {@link IncorrectStateException}
     * (handed off) or carries on (failed). Bytes not yet read stay in the kernel's queues and move with
     * the streams.
     *
     * @throws BadParameterException   no such node, this node, or state too large (nothing was tried)
     * @throws IncorrectStateException the server is closed, or the client has no open stream here
     * @throws PermissionDeniedException dsco refused the handoff
     * @throws AuthorizationFailedException dsco does not accept this process at all
     * @throws TimeoutException        declared for implementations that time handoffs themselves; the ds adaptor's
     *                                 timeouts are dsco's, and a handoff they end is a {@link NoSuccessException}
     * @throws NoSuccessException      the handoff was tried and failed, and the client stays here; the message has
     *                                 dsco's reason (no application registered on {@code node}, a prepare or commit
     *                                 that timed out, the receiving node or its dsco gone, this node's dsco not
     *                                 reachable)
     */
    void handoff(DistributedServerClient client, String node, byte[] state) throws NotImplementedException, BadParameterException,
            IncorrectStateException, PermissionDeniedException, AuthorizationFailedException, TimeoutException,
            NoSuccessException;

    /** Task form of {@link #handoff(DistributedServerClient, String, byte[])}. */
    Task<DistributedServer, Void> handoff(TaskMode mode, DistributedServerClient client, String node, byte[] state)
            throws NotImplementedException;

    /**
     * Whether the service is protected (dsco's configuration): each client has a backup node that takes it over,
     * from its last {@link #checkpoint}, if this node crashes. What this node sends a protected client is held until
     * its backup holds a checkpoint covering it, so an application of a protected service must checkpoint its clients
     * after it handled what they sent and after it wrote to them (docs/fault-tolerance.md).
     */
    boolean isProtected() throws IncorrectStateException;

    /**
     * Checkpoints {@code client} for its backup node (a protected service): dsco records its connections, live, and
     * {@code state} (at most 64 KiB). If this node crashes, the backup restores the connections as they were at this
     * checkpoint and gives them to its application exactly as a handoff gives a client ({@link #receive}, a
     * {@link ReceivedClient} with {@code state}); so {@code state} must be what this application's {@link #handoff}
     * carries. The client's streams are paused for the call (a thread in read, write or waitFor waits) and go on
     * afterwards, whether it succeeded or not; a failed checkpoint leaves the client's output held until one succeeds.
     *
     * @return the checkpoint's number (higher is newer)
     * @throws BadParameterException   no client, or state too large (nothing was tried)
     * @throws IncorrectStateException the server is closed or not protected, or the client has no open stream here
     * @throws AuthorizationFailedException dsco does not accept this process at all
     * @throws NotImplementedException this node's dsco does not take checkpoints
     * @throws NoSuccessException      dsco could not take the checkpoint (its reason in the message); the client is
     *                                 served here as before
     */
    long checkpoint(DistributedServerClient client, byte[] state) throws NotImplementedException, BadParameterException,
            IncorrectStateException, AuthorizationFailedException, NoSuccessException;

    /** Task form of {@link #checkpoint(DistributedServerClient, byte[])}. */
    Task<DistributedServer, Long> checkpoint(TaskMode mode, DistributedServerClient client, byte[] state)
            throws NotImplementedException;

    /**
     * Tells the backup node that {@code client} ended here (it closed, or was closed by, its last stream): the backup
     * forgets it, so a crash of this node does not bring back connections that are gone. A checkpointed client that
     * ends without this stays in its backup's store until the backup needs the room.
     *
     * @return the number of this last checkpoint
     * @throws BadParameterException   no client
     * @throws IncorrectStateException the server is closed or not protected, or the client has open streams here (a
     *                                 client whose streams were all closed and that connected again is served anew:
     *                                 checkpoint it instead)
     * @throws AuthorizationFailedException dsco does not accept this process at all
     * @throws NotImplementedException this node's dsco does not take checkpoints
     * @throws NoSuccessException      dsco could not take it
     */
    long checkpointEnded(DistributedServerClient client) throws NotImplementedException, BadParameterException,
            IncorrectStateException, AuthorizationFailedException, NoSuccessException;

    /** Waits for the next client handed to this node. */
    ReceivedClient receive() throws IncorrectStateException, NoSuccessException;

    /**
     * Waits at most {@code timeoutInSeconds} (negative: no limit) for the next client handed to this node.
     *
     * @return the client, or null if none arrived in time
     */
    ReceivedClient receive(float timeoutInSeconds) throws IncorrectStateException, NoSuccessException;

    /** Task form of {@link #receive(float)}. */
    Task<DistributedServer, ReceivedClient> receive(TaskMode mode, float timeoutInSeconds) throws NotImplementedException;

    /** Delivers received clients to {@code handler} instead of {@link #receive} (null: back to receive). */
    void setReceiveHandler(ReceiveHandler handler) throws IncorrectStateException;

    /** Decides on operators' handoff requests (null: requests are refused). */
    void setHandoffRequestHandler(HandoffRequestHandler handler) throws IncorrectStateException;

    /**
     * The group events dsco noted after {@code afterSequence} of its run {@code epoch} (null: its current run), waiting
     * up to {@code timeoutInSeconds} (0: not at all; at most 60) when there are none yet. Events this object can no
     * longer have come first as one {@link GroupEvent#EVENTS_LOST}; go on after the last event returned.
     *
     * @throws BadParameterException {@code afterSequence} was never given out in that run, or the timeout is out of range
     */
    List<GroupEvent> getGroupEvents(String epoch, long afterSequence, float timeoutInSeconds) throws BadParameterException,
            IncorrectStateException, AuthorizationFailedException, NoSuccessException;

    /**
     * Where the group metrics' callbacks resume: after event {@code afterSequence} of run {@code epoch} (a manager
     * that reconnects passes the last event it handled). Without this call, delivery starts with the first event
     * after a callback is added to a group metric. Events reach the callbacks in order, each once while this object
     * stays open, on one thread of this object.
     */
    void watchGroupEvents(String epoch, long afterSequence) throws IncorrectStateException;

    /**
     * Drains this node (privileged): from now on it takes no clients in handoffs, and each client it serves is
     * handed, through its application (as an operator's handoff request is), to the live other node serving the
     * fewest clients. Returns when done; {@link #DISTRIBUTEDSERVER_DRAINPROGRESS} reports each client meanwhile. The
     * node stays drained until {@link #resumeAfterDrain()}.
     *
     * @throws IncorrectStateException this node is the contact node (new clients arrive here): change the contact first
     * @throws PermissionDeniedException dsco allows this to root and its admin group only
     */
    DrainReport drain() throws IncorrectStateException, PermissionDeniedException, AuthorizationFailedException,
            NoSuccessException;

    /** Lifts a drain (privileged): the node takes clients in handoffs again. */
    void resumeAfterDrain() throws IncorrectStateException, PermissionDeniedException, AuthorizationFailedException,
            NoSuccessException;

    /**
     * Makes {@code node} the contact node (the one new clients reach).
     *
     * @throws PermissionDeniedException dsco allows this to root and its admin group only
     * @throws BadParameterException     no such node
     */
    void changeContactNode(String node) throws BadParameterException, IncorrectStateException,
            PermissionDeniedException, AuthorizationFailedException, NoSuccessException;

    /**
     * Adds {@code node} at {@code address} (its own IPv6 address) to the distributed server's nodes while it runs.
     * The node's dsco must be running, configured with every node. Repeating an add that was done is harmless.
     *
     * @throws PermissionDeniedException dsco allows this to root and its admin group only
     * @throws BadParameterException     a bad node name, an address that is not IPv6, or a name or address that is
     *                                   another node's already
     * @throws NoSuccessException        the HA agent or another node's dsco did not take the change (repeat it)
     */
    void addNode(String node, InetAddress address) throws BadParameterException, IncorrectStateException,
            PermissionDeniedException, AuthorizationFailedException, NoSuccessException;

    /**
     * Removes {@code node} from the distributed server's nodes.
     *
     * @throws PermissionDeniedException dsco allows this to root and its admin group only
     * @throws BadParameterException     no such node, or this process's own node
     * @throws NoSuccessException        the node is the contact node or serves clients, or not every node took the change
     */
    void removeNode(String node) throws BadParameterException, IncorrectStateException,
            PermissionDeniedException, AuthorizationFailedException, NoSuccessException;

    /**
     * The order in which nodes take over when the contact node fails: {@code nodes} first, in this order, then the
     * others in their configured order; an empty list restores the configured order.
     *
     * @throws PermissionDeniedException dsco allows this to root and its admin group only
     * @throws BadParameterException     an unknown node, or one named twice
     * @throws NoSuccessException        not every node took the change (repeat it)
     */
    void setContactSuccessors(List<String> nodes) throws BadParameterException, IncorrectStateException,
            PermissionDeniedException, AuthorizationFailedException, NoSuccessException;
}
