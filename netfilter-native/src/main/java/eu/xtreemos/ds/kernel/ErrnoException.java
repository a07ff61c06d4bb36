package eu.xtreemos.ds.kernel;

import java.io.IOException;

/** A libc call failed: the call's name and the errno it set ("connect: Connection refused (ECONNREFUSED)"). */
public class ErrnoException extends IOException {
    private final String call;
    private final int errno;

    public ErrnoException(String call, int errno) {
        this(call, errno, null);
    }

    public ErrnoException(String call, int errno, Throwable cause) {
        this(call, errno, null, cause);
    }

    /** With {@code hint} (what the call needs, what to check) after the error, when not null. */
    public ErrnoException(String call, int errno, String hint, Throwable cause) {
        super(call + ": " + Errno.describe(errno) + (hint == null ? "" : "; " + hint), cause);
        this.call = call;
        this.errno = errno;
    }

    /** The call as named in the message, e.g. "setsockopt(TCP_REPAIR)". */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** The errno's symbol, e.g. "EPERM". */
    public String errnoName() {
        return Errno.name(errno);
    }
}
