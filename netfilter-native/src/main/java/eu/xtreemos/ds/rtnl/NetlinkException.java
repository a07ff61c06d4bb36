package eu.xtreemos.ds.rtnl;

import eu.xtreemos.ds.kernel.Errno;

/**
 * A netlink request failed. The message names the operation and, when the kernel refused it, the
 * errno and the kernel's own explanation, e.g. {@code RTM_NEWROUTE 10.0.0.1/32 via 10.9.9.9 table 100:
 * Network is unreachable (ENETUNREACH) - Nexthop has invalid gateway}.
 */
public class NetlinkException extends RuntimeException {
    private final String operation;
    private final int errno;

    public NetlinkException(String operation, int errno, String kernelMessage) {
        super(operation + ": " + Errno.describe(errno) + (kernelMessage == null || kernelMessage.isEmpty() ? "" : " - " + kernelMessage));
        this.operation = operation;
        this.errno = errno;
    }

    /** A failure that is not an errno (a malformed or missing reply); {@link #errno()} is 0. */
    protected NetlinkException(String operation, String problem, Throwable cause) {
        super(operation + ": " + problem, cause);
        this.operation = operation;
        this.errno = 0;
    }

    /** What was asked, e.g. {@code RTM_DELRULE from 10.239.2.10/32 to 10.239.5.1/32 lookup 183435786 pref 1000}. */
    public String operation() {
        return operation;
    }

    /** The kernel's errno (positive), or 0 when the failure was not an errno. */
    public int errno() {
        return errno;
    }
}
