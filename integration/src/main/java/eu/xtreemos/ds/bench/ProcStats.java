package eu.xtreemos.ds.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident size of a process, from /proc. */
public final class ProcStats {
    private ProcStats() {
    }

    /**
     * Nanoseconds the process's live threads have run (user + system), summed from each thread's
     * {@code /proc/PID/task/TID/schedstat} (nanosecond resolution, unlike the tick counts of
     * {@code /proc/PID/stat}). Threads that ended are not counted: the processes measured keep theirs.
     */
    static long cpuNanos(long pid) {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("schedstat"));
                    sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone: " + e.getMessage(), e);
        }
        return sum;
    }

    /** CPU ns of the process's live threads by thread name (digits dropped, so pools add up). */
    static java.util.Map<String, Long> cpuByThread(long pid) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("schedstat"));
                    String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    out.merge(name, Long.parseLong(s.substring(0, s.indexOf(' '))), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone: " + e.getMessage(), e);
        }
        return out;
    }

    /** user + system time from /proc/PID/stat, all threads including ended ones, in nanoseconds (10 ms ticks). */
    static long cpuNanosTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 10_000_000L;
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone: " + e.getMessage(), e);
        }
    }

    /** Resident set size in bytes (VmRSS). */
    static long rssBytes(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone: " + e.getMessage(), e);
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** The machine's 1-minute load average (NaN if /proc/loadavg cannot be read). */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The machine's 1-, 5- and 15-minute load averages, as uptime prints them. */
    public static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return l[0] + " " + l[1] + " " + l[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
