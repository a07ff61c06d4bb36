package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.kernel.NetNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code iptables}/{@code ip6tables} in a namespace to check, insert or delete one permanent rule: done
 * once at start and at the end (5–20 ms each), never per client, so a spawned command is good enough here.
 */
final class Firewall {
    private static final Logger log = LoggerFactory.getLogger(Firewall.class);

    private Firewall() {
    }

    /**
     * {@code <tool> -w [-t <table>] <op> <rule...>} in {@code ns} (null: this process's namespace); a rule that
     * starts with {@code -t <table>} is in that table. Returns the exit code. A failure of anything but a check
     * ({@code -C}) is logged with what the tool said.
     */
    static int run(NetNamespace ns, InflightSet.Family f, String op, List<String> rule) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", ns.name()));
        }
        cmd.addAll(List.of(f.tool, "-w"));
        if (rule.size() > 2 && rule.get(0).equals("-t")) {
            cmd.addAll(rule.subList(0, 2));
            rule = rule.subList(2, rule.size());
        }
        cmd.add(op);
        cmd.addAll(rule);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0 && !op.equals("-C")) {
                log.warn("{} -> exit {}: {}", String.join(" ", cmd), p.exitValue(), out);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    /** Inserts {@code rule} at the head of its chain unless it is there already. */
    static void ensure(NetNamespace ns, InflightSet.Family f, List<String> rule) throws IOException {
        if (run(ns, f, "-C", rule) != 0 && run(ns, f, "-I", rule) != 0) {
            throw new IOException(f.tool + " -I " + String.join(" ", rule) + " failed" + (ns == null ? "" : " in " + ns));
        }
    }

    /** Deletes every copy of {@code rule} (at most 16); false if one could not be deleted. */
    static boolean remove(NetNamespace ns, InflightSet.Family f, List<String> rule) throws IOException {
        for (int i = 0; i < 16 && run(ns, f, "-C", rule) == 0; i++) {
            if (run(ns, f, "-D", rule) != 0) {
                return false;
            }
        }
        return true;
    }
}
