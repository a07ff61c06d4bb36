package eu.xtreemos.ds.dsco.peer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The answering side of cluster links: authenticates each connection, refuses peers whose name is
 * not in the cluster, and answers each message with the handler's reply. A peer that fails
 * authentication or sends garbage is logged and dropped; others are served on.
 */
public final class PeerServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(PeerServer.class);

    /** Answers one message from an authenticated peer. */
    @FunctionalInterface
    public interface Handler {
        PeerMessage handle(String peer, PeerMessage message) throws Exception;
    }

    private final ServerSocket server;
    private final ClusterKeys keys;
    private final String ownName;
    private final Supplier<Set<String>> allowedPeers;
    private final Handler handler;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "peer-link");
        t.setDaemon(true);
        return t;
    });

    /** With one cluster key: see {@link #PeerServer(InetSocketAddress, ClusterKeys, String, Set, Handler)}. */
    public PeerServer(InetSocketAddress listen, byte[] clusterKey, String ownName, Set<String> allowedPeers, Handler handler)
            throws IOException {
        this(listen, ClusterKeys.of(clusterKey), ownName, allowedPeers, handler);
    }

    /** Binds now (call it on a thread in the node's namespace); {@link #run} serves peers holding one of {@code keys}. */
    public PeerServer(InetSocketAddress listen, ClusterKeys keys, String ownName, Set<String> allowedPeers, Handler handler)
            throws IOException {
        this(listen, keys, ownName, () -> allowedPeers, handler);
    }

    /**
     * As {@link #PeerServer(InetSocketAddress, ClusterKeys, String, Set, Handler)}, with the members asked at each
     * new link: nodes join and leave the group at run time.
     */
    public PeerServer(InetSocketAddress listen, ClusterKeys keys, String ownName, Supplier<Set<String>> allowedPeers, Handler handler)
            throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        this.keys = keys;
        this.ownName = ownName;
        this.allowedPeers = allowedPeers;
        this.handler = handler;
    }

    /** Where it listens (the port the kernel chose when bound to port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** At most this many cluster links at once; more are closed at once (a flood must not exhaust threads). */
    public static final int MAX_LINKS = 64;
    private final Semaphore slots = new Semaphore(MAX_LINKS);

    public void run() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (!slots.tryAcquire()) {
                    log.warn("refused a cluster link from {}: {} links open already", s.getRemoteSocketAddress(), MAX_LINKS);
                    s.close();
                    continue;
                }
                workers.execute(() -> {
                    try {
                        serve(s);
                    } finally {
                        slots.release();
                    }
                });
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("accept on {} failed: {}", server.getLocalSocketAddress(), e.toString());
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(5_000); // the handshake must come at once
            SecureChannel ch;
            try {
                ch = SecureChannel.open(s, keys, ownName, false, PeerConnection.MAX_FRAME);
            } catch (PeerAuthException e) {
                log.warn("refused cluster link from {}: {}", s.getRemoteSocketAddress(), e.getMessage());
                return;
            }
            s.setSoTimeout(120_000); // links are kept between handoffs; an idle one is dropped after two minutes
            if (!allowedPeers.get().contains(ch.peerName())) {
                log.warn("refused cluster link from {}: '{}' is not a member of this cluster", s.getRemoteSocketAddress(), ch.peerName());
                return;
            }
            while (true) {
                PeerMessage m = PeerMessage.decode(ch.receive());
                PeerMessage reply;
                try {
                    reply = handler.handle(ch.peerName(), m);
                } catch (Exception e) {
                    log.error("handling {} from {} failed", m.getClass().getSimpleName(), ch.peerName(), e);
                    reply = new PeerMessage.Result(false, "internal error: " + e);
                }
                ch.send(PeerMessage.encode(reply));
            }
        } catch (EOFException | SocketException e) {
            // the peer closed the link
        } catch (IOException e) {
            log.warn("cluster link from {} failed: {}", s.getRemoteSocketAddress(), e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
    }
}
