package eu.xtreemos.ds.handoff;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Keeps a client's packets away from this node's TCP stack while its connections are frozen or gone,
 * so the kernel never answers them with a reset. Idempotent per client.
 */
public interface ClientFilter {
    /** From now on, packets from {@code client} to the service are held or dropped, never answered. */
    void block(InetAddress client) throws IOException;

    /** Lets the client's packets in again (its connections live here). */
    void unblock(InetAddress client) throws IOException;
}
