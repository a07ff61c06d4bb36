package eu.xtreemos.gecko;

import org.ogf.saga.error.SagaException;

import java.net.InetAddress;
import java.util.List;

/**
 * A client of the distributed server, as this node serves it: its address and its open connections. A handoff
 * moves the client with all its connections.
 */
public interface Client {
    /** The client's address. */
    InetAddress address();

    /** Its open connections on this node, in the order of the client's ports. */
    List<Connection> connections();

    /** The name of this node (the one serving the client). */
    String node();

    /**
     * Hands the client to {@code node}, with its handler's state and the output not sent yet; waits until it is done.
     * Callable from the client's handler too (the handler is then done: {@link ClientHandler#handedOff} follows).
     * On failure the client stays here, served as before.
     *
     * @throws SagaException why the handoff failed (see {@link eu.xtreemos.xosaga.DistributedServer#handoff})
     */
    void handoff(String node) throws SagaException;

    /** Whether the client is still served here (not handed off, not gone). */
    boolean isServedHere();
}
