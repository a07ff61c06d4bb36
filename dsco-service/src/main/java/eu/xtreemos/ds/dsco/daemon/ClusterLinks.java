package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.Cluster;
import eu.xtreemos.ds.dsco.peer.PeerConnection;
import eu.xtreemos.ds.dsco.peer.PeerMessage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** Links from this dsco to the other dsco daemons and to the HA agent, each authenticated with the cluster key. */
final class ClusterLinks implements Cluster {
    private final Supplier<DscoConfig> config;
    private final byte[] key;

    ClusterLinks(Supplier<DscoConfig> config, byte[] key) {
        this.config = config;
        this.key = key;
    }

    @Override
    public PeerConnection connect(String node) throws IOException {
        DscoConfig c = config.get();
        InetAddress a = c.nodes().get(node);
        if (a == null) {
            throw new IOException("unknown node '" + node + "'");
        }
        return PeerConnection.open(new InetSocketAddress(a, c.clusterPort()), key, c.nodeName(), c.timeouts().prepare());
    }

    @Override
    public void steer(String service, InetAddress client, String node) throws IOException {
        ask(new PeerMessage.Steer(service, client, node));
    }

    void setContact(String service, String node, java.util.List<InetAddress> pinned) throws IOException {
        ask(new PeerMessage.SetContact(service, node, pinned));
    }

    private void ask(PeerMessage m) throws IOException {
        DscoConfig c = config.get();
        try (PeerConnection ha = PeerConnection.open(new InetSocketAddress(c.haAddress(), c.haPort()), key, c.nodeName(), c.timeouts().ha())) {
            PeerMessage r = ha.call(m, c.timeouts().ha());
            if (!(r instanceof PeerMessage.Result res) || !res.ok()) {
                throw new IOException("the HA agent refused: " + (r instanceof PeerMessage.Result res2 ? res2.reason() : r));
            }
        }
    }
}
