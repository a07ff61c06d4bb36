package eu.xtreemos.ds.unix;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.kernel.SocketAddresses;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * The one place that turns a raw, connected TCP socket fd (for instance a live connection restored
 * by dsco and passed over its UNIX socket) into a java.nio {@link SocketChannel}.
 *
 * <p>Java has no public API for this. {@link #adopt} does what the JDK's own
 * {@code ServerSocketChannel.accept()} does with a freshly accepted fd: it wraps the int in a
 * {@link FileDescriptor} ({@code sun.nio.ch.IOUtil.newFD}), puts it in blocking mode
 * ({@code IOUtil.configureBlocking}) and calls the package-private constructor
 * {@code sun.nio.ch.SocketChannelImpl(SelectorProvider, ProtocolFamily, FileDescriptor, SocketAddress)},
 * which makes a channel in the connected state. That constructor has the same signature and body
 * in JDK 17 and JDK 25. The result is an ordinary channel: blocking or non-blocking, usable with a
 * {@link java.nio.channels.Selector} of the default provider, and it closes the fd when closed.
 *
 * <p>Needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (nothing else). The reverse,
 * the fd of a channel, is {@link eu.xtreemos.ds.tcp.ChannelSocket#fdOf}.
 */
public final class FdChannels {
    /** The JVM option FdChannels needs. */
    public static final String REQUIRED_OPENS = "--add-opens java.base/sun.nio.ch=ALL-UNNAMED";

    private static volatile Jdk jdk;

    private FdChannels() {
    }

    /**
     * Wraps {@code fd}, a connected TCP socket (IPv4 or IPv6), in a blocking {@link SocketChannel}.
     * Ownership of the fd passes to this method in every case: on success the channel owns it (and
     * closes it when closed); on failure it has been closed.
     *
     * @throws IOException           fd is not an open, connected TCP socket
     * @throws IllegalStateException the JVM lacks {@value #REQUIRED_OPENS}, or this JDK has no
     *                               suitable internal constructor
     */
    public static SocketChannel adopt(int fd) throws IOException {
        if (fd < 0) {
            throw new IllegalArgumentException("invalid fd " + fd);
        }
        try {
            Jdk j = jdk();
            int domain = intOption(fd, LibC.SO_DOMAIN, "SO_DOMAIN");
            int type = intOption(fd, LibC.SO_TYPE, "SO_TYPE");
            int protocol = intOption(fd, LibC.SO_PROTOCOL, "SO_PROTOCOL");
            if ((domain != LibC.AF_INET && domain != LibC.AF_INET6) || type != LibC.SOCK_STREAM
                    || protocol != LibC.IPPROTO_TCP) {
                throw new IOException("fd " + fd + " is not a TCP socket (domain " + domain + ", type " + type
                        + ", protocol " + protocol + ")");
            }
            InetSocketAddress remote = peer(fd);
            LibC.fcntl(fd, LibC.F_SETFD, LibC.FD_CLOEXEC);
            ProtocolFamily family = domain == LibC.AF_INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
            return j.channel(fd, family, remote);
        } catch (LastErrorException e) {
            UnixSeqpacketSocket.closeQuietly(fd);
            throw Errno.exception("fd " + fd, e);
        } catch (IOException | RuntimeException | Error e) {
            UnixSeqpacketSocket.closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Checks now, rather than at the first {@link #adopt}, that this JVM can wrap fds.
     *
     * @throws IllegalStateException with the JVM option to add
     */
    public static void checkAvailable() {
        jdk();
    }

    private static int intOption(int fd, int option, String name) throws IOException {
        byte[] v = new byte[4];
        try {
            LibC.getsockopt(fd, LibC.SOL_SOCKET, option, v, new int[] {4});
        } catch (LastErrorException e) {
            throw new IOException("fd " + fd + " is not a usable socket: getsockopt(" + name + ") failed: "
                    + Errno.describe(e), e);
        }
        return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
    }

    private static InetSocketAddress peer(int fd) throws IOException {
        byte[] sa = new byte[SocketAddresses.MAX_LEN];
        int[] len = {sa.length};
        try {
            LibC.getpeername(fd, sa, len);
        } catch (LastErrorException e) {
            throw Errno.exception("fd " + fd + " is not a connected socket", e);
        }
        return SocketAddresses.decode(sa, len[0]);
    }

    private static Jdk jdk() {
        Jdk j = jdk;
        if (j == null) {
            synchronized (FdChannels.class) {
                j = jdk;
                if (j == null) {
                    j = Jdk.load();
                    jdk = j;
                }
            }
        }
        return j;
    }

    /** The JDK internals, found once. */
    private record Jdk(Method newFD, Method configureBlocking, Constructor<?> constructor) {
        static Jdk load() {
            Module base = Object.class.getModule();
            Module self = FdChannels.class.getModule();
            if (!base.isOpen("sun.nio.ch", self)) {
                throw new IllegalStateException("FdChannels cannot wrap an fd in a SocketChannel: package sun.nio.ch "
                        + "is not open to " + (self.isNamed() ? "module " + self.getName() : "the unnamed module")
                        + "; start the JVM with " + (self.isNamed()
                                ? "--add-opens java.base/sun.nio.ch=" + self.getName() : REQUIRED_OPENS));
            }
            try {
                Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
                Class<?> impl = Class.forName("sun.nio.ch.SocketChannelImpl");
                Method newFD = ioUtil.getDeclaredMethod("newFD", int.class);
                Method configureBlocking = ioUtil.getDeclaredMethod("configureBlocking", FileDescriptor.class,
                        boolean.class);
                Constructor<?> ctor = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                        FileDescriptor.class, SocketAddress.class);
                newFD.setAccessible(true);
                configureBlocking.setAccessible(true);
                ctor.setAccessible(true);
                return new Jdk(newFD, configureBlocking, ctor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("FdChannels cannot wrap an fd in a SocketChannel on this JDK ("
                        + Runtime.version() + "): the internal sun.nio.ch.SocketChannelImpl(SelectorProvider, "
                        + "ProtocolFamily, FileDescriptor, SocketAddress) or IOUtil.newFD/configureBlocking is "
                        + "missing or inaccessible (" + e + "); it is known to work on JDK 17 and 25 with "
                        + REQUIRED_OPENS, e);
            }
        }

        SocketChannel channel(int fd, ProtocolFamily family, InetSocketAddress remote) throws IOException {
            try {
                FileDescriptor fdo = (FileDescriptor) newFD.invoke(null, fd);
                // as ServerSocketChannelImpl.finishAccept: the channel starts in blocking mode
                configureBlocking.invoke(null, fdo, true);
                return (SocketChannel) constructor.newInstance(SelectorProvider.provider(), family, fdo, remote);
            } catch (InvocationTargetException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("cannot wrap fd " + fd + " in a SocketChannel: " + c, c);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot wrap fd " + fd + " in a SocketChannel: " + e, e);
            }
        }
    }
}
