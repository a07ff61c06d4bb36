package eu.xtreemos.ds.jmh;

import eu.xtreemos.ds.kernel.NetNamespace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A throw-away network namespace ("bnjmh-PID-N") for a benchmark's sockets and routes; deleted on close. */
final class Scratch implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();
    final String name;
    final NetNamespace ns;

    Scratch() throws IOException, InterruptedException {
        name = "bnjmh-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
        sh("ip", "netns", "del", name);
        if (sh("ip", "netns", "add", name) != 0) {
            throw new IllegalStateException("cannot create network namespace " + name + " (the benchmarks need root)");
        }
        // A benchmark that throws skips its trial's tear-down, and JMH's fork then exits: the namespace goes at exit too.
        String created = name;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sh("ip", "netns", "del", created);
            } catch (IOException | InterruptedException e) {
                // the JVM is exiting: nothing more to do
            }
        }, "delete " + name));
        ns = NetNamespace.open(name);
        must("link", "set", "lo", "up");
    }

    /** Runs {@code ip -n NAME args...} and fails if it does. */
    void must(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        if (sh(cmd.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
    }

    static int sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        return p.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ns.close();
        sh("ip", "netns", "del", name);
    }
}
