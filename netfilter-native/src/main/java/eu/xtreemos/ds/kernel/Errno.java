package eu.xtreemos.ds.kernel;

import com.sun.jna.LastErrorException;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * errno values (Linux, asm-generic/errno*.h), their names, and the one way a failed libc call becomes an
 * exception: {@link #exception} gives an {@link ErrnoException} whose message names the call, the error
 * and its symbol ("setsockopt(TCP_REPAIR): Operation not permitted (EPERM)").
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int ENOTSOCK = 88;
    public static final int EMSGSIZE = 90;
    public static final int EPROTOTYPE = 91;
    public static final int ENOPROTOOPT = 92;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETUNREACH = 101;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTUNREACH = 113;

    private static final Map<Integer, String> NAMES = names();

    private Errno() {
    }

    /** "EPERM", or "errno 4711" for a value not declared here. */
    public static String name(int errno) {
        String n = NAMES.get(errno);
        return n != null ? n : "errno " + errno;
    }

    /** "Invalid argument (EINVAL)". */
    public static String describe(int errno) {
        return LibC.strerror(errno) + " (" + name(errno) + ")";
    }

    public static String describe(LastErrorException e) {
        return describe(e.getErrorCode());
    }

    /** The failure of {@code call} (as the message should name it: "setsockopt(TCP_REPAIR)"). */
    public static ErrnoException exception(String call, LastErrorException e) {
        return new ErrnoException(call, e.getErrorCode(), e);
    }

    /** As {@link #exception(String, LastErrorException)}, with {@code hint} after the message when errno is {@code when}. */
    public static ErrnoException exception(String call, LastErrorException e, int when, String hint) {
        return new ErrnoException(call, e.getErrorCode(), e.getErrorCode() == when ? hint : null, e);
    }

    private static Map<Integer, String> names() {
        Map<Integer, String> m = new HashMap<>();
        for (Field f : Errno.class.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isPublic(mod) && f.getType() == int.class) {
                try {
                    m.putIfAbsent(f.getInt(null), f.getName()); // EAGAIN before an alias (EWOULDBLOCK) would be
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(m);
    }
}
