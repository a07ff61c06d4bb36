package eu.xtreemos.ds.dsco.peer;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** The calling side of a cluster link: one request, one answer, each within a timeout. */
public final class PeerConnection implements Closeable {
    public static final int MAX_FRAME = 96 << 20;

    private final SecureChannel channel;

    private PeerConnection(SecureChannel channel) {
        this.channel = channel;
    }

    /** Connects and authenticates; the calling thread must be in the node's network namespace. */
    public static PeerConnection open(InetSocketAddress to, byte[] clusterKey, String ownName, Duration timeout) throws IOException {
        return open(to, null, ClusterKeys.of(clusterKey), ownName, timeout);
    }

    /**
     * Like {@link #open(InetSocketAddress, byte[], String, Duration)}, with the keys a node holds during a rotation, from the node's own address {@code from}
     * (when it is of the destination's family): the kernel must not pick the source. A service address marked as a
     * Mobile IPv6 home address would win source address selection (RFC 6724 rule 4), and the answer to it would go
     * to the peer's own copy of the service address instead of back here.
     */
    public static PeerConnection open(InetSocketAddress to, InetAddress from, ClusterKeys keys, String ownName, Duration timeout)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (from != null && to.getAddress() != null && from.getClass() == to.getAddress().getClass()) {
                s.bind(new InetSocketAddress(from, 0));
            }
            s.connect(to, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return new PeerConnection(SecureChannel.open(s, keys, ownName, true, MAX_FRAME));
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    public String peerName() {
        return channel.peerName();
    }

    /** Sends {@code m} and waits at most {@code timeout} for the answer. */
    public PeerMessage call(PeerMessage m, Duration timeout) throws IOException {
        channel.socket().setSoTimeout((int) Math.max(1, timeout.toMillis()));
        channel.send(PeerMessage.encode(m));
        try {
            return PeerMessage.decode(channel.receive());
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no answer from " + channel.peerName() + " within " + timeout.toMillis() + " ms");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
