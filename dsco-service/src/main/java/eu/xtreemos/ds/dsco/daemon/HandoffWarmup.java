package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.handoff.ConnectionEngine;
import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.dsco.peer.HandoffMessage;
import eu.xtreemos.ds.dsco.peer.PeerConnection;
import eu.xtreemos.ds.dsco.peer.PeerMessage;
import eu.xtreemos.ds.dsco.peer.PeerServer;
import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.RestoredConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a handoff's own code before dsco serves: loopback connections with data queued both ways are frozen,
 * dumped, sent in a Prepare over a cluster link to a loopback peer server (key exchange, sealing, the message
 * codecs), decoded there, restored and activated. The first client's handoff then finds the classes loaded and the
 * hot methods compiled instead of paying for them in its gap (the first handoff of a fresh JVM took 10-50 times a
 * warm one). Nothing here touches a client, the packet filter or another node; a failure is logged and dsco starts
 * anyway.
 */
final class HandoffWarmup {
    private static final Logger log = LoggerFactory.getLogger(HandoffWarmup.class);
    /** Bytes queued each way on every loopback connection: the dump and restore of queues run too. */
    private static final int QUEUED = 2048;
    /** Rounds per cluster link: most handoffs reuse a link, a few open one. */
    private static final int ROUNDS_PER_LINK = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private HandoffWarmup() {
    }

    /** {@code rounds} loopback handoffs through {@code engine} and the cluster link's code; returns how many ran. */
    static int run(ConnectionEngine engine, ClusterKeys keys, String nodeName, int rounds) {
        if (rounds <= 0) {
            return 0;
        }
        long t0 = System.nanoTime();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        AtomicReference<ConnectionState> received = new AtomicReference<>();
        int done = 0;
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(loopback, 0));
            PeerServer peer = new PeerServer(new InetSocketAddress(loopback, 0), keys, nodeName, Set.of(nodeName),
                    (from, m) -> prepared(m, received));
            Thread serving = new Thread(peer::run, "warmup-peer");
            serving.setDaemon(true);
            serving.start();
            try {
                PeerConnection link = null;
                for (; done < rounds; done++) {
                    if (done % ROUNDS_PER_LINK == 0) {
                        if (link != null) {
                            link.close();
                        }
                        link = PeerConnection.open(peer.address(), null, keys, nodeName, TIMEOUT);
                    }
                    oneHandoff(engine, listener, link, loopback, nodeName, received);
                }
                if (link != null) {
                    link.close();
                }
            } finally {
                peer.close();
            }
            log.info("warmed the handoff path: {} loopback handoffs in {} ms", done, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("handoff warm-up stopped after {} of {} rounds ({}); the first handoffs will be slower", done, rounds, e.toString());
        }
        return done;
    }

    /** The warm-up peer server's answer: decodes the states as a receiver does and keeps the first. */
    private static PeerMessage prepared(PeerMessage m, AtomicReference<ConnectionState> received) throws Exception {
        if (!(m instanceof HandoffMessage.Prepare p)) {
            return new PeerMessage.Result(false, "warm-up expects a prepare");
        }
        received.set(ConnectionStateCodec.decode(p.states().get(0)));
        return new HandoffMessage.Prepared(p.id(), true, "", 0);
    }

    private static void oneHandoff(ConnectionEngine engine, ServerSocketChannel listener, PeerConnection link, InetAddress loopback,
                                   String nodeName, AtomicReference<ConnectionState> received) throws IOException {
        try (SocketChannel client = SocketChannel.open(listener.getLocalAddress()); SocketChannel server = listener.accept()) {
            client.write(ByteBuffer.allocate(QUEUED));
            server.write(ByteBuffer.allocate(QUEUED));
            int fd = ChannelSocket.fdOf(server);
            // Whatever is still in flight is left out of the dump: the restored socket is consistent in itself, and the
            // warm-up discards it without exchanging data.
            engine.freeze(fd);
            ConnectionState dumped = engine.dump(fd);
            PeerMessage answer = link.call(new HandoffMessage.Prepare(System.nanoTime(), "warmup", loopback, nodeName, new byte[0],
                    List.of(ConnectionStateCodec.encode(dumped))), TIMEOUT);
            if (!(answer instanceof HandoffMessage.Prepared p) || !p.ok()) {
                throw new IOException("the warm-up peer answered " + answer);
            }
            server.close(); // frozen: closing sends nothing, and frees the 4-tuple for the restore
            RestoredConnection restored = engine.restore(received.get());
            restored.activate();
            engine.close(restored.socket().fd());
        }
    }
}
