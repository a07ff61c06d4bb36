package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.kernel.NetNamespace;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rule that queues what a service sends to its clients on the OUTPUT hook (output commit,
 * docs/fault-tolerance.md): TCP from the service's address and ports, to NFQUEUE {@code queueNum}. Without
 * {@code --queue-bypass} on purpose: while no reader has the queue (its daemon died), the kernel drops these packets
 * rather than let out what no backup holds — a dying application's FIN or RST among them.
 */
public final class OutputQueueRule implements AutoCloseable {
    private final NetNamespace ns;
    private final InflightSet.Family family;
    private final List<String> rule;
    private boolean installed;

    /** The rule for {@code service}'s TCP {@code ports} (at most 15: one multiport match); not installed yet. */
    public OutputQueueRule(NetNamespace ns, InetAddress service, List<Integer> ports, int queueNum) {
        if (ports.isEmpty() || ports.size() > 15) {
            throw new IllegalArgumentException(ports.size() + " ports: the output rule takes 1 to 15");
        }
        this.ns = ns;
        this.family = InflightSet.Family.of(service);
        List<String> r = new ArrayList<>(List.of("-t", "mangle", "OUTPUT", "-s", service.getHostAddress(), "-p", "tcp",
                "-m", "multiport", "--sports", ports.stream().map(String::valueOf).collect(Collectors.joining(","))));
        r.addAll(List.of("-j", "NFQUEUE", "--queue-num", String.valueOf(queueNum)));
        this.rule = List.copyOf(r);
    }

    /** Inserts the rule at the head of OUTPUT (once, whatever a crashed run left). */
    public synchronized void install() throws IOException {
        Firewall.remove(ns, family, rule);
        Firewall.ensure(ns, family, rule);
        installed = true;
    }

    /** Removes the rule: from now on the service's packets leave unheld. */
    public synchronized void uninstall() throws IOException {
        if (!Firewall.remove(ns, family, rule)) {
            throw new IOException("could not delete the output rule " + String.join(" ", rule));
        }
        installed = false;
    }

    public synchronized boolean installed() {
        return installed;
    }

    @Override
    public void close() throws IOException {
        uninstall();
    }

    @Override
    public String toString() {
        return family.tool + " " + String.join(" ", rule);
    }
}
