package eu.xtreemos.ds.nfq;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls of the packet filter, bound with JNA <em>direct</em> mapping: these are on the per-packet
 * path (poll, recv, send), where direct mapping costs about a microsecond less per call than
 * {@link eu.xtreemos.ds.kernel.LibC}'s interface mapping. Every call throws {@link LastErrorException} on
 * failure (errno in {@code getErrorCode()}).
 */
final class Sys {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_RAW = 255;
    static final int IP_HDRINCL = 3;
    static final int IPV6_HDRINCL = 36;
    static final int NETLINK_NETFILTER = 12;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;
    static final int SOL_NETLINK = 270;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final int EFD_CLOEXEC = 0x80000;
    static final short POLLIN = 0x1;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOENT = 2;
    static final int ENOBUFS = 105;

    private Sys() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] addr, int len) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, int[] value, int len) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, int[] value, int[] len) throws LastErrorException;

    static native long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen) throws LastErrorException;

    static native long recv(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    /** {@code fds} points at {@code nfds} {@code struct pollfd} (int fd; short events; short revents). */
    static native int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

    static native int eventfd(int initval, int flags) throws LastErrorException;

    static native long write(int fd, byte[] buf, long n) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native String strerror(int errnum);

    static String describe(LastErrorException e) {
        return strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")";
    }
}
