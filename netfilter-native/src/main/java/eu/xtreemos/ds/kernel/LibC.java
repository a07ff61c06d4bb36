package eu.xtreemos.ds.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls the project needs, bound with JNA direct mapping-free interface calls.
 * Every call throws {@link LastErrorException} on failure (errno in {@code getErrorCode()}).
 */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int AF_UNIX = 1;
    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_STREAM = 1;
    int SOCK_SEQPACKET = 5;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int IPPROTO_TCP = 6;

    int SOL_SOCKET = 1;
    int SO_TYPE = 3;
    int SO_SNDBUF = 7;
    int SO_PEERCRED = 17;
    int SO_PROTOCOL = 38;
    int SO_DOMAIN = 39;
    int SO_PEERGROUPS = 59;
    int SCM_RIGHTS = 1;

    int MSG_CTRUNC = 0x8;
    int MSG_TRUNC = 0x20;
    int MSG_NOSIGNAL = 0x4000;
    int MSG_CMSG_CLOEXEC = 0x40000000;

    int SHUT_RDWR = 2;

    int F_GETFD = 1;
    int F_SETFD = 2;
    int FD_CLOEXEC = 1;

    int CLONE_NEWNET = 0x40000000;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int len) throws LastErrorException;

    int connect(int fd, byte[] addr, int len) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, Pointer addr, Pointer len, int flags) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    /** {@code msg} points to a {@code struct msghdr}; returns the byte count (ssize_t). */
    long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    /** The three-argument form of the variadic {@code fcntl} (int argument). */
    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    int getsockopt(int fd, int level, int name, byte[] value, int[] len) throws LastErrorException;

    int getsockname(int fd, byte[] addr, int[] len) throws LastErrorException;

    int getpeername(int fd, byte[] addr, int[] len) throws LastErrorException;

    int ioctl(int fd, long request, int[] value) throws LastErrorException;

    long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    long send(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    /** With CLONE_NEWNET: the calling thread alone moves to a new, empty network namespace. */
    int unshare(int flags) throws LastErrorException;

    int geteuid();

    String strerror(int errnum);
}
