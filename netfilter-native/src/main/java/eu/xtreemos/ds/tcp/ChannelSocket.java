package eu.xtreemos.ds.tcp;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

/**
 * A {@link SocketChannel} the engine can freeze, dump and restore into.
 *
 * <p>Java has no public way to turn a raw fd into a SocketChannel, so the engine does not need one: a
 * restored connection is built inside a channel Java created itself — the engine applies the repair
 * calls to the channel's own fd and lets the channel do {@code bind} and {@code connect}, so it knows
 * it is connected. Reading that fd ({@link #fdOf}) needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}. (An application that is handed a live socket
 * as a raw fd, from dsco, wraps it with {@link eu.xtreemos.ds.unix.FdChannels}.)
 */
public final class ChannelSocket implements RepairableSocket {
    private static final Field FD_VAL = fdField();

    private final SocketChannel channel;

    public ChannelSocket(SocketChannel channel) {
        this.channel = channel;
    }

    /** A new blocking channel of the right family to restore a connection into. */
    public static ChannelSocket open(boolean ipv4) throws IOException {
        return new ChannelSocket(SocketChannel.open(ipv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6));
    }

    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int fd() {
        return fdOf(channel);
    }

    @Override
    public void bind(InetSocketAddress local) throws IOException {
        channel.bind(local);
    }

    @Override
    public void connect(InetSocketAddress remote) throws IOException {
        channel.connect(remote);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The kernel fd behind a channel. */
    public static int fdOf(SocketChannel ch) {
        try {
            return FD_VAL.getInt(ch);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field fdField() {
        try {
            Class<?> impl = Class.forName("sun.nio.ch.SocketChannelImpl");
            Field f = impl.getDeclaredField("fdVal");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the fd of a SocketChannel: start the JVM with "
                    + "--add-opens java.base/sun.nio.ch=ALL-UNNAMED (" + e + ")", e);
        }
    }
}
