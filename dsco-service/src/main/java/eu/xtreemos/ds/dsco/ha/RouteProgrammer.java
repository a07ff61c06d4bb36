package eu.xtreemos.ds.dsco.ha;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;

/** The HA's forwarding for service addresses: per-client steering and the default (contact) route. */
public interface RouteProgrammer extends Closeable {
    /** From now on, packets from {@code client} to {@code service} go to the node at {@code node}. */
    void steer(InetAddress service, InetAddress client, InetAddress node) throws IOException;

    /** Packets to {@code service} from clients without their own binding go to {@code node}. */
    void setDefault(InetAddress service, InetAddress node) throws IOException;
}
