package eu.xtreemos.ds.unix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A connected AF_UNIX SOCK_SEQPACKET socket: reliable, ordered, connection-oriented, and it keeps
 * message boundaries, so one {@link #send} is one {@link #receive}. Messages may carry fds
 * (SCM_RIGHTS). Obtained from {@link #connect} or {@link UnixSeqpacketServer#accept()}.
 *
 * <p>All calls block. {@link #close()} from another thread wakes a blocked {@link #receive} or
 * {@link #send} (they throw {@link AsynchronousCloseException}); {@link Thread#interrupt()} does
 * not. Several threads may send (each message is atomic) and receive at once.
 */
public final class UnixSeqpacketSocket implements Closeable {
    private static final int NGROUPS_MAX = 65536;

    private final SocketFd fd;
    private final UnixSocketLimits limits;

    UnixSeqpacketSocket(int fd, UnixSocketLimits limits) {
        this.fd = new SocketFd(fd);
        this.limits = limits;
        fitSendBuffer(fd, limits.maxMessageSize());
    }

    /** Connects to the server socket at {@code path}, with the {@link UnixSocketLimits#DEFAULT} limits. */
    public static UnixSeqpacketSocket connect(Path path) throws IOException {
        return connect(path, UnixSocketLimits.DEFAULT);
    }

    public static UnixSeqpacketSocket connect(Path path, UnixSocketLimits limits) throws IOException {
        byte[] sa = MsgHdr.sockaddr(path);
        int fd = newSocket(0);
        try {
            while (true) {
                try {
                    LibC.connect(fd, sa, sa.length);
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINTR) {
                        throw connectFailure(path, e);
                    }
                }
            }
            return new UnixSeqpacketSocket(fd, limits);
        } catch (IOException | RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    /** The fd number (for tests). */
    int fd() {
        return fd.fd();
    }

    public UnixSocketLimits limits() {
        return limits;
    }

    /**
     * Sends one message, with {@code fds} attached (SCM_RIGHTS). The fds stay open and owned by the
     * caller: the receiver gets its own copies. Blocks while the peer's queue is full.
     *
     * @throws IllegalArgumentException the message is empty or longer than
     *         {@link UnixSocketLimits#maxMessageSize()}, or there are more fds than
     *         {@link UnixSocketLimits#maxFds()}; nothing is sent
     */
    public void send(byte[] message, int... fds) throws IOException {
        if (message.length == 0) {
            throw new IllegalArgumentException("empty message (a zero-length read means end of stream)");
        }
        if (message.length > limits.maxMessageSize()) {
            throw new IllegalArgumentException("message of " + message.length + " bytes is longer than the limit of "
                    + limits.maxMessageSize() + " bytes");
        }
        if (fds.length > limits.maxFds()) {
            throw new IllegalArgumentException("too many fds for one message: " + fds.length + ", the limit is "
                    + limits.maxFds());
        }
        for (int f : fds) {
            if (f < 0) {
                throw new IllegalArgumentException("invalid fd " + f);
            }
        }
        Memory data = new Memory(message.length);
        data.write(0, message, 0, message.length);
        MsgHdr hdr = new MsgHdr(data, fds.length == 0 ? null : MsgHdr.rights(fds));
        long sent;
        try {
            sent = fd.call(f -> LibC.sendmsg(f, hdr.msg, LibC.MSG_NOSIGNAL));
        } catch (LastErrorException e) {
            throw switch (e.getErrorCode()) {
                case Errno.EPIPE, Errno.ECONNRESET, Errno.ENOTCONN ->
                        Errno.exception("peer closed the connection", e);
                case Errno.EMSGSIZE -> new IOException("message of " + message.length
                        + " bytes does not fit the socket send buffer (SO_SNDBUF " + sendBuffer(fd.fd())
                        + "): " + Errno.describe(e), e);
                case Errno.EBADF -> Errno.exception("an fd to send is not open (" + Arrays.toString(fds) + ")", e);
                default -> Errno.exception("sendmsg", e);
            };
        } finally {
            Reference.reachabilityFence(hdr);
            hdr.free();
        }
        if (sent != message.length) { // SOCK_SEQPACKET sends all or nothing
            throw new IOException("sendmsg sent " + sent + " of " + message.length + " bytes");
        }
    }

    /** {@link #receive(int)} with the socket's {@link UnixSocketLimits#maxMessageSize()}. */
    public UnixMessage receive() throws IOException {
        return receive(limits.maxMessageSize());
    }

    /**
     * Receives the next message, blocking until one arrives.
     *
     * @return the message (close it, or take its fds), or {@code null} at end of stream (the peer
     *         closed or shut down the connection)
     * @throws MessageRejectedException the message was longer than {@code maxSize}, or carried more
     *         than {@link UnixSocketLimits#maxFds()} fds: it is discarded, its fds are closed, and the
     *         next call reads the next message
     * @throws AsynchronousCloseException this socket was closed while waiting
     */
    public UnixMessage receive(int maxSize) throws IOException {
        if (maxSize < 1 || maxSize > limits.maxMessageSize()) {
            throw new IllegalArgumentException("maxSize must be 1.." + limits.maxMessageSize() + ": " + maxSize);
        }
        Memory data = new Memory(maxSize);
        // room for maxFds fds; at least one, so an unexpected fd is received and closed rather than
        // dropped silently by the kernel
        Memory control = new Memory(MsgHdr.cmsgSpace(4 * Math.max(1, limits.maxFds())));
        control.clear();
        MsgHdr hdr = new MsgHdr(data, control);
        long n;
        try {
            // MSG_TRUNC: the return value is the real length of the message even when it was cut
            n = fd.call(f -> LibC.recvmsg(f, hdr.msg, LibC.MSG_CMSG_CLOEXEC | LibC.MSG_TRUNC));
        } catch (LastErrorException e) {
            throw Errno.exception(e.getErrorCode() == Errno.ECONNRESET ? "recvmsg (connection reset by peer)" : "recvmsg", e);
        } finally {
            Reference.reachabilityFence(hdr);
        }
        int[] fds;
        int flags;
        byte[] bytes;
        try {
            fds = hdr.receivedFds();
            flags = hdr.flags();
            bytes = n > 0 && n <= maxSize ? data.getByteArray(0, (int) n) : null;
        } finally {
            hdr.free();
        }
        try {
            String problem = null;
            if ((flags & LibC.MSG_CTRUNC) != 0 || fds.length > limits.maxFds()) {
                problem = "it carried more fds than the limit of " + limits.maxFds();
            }
            if ((flags & LibC.MSG_TRUNC) != 0 || n > maxSize) {
                problem = (problem == null ? "" : problem + ", and ") + "it is " + n
                        + " bytes long, longer than the limit of " + maxSize + " bytes";
            }
            if (problem != null) {
                throw new MessageRejectedException("message rejected and discarded: " + problem
                        + (fds.length > 0 ? " (the " + fds.length + " fds received were closed)" : ""));
            }
            if (n == 0) {
                if (fd.isClosing()) {
                    throw new AsynchronousCloseException();
                }
                if (fds.length > 0) {
                    throw new MessageRejectedException("empty message rejected (it carried " + fds.length
                            + " fds, now closed)");
                }
                return null;
            }
            return new UnixMessage(bytes, fds);
        } catch (IOException | RuntimeException | Error e) {
            UnixMessage.closeAll(fds);
            throw e;
        }
    }

    /** The peer's pid, uid and gid as of connect time ({@code SO_PEERCRED}). */
    public PeerCredentials peerCredentials() throws IOException {
        byte[] ucred = new byte[12];
        int[] len = {ucred.length};
        try {
            fd.call(f -> LibC.getsockopt(f, LibC.SOL_SOCKET, LibC.SO_PEERCRED, ucred, len));
        } catch (LastErrorException e) {
            throw Errno.exception("getsockopt(SO_PEERCRED)", e);
        }
        ByteBuffer b = ByteBuffer.wrap(ucred).order(ByteOrder.nativeOrder());
        return new PeerCredentials(b.getInt(), b.getInt(), b.getInt());
    }

    /**
     * The peer's supplementary groups as of connect time ({@code SO_PEERGROUPS}, Linux 4.13+),
     * in this process's user namespace. Unlike {@link PeerCredentials#supplementaryGroupsFromProc()}
     * this cannot race with the peer changing its groups or exiting.
     */
    public int[] peerGroups() throws IOException {
        int size = 64 * 4;
        while (true) {
            byte[] buf = new byte[size];
            int[] len = {size};
            try {
                fd.call(f -> LibC.getsockopt(f, LibC.SOL_SOCKET, LibC.SO_PEERGROUPS, buf, len));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.ERANGE && size < NGROUPS_MAX * 4) {
                    // the kernel reports the size it needs in len; fall back to the largest possible
                    size = len[0] > size ? len[0] : NGROUPS_MAX * 4;
                    continue;
                }
                throw Errno.exception("getsockopt(SO_PEERGROUPS)", e);
            }
            int[] groups = new int[len[0] / 4];
            ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).asIntBuffer().get(groups);
            return groups;
        }
    }

    /** Closes the socket; a thread blocked in {@link #receive} or {@link #send} wakes up. Idempotent. */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "UnixSeqpacketSocket[" + fd + "]";
    }

    // --- helpers shared with UnixSeqpacketServer ---

    static int newSocket(int extraFlags) throws IOException {
        try {
            return LibC.socket(LibC.AF_UNIX, LibC.SOCK_SEQPACKET | LibC.SOCK_CLOEXEC | extraFlags, 0);
        } catch (LastErrorException e) {
            throw Errno.exception("socket(AF_UNIX, SOCK_SEQPACKET)", e);
        }
    }

    static void closeQuietly(int fd) {
        UnixMessage.closeAll(new int[] {fd});
    }

    private static IOException connectFailure(Path path, LastErrorException e) {
        String why = switch (e.getErrorCode()) {
            case Errno.ENOENT -> "no socket at " + path;
            case Errno.ECONNREFUSED -> "nothing is listening on " + path;
            case Errno.EACCES, Errno.EPERM -> "no permission to connect to " + path;
            case Errno.EPROTOTYPE -> path + " is not a SOCK_SEQPACKET socket";
            default -> "cannot connect to " + path;
        };
        return Errno.exception(why, e);
    }

    /** Makes sure a message of {@code maxMessageSize} fits the send buffer (best effort). */
    private static void fitSendBuffer(int fd, int maxMessageSize) {
        int needed = maxMessageSize + 4096; // room for the skb overhead the kernel counts against it
        if (sendBuffer(fd) >= needed) {
            return;
        }
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(needed).array();
        try {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, v, v.length);
        } catch (LastErrorException ignored) {
            // an oversized send then fails with a clear EMSGSIZE message
        }
    }

    private static int sendBuffer(int fd) {
        byte[] v = new byte[4];
        try {
            LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, v, new int[] {4});
        } catch (LastErrorException e) {
            return -1;
        }
        return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
    }
}
