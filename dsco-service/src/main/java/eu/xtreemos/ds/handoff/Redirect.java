package eu.xtreemos.ds.handoff;

import java.io.IOException;
import java.net.InetAddress;

/** Sends a client's traffic for the service address to a given node from now on. */
@FunctionalInterface
public interface Redirect {
    void steer(InetAddress client, String node) throws IOException;
}
