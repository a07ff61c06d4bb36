package eu.xtreemos.ds.ha;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;

/** The HA's forwarding for service addresses: per-client steering and the default (contact) route. */
public interface RouteProgrammer extends Closeable {
    /** From now on, packets from {@code client} to {@code service} go to the node at {@code node}. */
    void steer(InetAddress service, InetAddress client, InetAddress node) throws IOException;

    /**
     * Packets to {@code service}/{@code prefixLength} from clients without their own binding go to
     * {@code node}. For IPv6 the prefix must be shorter than the per-client /128 routes.
     */
    void setDefault(InetAddress service, int prefixLength, InetAddress node) throws IOException;

    /** Packets from {@code client} to {@code service} follow the default route again (its node left the group). */
    default void unsteer(InetAddress service, InetAddress client) throws IOException {
    }

    /** {@code node} left the group: whatever was set up to steer clients to it goes. */
    default void forgetNode(InetAddress node) throws IOException {
    }

    /** The per-client steering in force now for {@code service}: client -> next hop (to rebuild bindings after a restart). */
    Map<InetAddress, InetAddress> steered(InetAddress service) throws IOException;
}
