package eu.xtreemos.ds.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A fresh, unconnected TCP socket that the engine restores a connection into. Binding and connecting
 * go through the owner of the socket (a raw fd, or a java.nio channel that must learn it is connected);
 * everything else the engine does on {@link #fd()} directly.
 */
public interface RepairableSocket extends AutoCloseable {
    int fd();

    void bind(InetSocketAddress local) throws IOException;

    void connect(InetSocketAddress remote) throws IOException;

    @Override
    void close() throws IOException;
}
