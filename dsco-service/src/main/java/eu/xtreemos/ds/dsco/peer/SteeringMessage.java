package eu.xtreemos.ds.dsco.peer;

import java.net.InetAddress;
import java.util.List;

/**
 * Where clients are steered: dsco to the HA agent (a client to its node, the contact node for new ones), and the
 * contact node among the dsco daemons.
 */
public sealed interface SteeringMessage extends PeerMessage {
    /** dsco to the HA agent: send this client's traffic for the service to {@code node}. */
    record Steer(String service, InetAddress client, String node) implements SteeringMessage {
    }

    /** dsco to the HA agent: new clients of the service go to {@code node}; {@code pinned} stay where they are. */
    record SetContact(String service, String node, List<InetAddress> pinned) implements SteeringMessage {
    }

    /** Which clients of the service does this node serve now? */
    record ClientsQuery(String service) implements SteeringMessage {
    }

    record ClientsReply(List<InetAddress> clients) implements SteeringMessage {
    }

    /** dsco to the HA agent: which node is the service's contact node now? (answered with a Result) */
    record ContactQuery(String service) implements SteeringMessage {
    }

    /** The contact node changed (every node is told). */
    record ContactChanged(String node) implements SteeringMessage {
    }

    /** dsco to the HA agent: {@code node} at {@code address} joined the group; clients may be steered to it. */
    record NodeJoined(String node, InetAddress address) implements SteeringMessage {
    }

    /** dsco to the HA agent: {@code node} left the group; no client may be steered to it any more. */
    record NodeLeft(String node) implements SteeringMessage {
    }
}
