package eu.xtreemos.ds.dsco.handoff;

import java.io.IOException;
import java.net.InetAddress;

/**
 * How a client's traffic for a service is sent to the node that serves it: by the HA's per-client
 * steering, or by Mobile IPv6 route optimization at the client. A handoff switches it between its
 * prepare and its commit, and switches it back when it takes the client back.
 */
public interface Redirect {
    /** Returns once the client's next packets for the service go to {@code node}; throws if they may not. */
    void redirect(String service, InetAddress client, String node) throws IOException;

    /**
     * On the receiver of a handoff being prepared: the redirect to this node will probably follow, so work that
     * does not change where the client's packets go may start now. Must not block.
     */
    default void prepare(String service, InetAddress client) {
    }
}
