package eu.xtreemos.ds.rtnl;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls a netlink socket needs, bound with JNA <em>direct mapping</em> (static natives):
 * a route switch is a handful of microseconds of kernel work, so the per-call overhead of JNA's
 * proxy-based interface mapping would show in the figures. Kept apart from
 * {@link eu.xtreemos.ds.kernel.LibC} so that interface stays as it is.
 */
final class NetlinkCalls {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;

    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SOL_NETLINK = 270;
    /** Errors carry only the offending request's header, not the whole request. */
    static final int NETLINK_CAP_ACK = 10;
    /** Errors carry the kernel's message text ("Nexthop has invalid gateway"). */
    static final int NETLINK_EXT_ACK = 11;

    /** recv(2): return the datagram's real length even when it did not fit. */
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    static final int SOCKADDR_NL_LEN = 12;

    static {
        Native.register(NetlinkCalls.class, NativeLibrary.getInstance("c"));
    }

    private NetlinkCalls() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] addr, int len) throws LastErrorException;

    static native int getsockname(int fd, byte[] addr, int[] len) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    static native long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    static native long recv(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
