package eu.xtreemos.ds.dsco.config;

import eu.xtreemos.ds.kernel.Accounts;
import eu.xtreemos.ds.kernel.ErrnoException;

import java.util.OptionalInt;

/** User and group names to numeric ids, through libc and so NSS (files, LDAP, sssd); null when unknown. */
final class UserIds {
    private UserIds() {
    }

    static Integer uid(String name) {
        try {
            return boxed(Accounts.uid(name));
        } catch (ErrnoException | IllegalArgumentException e) {
            return null;
        }
    }

    static Integer gid(String name) {
        try {
            return boxed(Accounts.gid(name));
        } catch (ErrnoException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer boxed(OptionalInt id) {
        return id.isPresent() ? id.getAsInt() : null;
    }
}
