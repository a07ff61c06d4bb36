package eu.xtreemos.ds.dsco.handoff;

import java.io.IOException;
import java.net.InetAddress;

/** The HA's per-client binding sends the client's packets to the serving node: works for any client. */
public final class HaSteering implements Redirect {
    private final Cluster cluster;

    public HaSteering(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public void redirect(String service, InetAddress client, String node) throws IOException {
        cluster.steer(service, client, node);
    }
}
