package eu.xtreemos.ds.tcp;

import java.io.IOException;

/**
 * A connection rebuilt by {@link SocketEngine#restore}, still in repair mode: it sends nothing until
 * {@link #activate()}, so the receiver can hold it until the client's traffic is redirected here.
 */
public final class RestoredConnection {
    private final RepairableSocket socket;
    private final ConnectionState state;
    private boolean active;

    RestoredConnection(RepairableSocket socket, ConnectionState state) {
        this.socket = socket;
        this.state = state;
    }

    public RepairableSocket socket() {
        return socket;
    }

    public ConnectionState state() {
        return state;
    }

    /** Leaves repair mode and sends the never-sent tail of the send queue. Idempotent. */
    public synchronized void activate() {
        if (!active) {
            SocketEngine.activate(socket.fd(), state);
            active = true;
        }
    }

    /** Drops a restored connection that will not be activated (the handoff was aborted): silent. */
    public synchronized void discard() throws IOException {
        if (active) {
            throw new IllegalStateException("connection " + state.describe() + " is already active");
        }
        socket.close();
    }
}
