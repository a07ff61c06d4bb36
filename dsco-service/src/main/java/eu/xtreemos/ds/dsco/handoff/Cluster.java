package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.dsco.peer.PeerMessage;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/** How this node reaches the other members: dsco daemons by node name, and the HA agent. */
public interface Cluster {
    /**
     * Sends {@code m} to the dsco of {@code node} and returns its answer. Messages must be idempotent at
     * the receiver: a link that broke may make the message go out twice.
     */
    PeerMessage call(String node, PeerMessage m, Duration timeout) throws IOException;

    /** Asks the HA agent to send the client's traffic for the service to {@code node}. */
    void steer(String service, InetAddress client, String node) throws IOException;
}
