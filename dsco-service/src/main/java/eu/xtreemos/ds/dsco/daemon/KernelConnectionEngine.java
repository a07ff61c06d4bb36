package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.handoff.ConnectionEngine;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.RawTcpSocket;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.SocketEngine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The handoff's {@link ConnectionEngine} on the kernel's TCP_REPAIR, through netfilter-native's {@link SocketEngine}. */
final class KernelConnectionEngine implements ConnectionEngine {
    @Override
    public boolean flush(int fd, Duration timeout) {
        return SocketEngine.awaitSent(fd, timeout);
    }

    @Override
    public long queuedBytes(int fd) {
        return (long) SocketEngine.sendQueueBytes(fd) + SocketEngine.receiveQueueBytes(fd);
    }

    @Override
    public InetSocketAddress[] endpoints(int fd) {
        return SocketEngine.endpoints(fd);
    }

    @Override
    public SocketEngine.PeerProgress peerProgress(int fd) {
        return SocketEngine.peerProgress(fd);
    }

    @Override
    public void freeze(int fd) {
        SocketEngine.freeze(fd);
    }

    @Override
    public boolean frozen(int fd) {
        return SocketEngine.frozen(fd);
    }

    @Override
    public void unfreeze(int fd) {
        SocketEngine.unfreeze(fd);
    }

    @Override
    public ConnectionState dump(int fd) {
        return SocketEngine.dump(fd);
    }

    @Override
    public RestoredConnection restore(ConnectionState state) throws IOException {
        return SocketEngine.restore(state, RawTcpSocket.open(state.ipv4()));
    }

    @Override
    public void protect(int fd, int bytes, String congestion) {
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, new int[] {bytes}, 4);
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, new int[] {bytes}, 4);
        byte[] name = congestion.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        LibC.setsockopt(fd, LibC.SOL_TCP, LibC.TCP_CONGESTION, name, name.length);
    }

    @Override
    public void close(int fd) {
        LibC.close(fd);
    }
}
