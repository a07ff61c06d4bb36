package eu.xtreemos.ds.dsco.handoff;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a node does with an in-flight client's packets (docs/packet-filter.md): hold them, so they are
 * neither lost nor answered with a reset, and later hand them to the restored sockets here or ship
 * them to the node that took the client over.
 */
public interface PacketFilter extends Closeable {
    /**
     * From now on the client's packets to the service's addresses are held (or dropped, in drop mode);
     * its packets to other services pass as before. One handoff per client at a time.
     */
    void hold(String service, InetAddress client) throws IOException;

    /** Takes the held packets out, in order (they are dropped here), to be delivered on another node. */
    List<byte[]> take(String service, InetAddress client) throws IOException;

    /** Stops holding: held packets go on to the local stack, in order, and new ones pass. */
    void release(String service, InetAddress client) throws IOException;

    /** Delivers packets shipped from another node to the local stack. */
    void inject(List<byte[]> packets) throws IOException;

    /**
     * Nothing the socket on {@code fd} sends leaves this node any more: for a socket about to be frozen, whose
     * timers would still send (a delayed ACK with a newer timestamp makes the client drop the restored socket's
     * first segments; docs/packet-filter.md).
     */
    void mute(int fd) throws IOException;

    /** Undoes {@link #mute}: after a handoff that failed, the socket's packets leave again. */
    void unmute(int fd) throws IOException;

    /**
     * At start: clients a crashed run left in flight are still held (their packets were dropped for want
     * of a reader). Lets go of every one but {@code keep} (service -> clients), whose fate the journal decides.
     */
    default void releaseAllBut(Map<String, Set<InetAddress>> keep) throws IOException {
    }

    /** What the filter has done so far, for dsctl stats and the metrics endpoint. */
    default PacketCounts counts() {
        return PacketCounts.NONE;
    }
}
