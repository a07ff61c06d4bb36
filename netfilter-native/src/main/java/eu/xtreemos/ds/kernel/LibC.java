package eu.xtreemos.ds.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The project's one binding of libc, with JNA direct mapping (a static native per call: no proxy, no
 * reflection per call; dump, restore and the per-packet path make many of them), and the one place every
 * libc and Linux uapi constant is declared (x86-64 / generic values; errno values are in {@link Errno}).
 *
 * <p>A call that fails throws {@link LastErrorException}; turn it into an {@link ErrnoException} naming the
 * call with {@link Errno#exception}. Most callers should not use this class directly but {@link LinuxSocket}.
 */
public final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    /**
     * The calls are static; this instance only keeps {@code LibC.call(...)} call sites compiling.
     *
     * @deprecated call the static methods
     */
    @Deprecated
    public static final LibC INSTANCE = new LibC();

    // <sys/socket.h>: address families and socket types
    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;

    // <netinet/in.h>: protocols
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ROUTING = 43;
    public static final int IPPROTO_DSTOPTS = 60;
    /** The Mobility Header (RFC 6275). */
    public static final int IPPROTO_MH = 135;
    public static final int IPPROTO_RAW = 255;

    // option levels
    public static final int SOL_IP = 0;
    public static final int SOL_SOCKET = 1;
    public static final int SOL_TCP = 6;
    public static final int SOL_IPV6 = 41;
    public static final int SOL_NETLINK = 270;

    // SOL_SOCKET options
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_PEERCRED = 17;
    public static final int SO_RCVTIMEO = 20;
    /** SO_SNDBUF beyond net.core.wmem_max; needs CAP_NET_ADMIN. */
    public static final int SO_SNDBUFFORCE = 32;
    /** SO_RCVBUF beyond net.core.rmem_max; needs CAP_NET_ADMIN. */
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_MARK = 36;
    public static final int SO_PROTOCOL = 38;
    public static final int SO_DOMAIN = 39;
    public static final int SO_PEERGROUPS = 59;
    public static final int SCM_RIGHTS = 1;

    // SOL_IP and SOL_IPV6 options
    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_HDRINCL = 3;
    public static final int IPV6_CHECKSUM = 7;
    public static final int IPV6_UNICAST_HOPS = 16;
    /** A per-socket XFRM policy ({@code struct xfrm_userpolicy_info}, linux/in6.h). */
    public static final int IPV6_XFRM_POLICY = 35;
    public static final int IPV6_HDRINCL = 36;
    public static final int IPV6_TCLASS = 67;

    // SOL_TCP options (linux/tcp.h)
    public static final int TCP_NODELAY = 1;
    public static final int TCP_MAXSEG = 2;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_INFO = 11;
    public static final int TCP_CONGESTION = 13;
    public static final int TCP_REPAIR = 19;
    public static final int TCP_REPAIR_QUEUE = 20;
    public static final int TCP_QUEUE_SEQ = 21;
    public static final int TCP_REPAIR_OPTIONS = 22;
    public static final int TCP_TIMESTAMP = 24;
    public static final int TCP_REPAIR_WINDOW = 29;
    /** TCP_REPAIR_QUEUE values. */
    public static final int TCP_RECV_QUEUE = 1;
    public static final int TCP_SEND_QUEUE = 2;
    /** Option kinds for TCP_REPAIR_OPTIONS. */
    public static final int TCPOPT_MAXSEG = 2;
    public static final int TCPOPT_WINDOW = 3;
    public static final int TCPOPT_SACK_PERM = 4;
    public static final int TCPOPT_TIMESTAMP = 8;
    /** Longest congestion-control name, with its NUL. */
    public static final int TCP_CA_NAME_MAX = 16;

    // ioctls on sockets
    /** Bytes in the receive queue. */
    public static final long SIOCINQ = 0x541B;
    /** Bytes in the send queue (unacknowledged and unsent). */
    public static final long SIOCOUTQ = 0x5411;
    /** Bytes in the send queue never sent. */
    public static final long SIOCOUTQNSD = 0x894B;

    // send and recv flags
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    public static final int SHUT_RDWR = 2;

    // netlink (linux/netlink.h)
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_XFRM = 6;
    public static final int NETLINK_NETFILTER = 12;
    /** Errors carry only the offending request's header, not the whole request. */
    public static final int NETLINK_CAP_ACK = 10;
    /** Errors carry the kernel's message text ("Nexthop has invalid gateway"). */
    public static final int NETLINK_EXT_ACK = 11;

    // files, descriptors, namespaces, poll
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int FD_CLOEXEC = 1;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final short POLLIN = 0x1;

    private LibC() {
    }

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native int bind(int fd, byte[] addr, int len) throws LastErrorException;

    public static native int connect(int fd, byte[] addr, int len) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native int listen(int fd, int backlog) throws LastErrorException;

    public static native int accept4(int fd, Pointer addr, Pointer len, int flags) throws LastErrorException;

    public static native int shutdown(int fd, int how) throws LastErrorException;

    /** {@code msg} points to a {@code struct msghdr}; returns the byte count (ssize_t). */
    public static native long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    public static native long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    /** The three-argument form of the variadic {@code fcntl} (int argument). */
    public static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, int[] value, int len) throws LastErrorException;

    public static native int getsockopt(int fd, int level, int name, byte[] value, int[] len) throws LastErrorException;

    public static native int getsockopt(int fd, int level, int name, int[] value, int[] len) throws LastErrorException;

    public static native int getsockname(int fd, byte[] addr, int[] len) throws LastErrorException;

    public static native int getpeername(int fd, byte[] addr, int[] len) throws LastErrorException;

    public static native int ioctl(int fd, long request, int[] value) throws LastErrorException;

    public static native long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    public static native long recv(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    public static native long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, int[] addrLen)
            throws LastErrorException;

    public static native long send(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    public static native long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    public static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen)
            throws LastErrorException;

    /** {@code fds} points at {@code nfds} {@code struct pollfd} (int fd; short events; short revents). */
    public static native int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

    /** {@code fds}: {@code nfds} {@code struct pollfd} in native order. */
    public static native int poll(byte[] fds, long nfds, int timeout) throws LastErrorException;

    public static native int eventfd(int initval, int flags) throws LastErrorException;

    public static native long write(int fd, byte[] buf, long n) throws LastErrorException;

    public static native int open(String path, int flags) throws LastErrorException;

    public static native int setns(int fd, int nstype) throws LastErrorException;

    /** With CLONE_NEWNET: the calling thread alone moves to a new, empty network namespace. */
    public static native int unshare(int flags) throws LastErrorException;

    public static native int geteuid();

    public static native String strerror(int errnum);

    /** Frees what a C library returned from malloc. */
    public static native void free(Pointer p);

    /**
     * Looks a user up through NSS ({@code /etc/nsswitch.conf}: files, LDAP, sssd…); returns 0 and sets
     * {@code *result} (NULL when there is no such user), or an errno value (ERANGE: {@code buf} too small).
     */
    public static native int getpwnam_r(String name, Pointer pwd, Pointer buf, long buflen, Pointer result);

    /** {@link #getpwnam_r} for groups. */
    public static native int getgrnam_r(String name, Pointer grp, Pointer buf, long buflen, Pointer result);
}
