package eu.xtreemos.ds.kernel;

import com.sun.jna.LastErrorException;

/** errno values the code reacts to, and readable messages for the rest. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EINVAL = 22;
    public static final int EADDRINUSE = 98;

    private Errno() {
    }

    /** "Invalid argument (errno 22)". */
    public static String describe(int errno) {
        return LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")";
    }

    public static String describe(LastErrorException e) {
        return describe(e.getErrorCode());
    }
}
