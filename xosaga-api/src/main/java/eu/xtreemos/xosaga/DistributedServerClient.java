package eu.xtreemos.xosaga;

import org.ogf.saga.stream.Stream;

import java.net.InetAddress;
import java.util.List;

/**
 * A client of a distributed server, as this node serves it: its address and its open streams (one per TCP
 * connection, ordered by the client's port, so the order is the same on the node that receives it).
 * A handoff moves all of them.
 */
public interface DistributedServerClient {
    InetAddress getAddress();

    /** The client's open streams on this node, ordered by the client's port. */
    List<Stream> getStreams();
}
