package eu.xtreemos.ds.dsco.peer;

import java.io.Closeable;
import java.io.IOException;
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
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(to, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return new PeerConnection(SecureChannel.open(s, clusterKey, ownName, true, MAX_FRAME));
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
