package eu.xtreemos.gecko;

import java.io.Serializable;

/**
 * Makes the handler of each client: a fresh one for a client that connects to this node, and one that continues
 * from the state the previous node's handler had, for a client handed to this node.
 *
 * @param <S> the handlers' state
 */
public interface HandlerFactory<S extends Serializable> {
    /** A handler for a client that just connected to this node (its first connection follows in {@code opened}). */
    ClientHandler<S> create(Client client) throws Exception;

    /**
     * A handler for a client handed to this node, continuing from {@code state} — what {@link ClientHandler#state()}
     * returned on the node that handed it off. The client's connections are already in {@link Client#connections()}.
     */
    ClientHandler<S> resume(Client client, S state) throws Exception;
}
