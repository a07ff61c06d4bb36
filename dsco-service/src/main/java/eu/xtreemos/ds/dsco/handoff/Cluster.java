package eu.xtreemos.ds.dsco.handoff;

import eu.xtreemos.ds.dsco.peer.PeerConnection;

import java.io.IOException;
import java.net.InetAddress;

/** How this node reaches the other members: dsco daemons by node name, and the HA agent. */
public interface Cluster {
    PeerConnection connect(String node) throws IOException;

    /** Asks the HA agent to send the client's traffic for the service to {@code node}. */
    void steer(String service, InetAddress client, String node) throws IOException;
}
