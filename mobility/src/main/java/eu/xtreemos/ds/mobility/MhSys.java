package eu.xtreemos.ds.mobility;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** The libc calls of {@link MhSocket} (JNA direct mapping); each throws LastErrorException on failure. */
final class MhSys {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_MH = 135;
    static final int IPV6_CHECKSUM = 7;
    static final int SOL_SOCKET = 1;
    static final int SO_MARK = 36;
    static final short POLLIN = 0x1;
    static final int EINTR = 4;

    private MhSys() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] addr, int len) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, int[] value, int len) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, int[] value, int[] len) throws LastErrorException;

    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen)
            throws LastErrorException;

    static native long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, int[] addrLen)
            throws LastErrorException;

    /** {@code fds}: {@code nfds} {@code struct pollfd} (int fd; short events; short revents), native order. */
    static native int poll(byte[] fds, long nfds, int timeout) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native String strerror(int errnum);

    static String describe(LastErrorException e) {
        return strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")";
    }
}
