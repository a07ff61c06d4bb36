package eu.xtreemos.ds.cluster;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process of the cluster (HA agent, dsco, application) started in a node's namespace: stdout is read
 * line by line (the process says "ready" when it serves, and answers commands), stderr goes to a log file.
 */
public final class NodeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final long logStart;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
    private final BufferedWriter stdin;

    /** Starts {@code command}; its stdout is read line by line, its stderr goes to {@code log}. */
    public NodeProcess(String name, List<String> command, Path log) throws IOException {
        this(name, command, log, false);
    }

    /**
     * Starts {@code command}. Attached: its stdout is read line by line through a pipe, its stderr goes to {@code log}.
     * Detached ({@code detached}): stdout and stderr both go to {@code log} and stdin is empty, so the process keeps
     * running after this JVM exits; its lines are read back from the log.
     */
    public NodeProcess(String name, List<String> command, Path log, boolean detached) throws IOException {
        this.name = name;
        this.log = log;
        // appended: a restarted process (same name) keeps the log of the one before
        this.logStart = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (detached) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectInput(new File("/dev/null"));
        }
        this.process = pb.start();
        this.stdin = detached ? null : new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(detached ? this::followLog : this::readStdout, "out-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.offer(l);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** A detached process's lines: the log's new lines, until the process ends and the log is read to its end. */
    private void followLog() {
        try (InputStream in = Files.newInputStream(log)) {
            in.skip(logStart);
            ByteArrayOutputStream partial = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (true) {
                boolean ended = !process.isAlive();
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines.offer(partial.toString(StandardCharsets.UTF_8));
                            partial.reset();
                        } else {
                            partial.write(buf[i]);
                        }
                    }
                }
                if (ended) {
                    return;
                }
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            // stop following
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** What this process has written to its log (a restarted one's log starts with its predecessor's). */
    public String logSinceStart() throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for a line starting with {@code prefix}; fails with the log's tail if the process dies or time runs out. */
    public String await(String prefix, long millis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            String l = lines.poll(50, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
            if (l == null && !process.isAlive() && lines.isEmpty()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before saying '" + prefix + "'; log:\n" + tail());
            }
        }
        throw new IOException(name + " did not say '" + prefix + "' within " + millis + " ms; log:\n" + tail());
    }

    /** Sends a command line and waits for the answer line starting with {@code answerPrefix}. */
    public String command(String cmd, String answerPrefix) throws IOException, InterruptedException {
        return command(cmd, answerPrefix, 10_000);
    }

    /** Like {@link #command(String, String)}, waiting up to {@code millis} for the answer. */
    public synchronized String command(String cmd, String answerPrefix, long millis) throws IOException, InterruptedException {
        if (stdin == null) {
            throw new IllegalStateException(name + " runs detached: it reads no commands");
        }
        stdin.write(cmd);
        stdin.newLine();
        stdin.flush();
        return await(answerPrefix, millis);
    }

    /** The last lines of the log, for error messages. */
    public String tail() {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: the process dies on the spot, as in a crash. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
