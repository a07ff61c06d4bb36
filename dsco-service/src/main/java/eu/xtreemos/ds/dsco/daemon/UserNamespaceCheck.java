package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.kernel.UserNamespaces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What stops dsco from running in a user namespace without real root (a rootless testbed), said before it starts:
 * there, every user and group of the host that the namespace does not map shows as the overflow id, so allowing that
 * id would let any user of the host use dsco; and /run, /var/lib belong to the host's root, so the API socket and the
 * state directory must be somewhere the user may write. As real root none of this applies and nothing is checked.
 */
final class UserNamespaceCheck {
    private UserNamespaceCheck() {
    }

    /** The problems of {@code c} in this process's user namespace, one sentence each; empty when it can run. */
    static List<String> problems(DscoConfig c) {
        if (!UserNamespaces.nested()) {
            return List.of();
        }
        return problems(c, UserNamespaces.overflowUid(), UserNamespaces.overflowGid(), Files::isWritable);
    }

    /**
     * The problems of {@code c} in a user namespace whose unmapped users and groups show as these ids, where
     * {@code writable} tells the directories this process may write.
     */
    static List<String> problems(DscoConfig c, int overflowUid, int overflowGid, Predicate<Path> writable) {
        String why = " shows as the overflow id in a user namespace: every user of the host outside it would be allowed";
        List<String> out = new ArrayList<>();
        if (c.apiUsers().contains(overflowUid)) {
            out.add("api.users: uid " + overflowUid + why + "; leave it out (the namespace's root, its owner, is always allowed)");
        }
        if (c.apiGroups().contains(overflowGid)) {
            out.add("api.groups: gid " + overflowGid + why);
        }
        if (c.adminGroup() == overflowGid) {
            out.add("admin.group: gid " + overflowGid + why + " as administrator");
        }
        unwritable("api.socket", c.apiSocket().getParent(), writable).ifPresent(out::add);
        unwritable("state.dir", c.stateDir(), writable).ifPresent(out::add);
        return out;
    }

    /** A directory dsco cannot create or write, judged by its nearest existing ancestor. */
    private static Optional<String> unwritable(String key, Path dir, Predicate<Path> writable) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null || writable.test(p)) {
            return Optional.empty();
        }
        return Optional.of(key + ": " + p + " belongs to the host's root, which a user namespace's root is not;"
                + " put it in a directory of the user's (the rootless testbed uses its own, /tmp/ds-testbed-UID/NAME)");
    }
}
