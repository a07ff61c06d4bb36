package eu.xtreemos.ds.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The last resort against a hung test: a test JVM still running {@code ds.test.forkTimeoutSeconds} (a system
 * property the root pom sets for Surefire and Failsafe) after it started is stopped, after writing every thread's
 * stack to {@code target/fork-deadline-<pid>.txt} and to standard error. Surefire then fails the build ("The forked
 * VM terminated without properly saying goodbye") and names the test that was running.
 *
 * <p>It is needed for a test stuck where JUnit's timeout cannot reach it (a native call, a java.net.Socket read):
 * JUnit's interrupt does not end those, and Surefire's own forkedProcessTimeoutInSeconds only makes such a JVM
 * dump its threads (3.5.2: its kill command arrives as "stop after this test set", which never comes).
 *
 * <p>Registered through META-INF/services for every module whose tests have this test jar on their class path.
 * The JVM's start is the reference, so the deadline holds however often the launcher opens a session.
 */
public final class ForkDeadline implements LauncherSessionListener {
    public static final String PROPERTY = "ds.test.forkTimeoutSeconds";
    private static final AtomicBoolean ARMED = new AtomicBoolean();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        long seconds = Long.getLong(PROPERTY, 0);
        if (seconds <= 0 || !ARMED.compareAndSet(false, true)) {
            return;
        }
        long deadline = ManagementFactory.getRuntimeMXBean().getStartTime() + seconds * 1000;
        Thread t = new Thread(() -> {
            try {
                long left;
                while ((left = deadline - System.currentTimeMillis()) > 0) {
                    Thread.sleep(left);
                }
            } catch (InterruptedException e) {
                return;
            }
            stop(seconds);
        }, "ds-fork-deadline");
        t.setDaemon(true);
        t.start();
    }

    private static void stop(long seconds) {
        StringBuilder b = new StringBuilder("ForkDeadline: this test JVM has run for " + seconds + " s (" + PROPERTY
                + "), longer than its tests may take: stopping it. A test is stuck; every thread's stack follows.\n");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            b.append('\n').append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) {
                b.append("\tat ").append(f).append('\n');
            }
        }
        String text = b.toString();
        Path file = Path.of("target", "fork-deadline-" + ProcessHandle.current().pid() + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            text = "ForkDeadline: every thread's stack is in " + file.toAbsolutePath() + "\n" + text;
        } catch (IOException e) {
            // standard error still has it
        }
        PrintStream err = System.err;
        err.print(text);
        err.flush();
        try {
            Thread.sleep(2000); // Surefire forwards standard error asynchronously
        } catch (InterruptedException e) {
            // stop anyway
        }
        Runtime.getRuntime().halt(3);
    }
}
