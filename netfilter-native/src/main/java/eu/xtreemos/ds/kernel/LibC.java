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

    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_STREAM = 1;
    int CLONE_NEWNET = 0x40000000;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int len) throws LastErrorException;

    int connect(int fd, byte[] addr, int len) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    int getsockopt(int fd, int level, int name, byte[] value, int[] len) throws LastErrorException;

    int getsockname(int fd, byte[] addr, int[] len) throws LastErrorException;

    int getpeername(int fd, byte[] addr, int[] len) throws LastErrorException;

    int ioctl(int fd, long request, int[] value) throws LastErrorException;

    long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    long send(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int geteuid();

    String strerror(int errnum);
}
