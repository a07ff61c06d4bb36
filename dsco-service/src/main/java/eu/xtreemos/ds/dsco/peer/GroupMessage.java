package eu.xtreemos.ds.dsco.peer;

import java.net.InetAddress;
import java.util.List;

/**
 * Changes to the group of nodes made at run time, from the dsco an operator asked to every other dsco. Each is
 * idempotent at the receiver: applying one twice leaves what applying it once left, so a sender that is not sure a
 * peer got one simply sends it again.
 */
public sealed interface GroupMessage extends PeerMessage {
    /** {@code node} at {@code address} is a member of the group from now on. */
    record NodeAdded(String node, InetAddress address) implements GroupMessage {
    }

    /** {@code node} is no longer a member of the group. */
    record NodeRemoved(String node) implements GroupMessage {
    }

    /** The contact node's successors in this order (then the nodes not named, in their configured order). */
    record SuccessorsSet(List<String> nodes) implements GroupMessage {
    }
}
