package eu.xtreemos.ds.testbed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands ({@code ip}, {@code sysctl}, ...) and captures what they print. */
public final class Commands {
    private static final Logger log = LoggerFactory.getLogger(Commands.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Commands() {
    }

    /** What a finished command did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** A command that could not be run, timed out, or exited non-zero. */
    public static final class CommandException extends RuntimeException {
        private final transient Result result;

        CommandException(String message, Result result, Throwable cause) {
            super(message, cause);
            this.result = result;
        }

        /** The result, or null if the command never ran to completion. */
        public Result result() {
            return result;
        }
    }

    /** Runs {@code cmd}, returns its stdout; throws with exit code and stderr unless it exits 0. */
    public static String check(String... cmd) {
        Result r = run(DEFAULT_TIMEOUT, cmd);
        if (!r.ok()) {
            throw new CommandException(describe(r.command()) + " failed with exit code " + r.exitCode()
                    + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()), r, null);
        }
        return r.stdout();
    }

    /** Runs {@code cmd} and returns whatever happened; throws only if it cannot run or times out. */
    public static Result run(Duration timeout, String... cmd) {
        List<String> command = List.of(cmd);
        log.debug("$ {}", describe(command));
        Process p;
        try {
            // stdin from /dev/null: nothing we run should ever wait for input.
            p = new ProcessBuilder(command).redirectInput(new File("/dev/null")).start();
        } catch (IOException e) {
            throw new CommandException("cannot run " + describe(command) + ": " + e.getMessage(), null, e);
        }
        // Drain both pipes concurrently so a chatty command cannot block on a full pipe.
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new CommandException(describe(command) + " timed out after " + timeout.toSeconds() + " s",
                        null, null);
            }
            // A background child may keep the pipes open; do not wait for it forever.
            Result r = new Result(command, p.exitValue(), out.text(1000), err.text(1000));
            if (!r.ok()) {
                log.debug("exit {}: {}", r.exitCode(), r.stderr().strip());
            }
            return r;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while running " + describe(command), null, e);
        }
    }

    static String describe(List<String> command) {
        return String.join(" ", command);
    }

    /** Reads a stream to its end on a daemon thread. */
    private static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in) {
            thread = new Thread(() -> {
                try (in) {
                    in.transferTo(buf);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "drain");
            thread.setDaemon(true);
            thread.start();
        }

        String text(long waitMillis) throws InterruptedException {
            thread.join(waitMillis);
            return buf.toString(StandardCharsets.UTF_8); // synchronized: safe while still draining
        }
    }
}
