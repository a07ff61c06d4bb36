package eu.xtreemos.ds.dsco.peer;

import java.net.InetAddress;
import java.util.List;

/**
 * Mobile IPv6 route optimization between dsco daemons (docs/mobility.md): the home test relayed through the
 * contact node, and binding a client to the node that receives it.
 */
public sealed interface RouteOptimizationMessage extends PeerMessage {
    /**
     * Route optimization, server node to the contact node: run the home test with the client for me (send a
     * HoTI with my cookie from the service address, the home) and give me the HoT and the next sequence number.
     */
    record HomeTestRelay(String service, InetAddress client, long cookie) implements RouteOptimizationMessage {
    }

    /** The contact node's answer to a {@link HomeTestRelay}: the HoT's fields, or why there is none. */
    record HomeTestRelayed(boolean ok, String reason, int nonceIndex, long cookie, long token, int sequence)
            implements RouteOptimizationMessage {
    }

    /** Route optimization, donor to receiver: bind the client to yourself (return routability, Binding Update). */
    record RouteOptimize(String service, InetAddress client) implements RouteOptimizationMessage {
    }
}
