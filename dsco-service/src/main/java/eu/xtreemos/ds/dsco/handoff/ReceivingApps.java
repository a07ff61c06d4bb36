package eu.xtreemos.ds.dsco.handoff;

import java.io.IOException;
import java.net.InetAddress;

/** The applications registered on this node to take over clients of a service. */
public interface ReceivingApps {
    boolean registered(String service);

    /** Passes live sockets and the application state to the service's application; dsco keeps its copies until this returns. */
    void deliver(String service, InetAddress client, int[] fds, byte[] appState) throws IOException;

    /** Asks the service's application to hand {@code client} off to {@code node} (it answers with a DONATE, or not). */
    void requestHandoff(String service, InetAddress client, String node) throws IOException;
}
