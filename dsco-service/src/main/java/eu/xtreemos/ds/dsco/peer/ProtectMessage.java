package eu.xtreemos.ds.dsco.peer;

import java.net.InetAddress;
import java.util.List;

/**
 * Protected services (docs/fault-tolerance.md): a serving node's checkpoints of its clients to their backup node. The
 * serving node is the link's authenticated peer, never a field a message could forge.
 */
public sealed interface ProtectMessage extends PeerMessage {
    /**
     * The newest checkpoint of a client: its connections' states (the codec's bytes) and the application's state.
     * {@code sequence} grows with each checkpoint the serving node takes.
     */
    record Checkpoint(String service, InetAddress client, long sequence, List<byte[]> states, byte[] appState)
            implements ProtectMessage {
        public Checkpoint {
            states = List.copyOf(states);
        }
    }

    /** The backup holds checkpoint {@code sequence} (or a newer one), or refused it and why. */
    record CheckpointAck(long sequence, boolean ok, String reason) implements ProtectMessage {
    }

    /** The client ended or left the serving node: the backup forgets what the sender checkpointed of it. */
    record Forget(String service, InetAddress client) implements ProtectMessage {
    }
}
