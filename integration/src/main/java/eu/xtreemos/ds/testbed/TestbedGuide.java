package eu.xtreemos.ds.testbed;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.rtnl.IpPrefix;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ds-testbed up} prints for a person to use the testbed: how to run a command in a node and, with the
 * daemons, each node's dsco socket, the {@code dsctl} lines, how to run one's own application on a node and how to
 * connect a client with any TCP client.
 */
public final class TestbedGuide {
    private TestbedGuide() {
    }

    /**
     * The facts the guide is made of.
     *
     * @param rootless whether the testbed is in a user namespace (commands run as the user, not with sudo)
     * @param daemons  the daemons' directory ({@link TestbedDaemons#dirOf}), or null when none run
     */
    public record Facts(String name, List<String> serverNodes, List<String> clients, InetAddress client, InetAddress service,
                        int port, boolean rootless, Path daemons) {
        public static Facts of(NamespaceTestbed tb, boolean rootless, Path daemons) {
            String client = tb.clients().get(0);
            return new Facts(tb.spec().name(), tb.serverNodes(), tb.clients(), tb.clientAddress(client), tb.serviceAddress(),
                    DscoCluster.SERVICE_PORT, rootless, daemons);
        }

        Path socket(String node) {
            return daemons.resolve("sock").resolve(node + ".sock");
        }
    }

    public static String text(Facts f) {
        String sudo = f.rootless() ? "" : "sudo ";
        String exec = sudo + "bin/ds-testbed exec --name " + f.name() + " ";
        StringBuilder b = new StringBuilder();
        b.append("\nrun a command in a node (").append(String.join(", ", f.serverNodes())).append(", ")
                .append(String.join(", ", f.clients())).append(", ha):\n");
        b.append("  ").append(exec).append("NODE -- COMMAND...\n");
        if (f.daemons() == null) {
            return b.toString();
        }
        String first = f.serverNodes().get(0), second = f.serverNodes().get(1);
        String svc = IpPrefix.text(f.service()), cli = IpPrefix.text(f.client());
        b.append("\ndaemons: the HA agent in ").append(f.name()).append("-ha, a dsco on every server node; configurations and logs in ")
                .append(f.daemons()).append('\n');
        b.append("dsco sockets:\n");
        for (String n : f.serverNodes()) {
            b.append(String.format("  %-8s %s%n", n, f.socket(n)));
        }
        String dsctl = sudo + "bin/dsctl -s " + f.socket(first);
        b.append("\nask a node's dsco (").append(f.rootless() ? "from your own shell: dsco takes you for its root" : "as root")
                .append("):\n");
        b.append("  ").append(dsctl).append(" status\n");
        b.append("  ").append(dsctl).append(" clients\n");
        b.append("  ").append(dsctl).append(" handoff --client ").append(cli).append(" --to ").append(second).append('\n');
        b.append("\nservice '").append(DscoCluster.SERVICE).append("': [").append(svc).append("]:").append(f.port())
                .append(" on every server node. Run your application on each node")
                .append(f.rootless() ? "" : " (as any user: setpriv --reuid=nobody --regid=nogroup --clear-groups before java)")
                .append(", e.g. the SAGA example CounterServer:\n");
        for (String n : f.serverNodes()) {
            b.append("  ").append(exec).append(n).append(" -- java --add-opens java.base/sun.nio.ch=ALL-UNNAMED")
                    .append(" --add-opens java.base/java.io=ALL-UNNAMED -cp '").append(f.daemons().resolve("cp")).append("/*:")
                    .append(f.daemons().resolve("cp").resolve("classes")).append("' eu.xtreemos.ds.saga.examples.CounterServer")
                    .append(" 'ds://[").append(svc).append("]:").append(f.port()).append("?socket=").append(f.socket(n)).append("' &\n");
        }
        b.append("\nconnect a client from ").append(f.clients().get(0)).append(" (any TCP client), type 'add 5', hand it off, type 'add 1':\n");
        b.append("  ").append(exec).append(f.clients().get(0)).append(" -- nc ").append(svc).append(' ').append(f.port()).append('\n');
        b.append("  ").append(exec).append(f.clients().get(0)).append(" -- socat - 'TCP6:[").append(svc).append("]:")
                .append(f.port()).append("'\n");
        b.append("  ").append(exec).append(f.clients().get(0)).append(" -- bash -c 'exec 3<>/dev/tcp/").append(svc).append('/')
                .append(f.port()).append("; cat <&3 & cat >&3'\n");
        return b.toString();
    }
}
