package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.Cluster;
import eu.xtreemos.ds.dsco.peer.PeerAuthException;
import eu.xtreemos.ds.dsco.peer.PeerConnection;
import eu.xtreemos.ds.dsco.peer.PeerMessage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Links from this dsco to the other dsco daemons and to the HA agent, authenticated with the cluster key
 * and kept open between handoffs (a new link costs a key exchange, about a millisecond). A link that
 * broke — the peer restarted, or dropped it while idle — is replaced once, transparently; the messages
 * are idempotent at the receiver, so a repeat is harmless.
 */
final class ClusterLinks implements Cluster, AutoCloseable {
    private static final String HA = " ha"; // a space: no node can be called that

    private final Supplier<DscoConfig> config;
    private final byte[] key;
    private final Map<String, PeerConnection> links = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    ClusterLinks(Supplier<DscoConfig> config, byte[] key) {
        this.config = config;
        this.key = key;
    }

    @Override
    public PeerMessage call(String node, PeerMessage m, Duration timeout) throws IOException {
        DscoConfig c = config.get();
        InetAddress a = c.nodes().get(node);
        if (a == null) {
            throw new IOException("unknown node '" + node + "'");
        }
        return call(node, new InetSocketAddress(a, c.clusterPort()), node, m, timeout);
    }

    @Override
    public void steer(String service, InetAddress client, String node) throws IOException {
        ask(new PeerMessage.Steer(service, client, node));
    }

    void setContact(String service, String node, List<InetAddress> pinned) throws IOException {
        ask(new PeerMessage.SetContact(service, node, pinned));
    }

    /** The service's contact node as the HA agent knows it (the authority after failovers). */
    String contactAtHa(String service) throws IOException {
        DscoConfig c = config.get();
        PeerMessage r = call(HA, new InetSocketAddress(c.haAddress(), c.haPort()), null, new PeerMessage.ContactQuery(service), c.timeouts().ha());
        if (!(r instanceof PeerMessage.Result res) || !res.ok()) {
            throw new IOException("the HA agent did not say: " + r);
        }
        return res.reason();
    }

    private void ask(PeerMessage m) throws IOException {
        DscoConfig c = config.get();
        PeerMessage r = call(HA, new InetSocketAddress(c.haAddress(), c.haPort()), null, m, c.timeouts().ha());
        if (!(r instanceof PeerMessage.Result res) || !res.ok()) {
            throw new IOException("the HA agent refused: " + (r instanceof PeerMessage.Result res2 ? res2.reason() : r));
        }
    }

    /** One request at a time per peer: a link carries one conversation. */
    private PeerMessage call(String peer, InetSocketAddress to, String expectedName, PeerMessage m, Duration timeout)
            throws IOException {
        synchronized (locks.computeIfAbsent(peer, p -> new Object())) {
            PeerConnection link = links.get(peer);
            if (link != null) {
                try {
                    return link.call(m, timeout);
                } catch (PeerAuthException e) {
                    drop(peer, link);
                    throw e;
                } catch (IOException e) {
                    drop(peer, link); // stale: the peer restarted or closed it; one fresh try below
                }
            }
            link = PeerConnection.open(to, config.get().nodeAddress(), key, config.get().nodeName(), timeout);
            if (expectedName != null && !expectedName.equals(link.peerName())) {
                link.close();
                throw new PeerAuthException("the dsco at " + to + " calls itself '" + link.peerName() + "', expected '" + expectedName + "'");
            }
            try {
                PeerMessage answer = link.call(m, timeout);
                links.put(peer, link);
                return answer;
            } catch (IOException e) {
                link.close();
                throw e;
            }
        }
    }

    private void drop(String peer, PeerConnection link) {
        links.remove(peer, link);
        try {
            link.close();
        } catch (IOException e) {
            // already broken
        }
    }

    @Override
    public void close() {
        links.forEach(this::drop);
    }
}
