package eu.xtreemos.ds.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Open file descriptors and resident memory of a process, read from /proc at one moment; for a JVM, optionally
 * its live heap (after a full collection), which tells a leak from a heap that merely grew to its limit.
 *
 * @param liveHeapKiB bytes of reachable objects / 1024, or -1 if not measured
 */
public record ProcessFigures(long pid, int fds, long rssKiB, long liveHeapKiB, int handoffsSoFar) {

    /** Reads the figures of {@code pid}, without the live heap; null if the process is gone. */
    public static ProcessFigures of(long pid, int handoffsSoFar) {
        return of(pid, handoffsSoFar, false);
    }

    /** Reads the figures of {@code pid}; null if the process is gone. */
    public static ProcessFigures of(long pid, int handoffsSoFar, boolean liveHeap) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try (Stream<Path> fd = Files.list(proc.resolve("fd"))) {
            int fds = (int) fd.count();
            long rss = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcessFigures(pid, fds, rss, liveHeap ? liveHeapKiB(pid, handoffsSoFar) : -1, handoffsSoFar);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The JVM's reachable objects: {@code jcmd GC.class_histogram} collects fully first and ends with a
     * "Total" line of instances and bytes. -1 if it cannot be read (not a JVM, jcmd missing, timed out).
     */
    static long liveHeapKiB(long pid, int handoffsSoFar) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return -1;
            }
            Path keep = histograms;
            if (keep != null) {
                Files.write(keep.resolve("histo-" + pid + "-" + handoffsSoFar + ".txt"), out);
            }
            return parseHistogramTotal(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static volatile Path histograms;

    /** Keeps every histogram taken from now on in {@code dir}. */
    static void keepHistogramsIn(Path dir) {
        histograms = dir;
    }

    /** The bytes of the "Total &lt;instances&gt; &lt;bytes&gt;" line of a class histogram, in KiB; -1 if absent. */
    static long parseHistogramTotal(String histogram) {
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals("Total")) {
                try {
                    return Long.parseLong(f[2]) / 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return String.format("pid %d: %d fds, %.1f MiB resident%s (after %d handoffs)", pid, fds, rssKiB / 1024.0,
                liveHeapKiB < 0 ? "" : String.format(", %.1f MiB live heap", liveHeapKiB / 1024.0), handoffsSoFar);
    }
}
