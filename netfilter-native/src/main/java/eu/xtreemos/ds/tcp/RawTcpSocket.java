package eu.xtreemos.ds.tcp;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.kernel.SocketAddresses;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A TCP socket owned as a bare file descriptor (for daemons that pass fds on, not for Java I/O). */
public final class RawTcpSocket implements RepairableSocket {
    private final int fd;
    private boolean closed;

    private RawTcpSocket(int fd) {
        this.fd = fd;
    }

    public static RawTcpSocket open(boolean ipv4) throws IOException {
        try {
            return new RawTcpSocket(TcpCalls.socket(ipv4 ? LibC.AF_INET : LibC.AF_INET6, LibC.SOCK_STREAM, 0));
        } catch (LastErrorException e) {
            throw new IOException("socket() failed: " + Errno.describe(e), e);
        }
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void bind(InetSocketAddress local) throws IOException {
        byte[] sa = SocketAddresses.encode(local);
        try {
            TcpCalls.bind(fd, sa, sa.length);
        } catch (LastErrorException e) {
            throw new IOException("bind(" + local + ") failed: " + Errno.describe(e), e);
        }
    }

    @Override
    public void connect(InetSocketAddress remote) throws IOException {
        byte[] sa = SocketAddresses.encode(remote);
        try {
            TcpCalls.connect(fd, sa, sa.length);
        } catch (LastErrorException e) {
            throw new IOException("connect(" + remote + ") failed: " + Errno.describe(e), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            TcpCalls.close(fd);
        }
    }
}
