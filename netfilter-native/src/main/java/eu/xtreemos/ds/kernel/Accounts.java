package eu.xtreemos.ds.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.util.OptionalInt;

/**
 * User and group names to numeric ids through libc ({@code getpwnam_r}, {@code getgrnam_r}), so whatever
 * /etc/nsswitch.conf names answers: files, LDAP, sssd, systemd's dynamic users.
 */
public final class Accounts {
    /** Where uid_t sits in struct passwd (after two pointers: pw_name, pw_passwd), and gid_t in struct group. */
    private static final int PW_UID = 2 * Native.POINTER_SIZE;
    private static final int GR_GID = 2 * Native.POINTER_SIZE;
    /** sizeof(struct passwd) on LP64 (7 members, padded), sizeof(struct group): ample for both. */
    private static final int STRUCT_SIZE = 64;
    private static final int FIRST_BUFFER = 1024;
    private static final int MAX_BUFFER = 1 << 20;

    private Accounts() {
    }

    /** The user's uid, or empty when NSS knows no such user. */
    public static OptionalInt uid(String user) throws ErrnoException {
        return lookup(user, true);
    }

    /** The group's gid, or empty when NSS knows no such group. */
    public static OptionalInt gid(String group) throws ErrnoException {
        return lookup(group, false);
    }

    private static OptionalInt lookup(String name, boolean user) throws ErrnoException {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a " + (user ? "user" : "group") + " name: \"" + name + "\"");
        }
        for (int size = FIRST_BUFFER; ; size *= 2) {
            try (Memory entry = new Memory(STRUCT_SIZE); Memory buf = new Memory(size); Memory result = new Memory(Native.POINTER_SIZE)) {
                result.setPointer(0, null);
                int err = user ? LibC.getpwnam_r(name, entry, buf, size, result)
                        : LibC.getgrnam_r(name, entry, buf, size, result);
                if (err == Errno.ERANGE && size < MAX_BUFFER) {
                    continue; // a group with many members: a larger buffer
                }
                if (err != 0) {
                    throw new ErrnoException((user ? "getpwnam_r(" : "getgrnam_r(") + name + ")", err);
                }
                if (result.getPointer(0) == null) {
                    return OptionalInt.empty();
                }
                return OptionalInt.of(entry.getInt(user ? PW_UID : GR_GID));
            }
        }
    }
}
