package eu.xtreemos.ds.tcp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls of the socket engine, bound with JNA direct mapping: a native method per call instead of
 * a call through {@link eu.xtreemos.ds.kernel.LibC}'s interface proxy (reflection and argument conversion
 * on every call). A dump or restore makes a few dozen of them per connection.
 */
final class TcpCalls {
    static {
        Native.register(TcpCalls.class, NativeLibrary.getInstance("c"));
    }

    private TcpCalls() {
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] addr, int len) throws LastErrorException;

    static native int connect(int fd, byte[] addr, int len) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, byte[] value, int[] len) throws LastErrorException;

    static native int getsockname(int fd, byte[] addr, int[] len) throws LastErrorException;

    static native int getpeername(int fd, byte[] addr, int[] len) throws LastErrorException;

    static native int ioctl(int fd, long request, int[] value) throws LastErrorException;

    static native long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    static native long send(int fd, Pointer buf, long len, int flags) throws LastErrorException;
}
