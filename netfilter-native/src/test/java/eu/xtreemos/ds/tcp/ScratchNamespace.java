package eu.xtreemos.ds.tcp;

import eu.xtreemos.ds.kernel.NetNamespace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away network namespace with only loopback, for kernel tests; removed on close. */
public final class ScratchNamespace implements AutoCloseable {
    public final String name;
    public final NetNamespace ns;

    public ScratchNamespace(String prefix) throws Exception {
        name = prefix + "-" + ProcessHandle.current().pid();
        removeLeftovers(prefix);
        sh("ip", "netns", "del", name); // leftovers of a crashed run with our pid
        if (sh("ip", "netns", "add", name) != 0) {
            throw new IllegalStateException("cannot create netns " + name + " (these tests need root)");
        }
        sh("ip", "-n", name, "link", "set", "lo", "up");
        ns = NetNamespace.open(name);
    }

    /** Namespaces of this prefix whose test process is gone (killed, so its close never ran) are removed. */
    private static void removeLeftovers(String prefix) throws IOException, InterruptedException {
        java.io.File[] named = new java.io.File("/run/netns").listFiles((d, n) -> n.startsWith(prefix + "-"));
        for (java.io.File f : named == null ? new java.io.File[0] : named) {
            String pid = f.getName().substring(prefix.length() + 1);
            if (pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                sh("ip", "netns", "del", f.getName());
            }
        }
    }

    /** Runs a command inside the namespace and returns its exit code. */
    public int exec(String... cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(cmd));
        return sh(full.toArray(String[]::new));
    }

    public static int sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        return p.exitValue();
    }

    @Override
    public void close() throws Exception {
        ns.close();
        sh("ip", "netns", "del", name);
    }
}
