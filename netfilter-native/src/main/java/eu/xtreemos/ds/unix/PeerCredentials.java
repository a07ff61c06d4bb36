package eu.xtreemos.ds.unix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The peer of a connected UNIX socket as the kernel saw it when the connection was made
 * ({@code SO_PEERCRED}), in this process's pid and user namespaces: a pid that cannot be mapped
 * reads 0, an unmapped uid or gid reads 65534 (the overflow id).
 *
 * <p>uid and gid are unsigned in the kernel; values above {@link Integer#MAX_VALUE} come out
 * negative here (use {@link Integer#toUnsignedLong}).
 */
public record PeerCredentials(int pid, int uid, int gid) {

    /**
     * The supplementary groups of the peer process now, from the {@code Groups:} line of
     * {@code /proc/<pid>/status}. Racy by nature — the process may have changed its groups, exited,
     * or (in theory) its pid been reused since it connected; {@link UnixSeqpacketSocket#peerGroups()}
     * ({@code SO_PEERGROUPS}) gives the groups fixed at connect time and is the one to trust for
     * access control.
     */
    public int[] supplementaryGroupsFromProc() throws IOException {
        return supplementaryGroupsOf(pid);
    }

    /** The supplementary groups of process {@code pid}, from {@code /proc/<pid>/status}. */
    public static int[] supplementaryGroupsOf(long pid) throws IOException {
        if (pid <= 0) {
            throw new IOException("no process to read groups from (pid " + pid + ")");
        }
        Path status = Path.of("/proc", Long.toString(pid), "status");
        String text;
        try {
            text = Files.readString(status);
        } catch (NoSuchFileException e) {
            throw new IOException("process " + pid + " no longer exists (no " + status + ")", e);
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("Groups:")) {
                String list = line.substring("Groups:".length()).trim();
                return list.isEmpty() ? new int[0]
                        : Arrays.stream(list.split("\\s+")).mapToInt(g -> (int) Long.parseLong(g)).toArray();
            }
        }
        throw new IOException("no Groups: line in " + status);
    }
}
