package eu.xtreemos.ds.unix;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A listening AF_UNIX SOCK_SEQPACKET socket bound to a filesystem path.
 *
 * <pre>{@code
 * try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(path, 0660, limits)) {
 *     server.listen();
 *     UnixSeqpacketSocket client = server.accept();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #bind} sets the socket file's mode before {@link #listen} is called, and a UNIX socket
 * accepts no connection before listen, so there is no window in which a connect could get through
 * with the wider mode the umask gave the new file. The directory holding the socket should not be
 * writable by untrusted users (the mode is set by path).
 *
 * <p>{@link #close()} wakes a thread blocked in {@link #accept()} and removes the socket file if it
 * is still the one this server created.
 */
public final class UnixSeqpacketServer implements Closeable {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final SocketFd fd;
    private final Path path;
    private final UnixSocketLimits limits;
    /** dev and inode of the socket file this server created, to remove only that one on close. */
    private final Object fileKey;

    private UnixSeqpacketServer(int fd, Path path, UnixSocketLimits limits, Object fileKey) {
        this.fd = new SocketFd(fd);
        this.path = path;
        this.limits = limits;
        this.fileKey = fileKey;
    }

    /** {@link #bind(Path, int, UnixSocketLimits)} with mode 0600 and the default limits. */
    public static UnixSeqpacketServer bind(Path path) throws IOException {
        return bind(path, 0600, UnixSocketLimits.DEFAULT);
    }

    /**
     * Creates a socket bound to {@code path}, with file mode {@code mode} (permission bits only; a
     * client needs write permission to connect). If {@code path} exists:
     * <ul>
     * <li>not a socket (a regular file, directory, symlink...): refused, the file is left alone;
     * <li>a socket something is listening on: refused;
     * <li>a stale socket (connect is refused: its owner is gone): removed and replaced.
     * </ul>
     * Accepted sockets get {@code limits}.
     */
    public static UnixSeqpacketServer bind(Path path, int mode, UnixSocketLimits limits) throws IOException {
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("mode must be permission bits (0 .. 0777): 0" + Integer.toOctalString(mode));
        }
        byte[] sa = MsgHdr.sockaddr(path);
        removeIfStale(path, sa);
        int fd = UnixSeqpacketSocket.newSocket(0);
        boolean bound = false;
        try {
            try {
                LibC.bind(fd, sa, sa.length);
            } catch (LastErrorException e) {
                throw Errno.exception(e.getErrorCode() == Errno.EADDRINUSE
                        ? "cannot bind " + path + ": it was created again meanwhile (another server starting?)"
                        : "cannot bind " + path, e);
            }
            bound = true;
            Files.setPosixFilePermissions(path, permissions(mode));
            Object key = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            return new UnixSeqpacketServer(fd, path, limits, key);
        } catch (IOException | RuntimeException e) {
            UnixSeqpacketSocket.closeQuietly(fd);
            if (bound) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
    }

    /** The fd number (for tests). */
    int fd() {
        return fd.fd();
    }

    public Path path() {
        return path;
    }

    /** {@link #listen(int)} with a backlog of 64. */
    public void listen() throws IOException {
        listen(64);
    }

    /** Starts accepting connections (until now every connect was refused). */
    public void listen(int backlog) throws IOException {
        try {
            fd.call(f -> LibC.listen(f, backlog));
        } catch (LastErrorException e) {
            throw Errno.exception("listen on " + path, e);
        }
    }

    /**
     * Waits for the next connection.
     *
     * @throws AsynchronousCloseException the server was closed while waiting
     */
    public UnixSeqpacketSocket accept() throws IOException {
        while (true) {
            int s;
            try {
                s = fd.call(f -> LibC.accept4(f, null, null, LibC.SOCK_CLOEXEC));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.ECONNABORTED) {
                    continue; // the client gave up before we got to it
                }
                throw Errno.exception("accept on " + path, e, Errno.EINVAL, "listen() not called?");
            }
            try {
                return new UnixSeqpacketSocket(s, limits);
            } catch (RuntimeException e) {
                UnixSeqpacketSocket.closeQuietly(s);
                throw e;
            }
        }
    }

    /**
     * Stops listening, waking a thread blocked in {@link #accept()}, and removes the socket file if
     * it is still the one this server created. Idempotent.
     */
    @Override
    public void close() {
        if (fd.isClosing()) {
            return;
        }
        fd.close();
        try {
            Object now = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            if (now != null && now.equals(fileKey)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // already gone, or not ours to remove
        }
    }

    @Override
    public String toString() {
        return "UnixSeqpacketServer[" + path + ", " + fd + "]";
    }

    /**
     * Removes {@code path} if it is a socket nobody listens on; refuses anything else that exists
     * there. Whether something listens is found by connecting (non-blocking, so a listener with a
     * full backlog does not hold us up).
     */
    private static void removeIfStale(Path path, byte[] sa) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "exists and is not a socket (" + kind(mode) + "); refusing to replace it");
        }
        int probe = UnixSeqpacketSocket.newSocket(LibC.SOCK_NONBLOCK);
        try {
            LibC.connect(probe, sa, sa.length);
            throw new IOException("cannot bind " + path + ": another process is listening on it");
        } catch (LastErrorException e) {
            switch (e.getErrorCode()) {
                case Errno.ECONNREFUSED -> Files.deleteIfExists(path); // stale: its server is gone
                case Errno.ENOENT -> { } // removed meanwhile
                case Errno.EAGAIN -> throw new IOException("cannot bind " + path
                        + ": another process is listening on it (its backlog is full)", e);
                case Errno.EPROTOTYPE -> throw new IOException("cannot bind " + path
                        + ": another process is listening on it with another socket type (not SOCK_SEQPACKET)", e);
                default -> throw new IOException("cannot bind " + path + ": cannot tell whether the existing socket"
                        + " is in use (" + Errno.describe(e) + "); remove it by hand if it is stale", e);
            }
        } finally {
            UnixSeqpacketSocket.closeQuietly(probe);
        }
    }

    private static String kind(int mode) {
        return switch (mode & S_IFMT) {
            case 0100000 -> "a regular file";
            case 0040000 -> "a directory";
            case 0120000 -> "a symbolic link";
            case 0010000 -> "a FIFO";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            default -> "file type 0" + Integer.toOctalString(mode & S_IFMT);
        };
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Map<Integer, PosixFilePermission> bits = Map.of(
                0400, PosixFilePermission.OWNER_READ, 0200, PosixFilePermission.OWNER_WRITE,
                0100, PosixFilePermission.OWNER_EXECUTE, 040, PosixFilePermission.GROUP_READ,
                020, PosixFilePermission.GROUP_WRITE, 010, PosixFilePermission.GROUP_EXECUTE,
                04, PosixFilePermission.OTHERS_READ, 02, PosixFilePermission.OTHERS_WRITE,
                01, PosixFilePermission.OTHERS_EXECUTE);
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        bits.forEach((bit, p) -> {
            if ((mode & bit) != 0) {
                set.add(p);
            }
        });
        return set;
    }
}
