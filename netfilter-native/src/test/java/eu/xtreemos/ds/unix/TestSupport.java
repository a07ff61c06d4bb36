package eu.xtreemos.ds.unix;

import com.sun.jna.Native;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** fd counting and child JVMs for the tests of this package. */
final class TestSupport {
    private TestSupport() {
    }

    /** How many fds this process has open. */
    /**
     * Open fds of this JVM, once the count is stable: channels other tests dropped are closed by the JDK's
     * Cleaner after a GC, at any moment, which would make a leak check count someone else's fds.
     */
    static int openFds() {
        System.gc();
        int last = countFds();
        for (int i = 0; i < 20; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            int now = countFds();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static int countFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count() - 1; // minus the directory stream's own fd
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The target of /proc/self/fd/N, or null if N is not open. */
    static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Syscall numbers of accept4, recvmsg, sendmsg on this architecture (null if unknown). */
    static final int[] SYSCALLS = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> new int[] {288, 47, 46};
        case "aarch64", "riscv64" -> new int[] {242, 212, 211};
        default -> null;
    };
    static final int ACCEPT4 = 0;
    static final int RECVMSG = 1;
    static final int SENDMSG = 2;

    /**
     * Waits until some thread of this process is blocked in system call {@code SYSCALLS[which]} on
     * {@code fd} (read from /proc/self/task/N/syscall), so a test knows the call is really in the
     * kernel. On an architecture without the numbers, just waits a while.
     */
    static void awaitBlockedIn(int which, int fd) throws InterruptedException {
        if (SYSCALLS == null) {
            Thread.sleep(500);
            return;
        }
        String prefix = SYSCALLS[which] + " 0x" + Integer.toHexString(fd) + " ";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (Files.readString(t.resolve("syscall")).startsWith(prefix)) {
                            return;
                        }
                    } catch (IOException ignored) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no thread got blocked in syscall " + SYSCALLS[which] + " on fd " + fd);
    }

    /** Classes, test classes and the JNA jar: what the helper mains need. */
    static List<Path> helperClasspath() {
        List<Path> cp = new ArrayList<>();
        for (Class<?> c : List.of(UnixSeqpacketSocket.class, TestSupport.class, Native.class)) {
            try {
                cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return cp;
    }

    /**
     * Copies the helper classpath into {@code dir}, readable by every user (the originals may sit
     * in root's home), and returns it as a classpath string.
     */
    static String worldReadableClasspath(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> out = new ArrayList<>();
        int i = 0;
        for (Path p : helperClasspath()) {
            Path target = dir.resolve("cp" + i++ + (Files.isDirectory(p) ? "" : ".jar"));
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path src : (Iterable<Path>) walk::iterator) {
                        Path dst = target.resolve(p.relativize(src).toString());
                        if (Files.isDirectory(src)) {
                            Files.createDirectories(dst);
                            Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rwxr-xr-x"));
                        } else {
                            Files.copy(src, dst);
                            Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
                        }
                    }
                }
            } else {
                Files.copy(p, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
            out.add(target.toString());
        }
        return String.join(":", out);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
