package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.handoff.Cluster;
import eu.xtreemos.ds.dsco.peer.PeerAuthException;
import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.dsco.peer.PeerConnection;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.SteeringMessage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Links from this dsco to the other dsco daemons and to the HA agent, authenticated with the cluster key
 * and kept open between handoffs (a new link costs a key exchange, about a millisecond). A link carries one
 * conversation at a time; up to {@link #LINKS_PER_PEER} are opened to a peer when handoffs overlap, so that
 * many clients handed off at once do not queue behind each other's round trips. A link that broke — the peer
 * restarted, or dropped it while idle — is replaced once, transparently; the messages are idempotent at the
 * receiver, so a repeat is harmless.
 */
final class ClusterLinks implements Cluster, AutoCloseable {
    private static final String HA = " ha"; // a space: no node can be called that
    /**
     * Links per peer at most. The peer serves {@code PeerServer.MAX_LINKS} (64) at once from all nodes: 4 per
     * peer leaves room for 9 nodes calling one HA agent, each node also holding links to the others.
     */
    static final int LINKS_PER_PEER = 4;

    /** A peer's links: the idle ones, and a permit per link that may be in use. */
    private static final class Pool {
        final ArrayDeque<PeerConnection> idle = new ArrayDeque<>();
        final Semaphore permits = new Semaphore(LINKS_PER_PEER, true);
    }

    private final Supplier<DscoConfig> config;
    private final ClusterKeys keys;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    ClusterLinks(Supplier<DscoConfig> config, ClusterKeys keys) {
        this.config = config;
        this.keys = keys;
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

    /** The clients {@code node} serves now for {@code service} (its kernel's connections); any other answer is an error. */
    List<InetAddress> clientsOf(String node, String service) throws IOException {
        PeerMessage m = call(node, new SteeringMessage.ClientsQuery(service), config.get().timeouts().prepare());
        if (m instanceof SteeringMessage.ClientsReply r) {
            return r.clients();
        }
        throw new IOException(node + " answered the clients query with "
                + (m instanceof PeerMessage.Result res ? res.reason() : String.valueOf(m)));
    }

    @Override
    public void steer(String service, InetAddress client, String node) throws IOException {
        ask(new SteeringMessage.Steer(service, client, node));
    }

    void setContact(String service, String node, List<InetAddress> pinned) throws IOException {
        ask(new SteeringMessage.SetContact(service, node, pinned));
    }

    /** Tells the HA agent that {@code node} at {@code address} joined the group. */
    void nodeJoined(String node, InetAddress address) throws IOException {
        ask(new SteeringMessage.NodeJoined(node, address));
    }

    /** Tells the HA agent that {@code node} left the group. */
    void nodeLeft(String node) throws IOException {
        ask(new SteeringMessage.NodeLeft(node));
    }

    /** Closes the idle links to {@code node} (it left the group). */
    void forget(String node) {
        Pool pool = pools.remove(node);
        if (pool != null) {
            synchronized (pool) {
                pool.idle.forEach(ClusterLinks::closeQuietly);
                pool.idle.clear();
            }
        }
    }

    /** The service's contact node as the HA agent knows it (the authority after failovers). */
    String contactAtHa(String service) throws IOException {
        DscoConfig c = config.get();
        PeerMessage r = call(HA, new InetSocketAddress(c.haAddress(), c.haPort()), null, new SteeringMessage.ContactQuery(service), c.timeouts().ha());
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

    /** One conversation per link; a free link of the peer's, or a new one while fewer than LINKS_PER_PEER are in use. */
    private PeerMessage call(String peer, InetSocketAddress to, String expectedName, PeerMessage m, Duration timeout)
            throws IOException {
        Pool pool = pools.computeIfAbsent(peer, p -> new Pool());
        try {
            if (!pool.permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SocketTimeoutException("all " + LINKS_PER_PEER + " links to " + peer.trim() + " stayed busy for "
                        + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a link to " + peer.trim());
        }
        try {
            PeerConnection link;
            synchronized (pool) {
                link = pool.idle.pollFirst();
            }
            if (link != null) {
                try {
                    PeerMessage answer = link.call(m, timeout);
                    giveBack(pool, link);
                    return answer;
                } catch (PeerAuthException e) {
                    closeQuietly(link);
                    throw e;
                } catch (IOException e) {
                    closeQuietly(link); // stale: the peer restarted or closed it; one fresh try below
                }
            }
            link = PeerConnection.open(to, config.get().nodeAddress(), keys, config.get().nodeName(), timeout);
            if (expectedName != null && !expectedName.equals(link.peerName())) {
                link.close();
                throw new PeerAuthException("the dsco at " + to + " calls itself '" + link.peerName() + "', expected '" + expectedName + "'");
            }
            try {
                PeerMessage answer = link.call(m, timeout);
                giveBack(pool, link);
                return answer;
            } catch (IOException e) {
                link.close();
                throw e;
            }
        } finally {
            pool.permits.release();
        }
    }

    /** The most recently used link first: the others go idle and are closed by the peer after two minutes. */
    private static void giveBack(Pool pool, PeerConnection link) {
        synchronized (pool) {
            pool.idle.addFirst(link);
        }
    }

    private static void closeQuietly(PeerConnection link) {
        try {
            link.close();
        } catch (IOException e) {
            // already broken
        }
    }

    @Override
    public void close() {
        for (Pool pool : pools.values()) {
            synchronized (pool) {
                pool.idle.forEach(ClusterLinks::closeQuietly);
                pool.idle.clear();
            }
        }
    }
}
