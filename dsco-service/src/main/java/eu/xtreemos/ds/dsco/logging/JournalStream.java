package eu.xtreemos.ds.dsco.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process's stderr goes to the systemd journal: systemd sets $JOURNAL_STREAM to the device and inode
 * ("DEV:INO") of the stream it connects, and a child whose stderr was redirected elsewhere inherits the variable, so
 * the stream itself is compared, as systemd.exec(5) says.
 */
final class JournalStream {
    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private JournalStream() {
    }

    static boolean isStderr() {
        return matches(System.getenv("JOURNAL_STREAM"), STDERR);
    }

    /** {@code journalStream} ("DEV:INO", decimal) names the file {@code stream} leads to. */
    static boolean matches(String journalStream, Path stream) {
        if (journalStream == null) {
            return false;
        }
        String[] devIno = journalStream.split(":");
        if (devIno.length != 2) {
            return false;
        }
        try {
            long dev = ((Number) Files.getAttribute(stream, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(stream, "unix:ino")).longValue();
            return Long.parseLong(devIno[0]) == dev && Long.parseLong(devIno[1]) == ino;
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return false;
        }
    }
}
