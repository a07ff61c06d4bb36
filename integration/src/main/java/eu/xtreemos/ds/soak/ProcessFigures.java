package eu.xtreemos.ds.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Open file descriptors and resident memory of a process, read from /proc at one moment. */
public record ProcessFigures(long pid, int fds, long rssKiB, int handoffsSoFar) {

    /** Reads the figures of {@code pid}; null if the process is gone. */
    public static ProcessFigures of(long pid, int handoffsSoFar) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try (Stream<Path> fd = Files.list(proc.resolve("fd"))) {
            int fds = (int) fd.count();
            long rss = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcessFigures(pid, fds, rss, handoffsSoFar);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.format("pid %d: %d fds, %.1f MiB resident (after %d handoffs)", pid, fds, rssKiB / 1024.0, handoffsSoFar);
    }
}
