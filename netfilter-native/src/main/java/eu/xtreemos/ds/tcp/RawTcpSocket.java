package eu.xtreemos.ds.tcp;


import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.kernel.LinuxSocket;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A TCP socket owned as a bare file descriptor (for daemons that pass fds on, not for Java I/O). */
public final class RawTcpSocket implements RepairableSocket {
    private final LinuxSocket socket;
    private boolean closed;

    private RawTcpSocket(LinuxSocket socket) {
        this.socket = socket;
    }

    public static RawTcpSocket open(boolean ipv4) throws IOException {
        return new RawTcpSocket(LinuxSocket.open(ipv4 ? LibC.AF_INET : LibC.AF_INET6, LibC.SOCK_STREAM, 0));
    }

    @Override
    public int fd() {
        return socket.fd();
    }

    @Override
    public void bind(InetSocketAddress local) throws IOException {
        socket.bind(local);
    }

    @Override
    public void connect(InetSocketAddress remote) throws IOException {
        socket.connect(remote);
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }
}
