package eu.xtreemos.saga.tcp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening TCP socket whose accept waits at most a given time and ends when the listener is closed from another
 * thread: the accepting half of a SAGA stream server ({@code tcp://} and {@code ds://}).
 */
public final class TcpListener implements Closeable {
    private final ServerSocketChannel channel;
    private final Selector selector;

    /** Listens on {@code address} (port 0: one the kernel picks). */
    public TcpListener(InetSocketAddress address) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        Selector sel = null;
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address, 128);
            ch.configureBlocking(false);
            sel = Selector.open();
            ch.register(sel, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            ch.close();
            if (sel != null) {
                sel.close();
            }
            throw e;
        }
        channel = ch;
        selector = sel;
    }

    /** The address it listens on, with the port the kernel picked. */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * The next connection, or null when none came within {@code timeoutInSeconds} (negative: no limit).
     *
     * @throws ClosedChannelException  the listener was closed before the call
     * @throws ClosedSelectorException the listener was closed while the call waited
     */
    public SocketChannel accept(float timeoutInSeconds) throws IOException {
        long deadline = timeoutInSeconds < 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (timeoutInSeconds * 1e9);
        while (true) {
            SocketChannel ch;
            synchronized (channel) {
                ch = channel.accept();
            }
            if (ch != null) {
                return ch;
            }
            long left = deadline == Long.MAX_VALUE ? 0 : (deadline - System.nanoTime()) / 1_000_000;
            if (deadline != Long.MAX_VALUE && left <= 0) {
                return null;
            }
            selector.selectedKeys().clear();
            selector.select(left);
        }
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
