package eu.xtreemos.gecko;

import java.io.Serializable;

/**
 * The application's logic for one client of a distributed server, with the client's state. {@link Gecko} makes
 * one per client with the application's {@link HandlerFactory}, calls it as the client's connections deliver
 * bytes, and, when the client is handed to another node, carries {@link #state()} there, where the factory makes
 * the handler that continues.
 *
 * <p>Every method is called with the client's lock held, one at a time per client, so the handler needs no
 * locking of its own; and a handoff takes the same lock, so it happens between two calls, never inside one. The
 * methods must not block for long (they hold up the client's other connections and its handoff): write with
 * {@link Connection#write}, which queues and never blocks.
 *
 * <p>The rule that makes a handoff lose nothing: whatever the handler has taken in — bytes it received but has
 * not answered yet, a half-read request — must be in {@link #state()}. Bytes it has not been given yet stay in
 * the kernel's queues and move with the connections; bytes it wrote that were not sent yet move in the handoff too.
 *
 * @param <S> the handler's state; it travels with the client (at most 64 KiB serialized, with the unsent output)
 */
public interface ClientHandler<S extends Serializable> {
    /**
     * {@code length} bytes arrived on {@code connection} (in {@code data[0..length)}, which is reused after the
     * call returns).
     */
    void received(Connection connection, byte[] data, int length) throws Exception;

    /**
     * The client opened another connection (also called for the first connection of a new client, but not for
     * the connections a handed-off client brings along: those are in the state).
     */
    default void opened(Connection connection) throws Exception {
    }

    /** The client closed {@code connection} (or it failed); it has been closed on this side too. */
    default void closed(Connection connection) throws Exception {
    }

    /**
     * Called every tick while the client is served here, if the {@link Gecko} was built with
     * {@link Gecko.Builder#tickMillis}: for handlers that send on their own (a stream at a steady rate, a timeout).
     */
    default void tick() throws Exception {
    }

    /** The state to carry to the node the client is handed to; called just before the handoff. */
    S state();

    /** The client was handed to {@code node}: this handler will not be called again. */
    default void handedOff(String node) {
    }

    /** The client closed its last connection here: this handler will not be called again. */
    default void ended() {
    }
}
