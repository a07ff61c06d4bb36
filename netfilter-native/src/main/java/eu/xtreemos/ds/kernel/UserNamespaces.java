package eu.xtreemos.ds.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which user namespace this process is in, as far as ids go. In a user namespace other than the host's, a user or
 * group with no mapping there (any user outside a rootless testbed but its owner) shows as the overflow id, 65534 by
 * default: to a UNIX socket's peer credentials, every such user is the same one.
 */
public final class UserNamespaces {
    private UserNamespaces() {
    }

    /** Is this process in a user namespace other than the host's (its uid map is not the identity)? */
    public static boolean nested() {
        try {
            return !isIdentityMap(Files.readString(Path.of("/proc/self/uid_map")));
        } catch (IOException e) {
            return false;
        }
    }

    /** The host's map, "0 0 4294967295": every id onto itself. */
    public static boolean isIdentityMap(String uidMap) {
        return uidMap.strip().matches("0\\s+0\\s+4294967295");
    }

    /** The uid an unmapped user shows as (/proc/sys/kernel/overflowuid). */
    public static int overflowUid() {
        return read("/proc/sys/kernel/overflowuid");
    }

    /** The gid an unmapped group shows as (/proc/sys/kernel/overflowgid). */
    public static int overflowGid() {
        return read("/proc/sys/kernel/overflowgid");
    }

    private static int read(String file) {
        try {
            return Integer.parseInt(ProcSys.read(Path.of(file)));
        } catch (IOException | NumberFormatException e) {
            return 65534; // the kernel's default
        }
    }
}
