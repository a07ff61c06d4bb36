package eu.xtreemos.ds.demo;

import eu.xtreemos.ds.handoff.ClientFilter;
import eu.xtreemos.ds.testbed.NamespaceTestbed;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * The library-level handoff's client filter: an iptables DROP rule per client in the node's namespace.
 * Dropped packets are retransmitted by the client, which costs it a retransmission delay; the dsco
 * daemon replaces this with an NFQUEUE that holds them instead. The rule stays after a handoff (late
 * packets must not meet a closed port) until the client comes back.
 */
public final class IptablesClientFilter implements ClientFilter {
    private final NamespaceTestbed testbed;
    private final String node;
    private final Set<InetAddress> blocked = new HashSet<>();

    public IptablesClientFilter(NamespaceTestbed testbed, String node) {
        this.testbed = testbed;
        this.node = node;
    }

    @Override
    public synchronized void block(InetAddress client) {
        if (blocked.add(client)) {
            testbed.exec(node, rule("-I", client));
        }
    }

    @Override
    public synchronized void unblock(InetAddress client) {
        if (blocked.remove(client)) {
            testbed.exec(node, rule("-D", client));
        }
    }

    private String[] rule(String op, InetAddress client) {
        boolean v4 = client instanceof Inet4Address;
        InetAddress service = v4 ? testbed.serviceAddress4() : testbed.serviceAddress();
        return new String[] {v4 ? "iptables" : "ip6tables", "-w", op, "INPUT", "-p", "tcp",
                "-s", client.getHostAddress(), "-d", service.getHostAddress(), "-j", "DROP"};
    }
}
