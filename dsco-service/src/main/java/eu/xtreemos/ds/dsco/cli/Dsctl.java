package eu.xtreemos.ds.dsco.cli;

import eu.xtreemos.ds.dsco.api.GroupEvent;
import eu.xtreemos.ds.dsco.api.HandoffTimings;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.dsco.client.DscoException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** dsctl: the operators' command line for a node's dsco daemon. */
@Command(name = "dsctl", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Talks to the dsco daemon of this node: nodes, clients, handoffs, contact node, configuration.",
        subcommands = {Dsctl.NodeStatus.class, Dsctl.Members.class, Dsctl.Nodes.class, Dsctl.Clients.class, Dsctl.Handoff.class, Dsctl.Contact.class,
                Dsctl.Config.class, Dsctl.Stats.class, Dsctl.Events.class, Dsctl.Drain.class, Dsctl.Node.class, Dsctl.Successors.class})
public final class Dsctl {
    @Option(names = {"-s", "--socket"}, defaultValue = "${DSCO_SOCKET:-/run/dsco/dsco.sock}",
            description = "dsco's API socket (default: $DSCO_SOCKET or ${DEFAULT-VALUE}).", scope = CommandLine.ScopeType.INHERIT)
    Path socket;

    DscoClient connect() throws IOException {
        return DscoClient.connect(socket);
    }

    static InetAddress address(String s) {
        if (!s.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "This node's name, role and redirect mode.")
    static final class NodeStatus implements Callable<Integer> {
        @ParentCommand
        Dsctl top;

        @Override
        public Integer call() throws IOException {
            try (DscoClient c = top.connect()) {
                c.hello().forEach((k, v) -> System.out.printf("%-6s %s%n", k, v));
            }
            return 0;
        }
    }

    @Command(name = "members", mixinStandardHelpOptions = true, description = "The dsco daemons alive now (the membership group) and the contact node.")
    static final class Members implements Callable<Integer> {
        @ParentCommand
        Dsctl top;

        @Override
        public Integer call() throws IOException {
            try (DscoClient c = top.connect()) {
                List<String> m = c.members();
                String contact = m.get(m.size() - 1);
                for (String n : m.subList(0, m.size() - 1)) {
                    System.out.println(n + (n.equals(contact) ? "  (contact)" : ""));
                }
                if (!m.subList(0, m.size() - 1).contains(contact)) {
                    System.out.println("contact node " + contact + " is not alive");
                }
            }
            return 0;
        }
    }

    @Command(name = "nodes", mixinStandardHelpOptions = true, description = "The nodes of the distributed server (the seed's getAllNodes).")
    static final class Nodes implements Callable<Integer> {
        @ParentCommand
        Dsctl top;

        @Override
        public Integer call() throws IOException {
            try (DscoClient c = top.connect()) {
                String self = c.localNode().name();
                for (DscoClient.Node n : c.allNodes()) {
                    System.out.printf("%-12s %-28s %-8s%s%n", n.name(), n.address().getHostAddress(), n.role(), n.name().equals(self) ? " (this node)" : "");
                }
            }
            return 0;
        }
    }

    @Command(name = "clients", mixinStandardHelpOptions = true, description = "Clients served here, and those handed away from here with the node they went to.")
    static final class Clients implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @Option(names = "--service", description = "Only this service.")
        String service;

        @Override
        public Integer call() throws IOException {
            try (DscoClient c = top.connect()) {
                System.out.printf("%-10s %-28s %-12s %s%n", "SERVICE", "CLIENT", "NODE", "CONNECTIONS");
                for (DscoClient.ClientInfo i : c.listClients(service)) {
                    System.out.printf("%-10s %-28s %-12s %d%n", i.service(), i.client().getHostAddress(), i.node(), i.connections());
                }
            }
            return 0;
        }
    }

    @Command(name = "handoff", mixinStandardHelpOptions = true, description = "Asks the service's application on this node to hand a client to another node, and waits for it.")
    static final class Handoff implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @Option(names = "--service", description = "Service id (default: the node's first service).")
        String service;
        @Option(names = "--client", required = true, description = "The client's address.")
        String client;
        @Option(names = "--to", required = true, description = "The node to hand the client to.")
        String node;

        @Override
        public Integer call() throws IOException {
            InetAddress who = address(client); // bad input is reported before dsco is contacted
            try (DscoClient c = top.connect()) {
                HandoffTimings t = c.requestHandoff(service, who, node);
                System.out.println("handed " + client + " to " + node + ": " + t);
            }
            return 0;
        }
    }

    @Command(name = "contact", mixinStandardHelpOptions = true, description = "Makes a node the contact node for new clients (the seed's ds takeover); established clients stay.")
    static final class Contact implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @Option(names = "--service", description = "Service id (default: every service of the node).")
        String service;
        @Option(names = "--to", required = true, description = "The new contact node.")
        String node;

        @Override
        public Integer call() throws IOException {
            try (DscoClient c = top.connect()) {
                c.changeContact(service, node);
                System.out.println("contact node is now " + node);
            }
            return 0;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true, description = {"Shows the configuration, or changes a setting: config [KEY] | config KEY VALUE.",
            "Run-time settings: timeouts.flush, .prepare, .commit, .ha, .grace, .restart; api.users, api.groups (root or the admin group).",
            "A change applies at once and says whether it was written to the configuration file (it is not: it lasts until",
            "dsco restarts or re-reads the file on SIGHUP; edit the file and send SIGHUP to keep it)."})
    static final class Config implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @Parameters(arity = "0..2", description = "KEY to show, or KEY VALUE to set.")
        String[] args = new String[0];

        @Override
        public Integer call() throws IOException {
            try (DscoClient c = top.connect()) {
                if (args.length == 2) {
                    DscoClient.Setting set = c.set(args[0], args[1]);
                    System.out.println(set.key() + " = " + set.value() + (set.persisted() ? "  (written to dsco's configuration file)"
                            : "  (applies now, until dsco restarts or re-reads its configuration file on SIGHUP: not written to it)"));
                } else {
                    c.config(args.length == 1 ? args[0] : null).forEach((k, v) -> System.out.println(k + " = " + v));
                }
            }
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = {
            "What this dsco has done since it started: handoffs by result and refusal reason, latency per handoff phase",
            "(count, mean, nearest-rank p50/p90/p99 in ms, each the upper bound of its log-spaced bucket), packets held,",
            "injected and dropped by the packet filter and its queue overflows, membership changes, redirect switches",
            "and route-optimization bindings (- in HA-steering mode)."})
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @Option(names = "--json", description = "Print JSON, nested by the keys' dots (no value: null).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            try (DscoClient c = top.connect()) {
                Map<String, String> stats = c.stats();
                System.out.print(json ? StatsFormat.json(stats) : StatsFormat.table(stats));
            }
            return 0;
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = {
            "The group's events as this dsco saw them (node joined/left, contact changed, client received, handed off,",
            "handoff failed, drain progress), one per line: SEQUENCE KIND [service=] [client=] [node=] (detail).",
            "Without --follow, prints those held and stops; --after resumes after a sequence number of run --epoch."})
    static final class Events implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @Option(names = "--after", defaultValue = "0", description = "Print the events after this sequence number (default: ${DEFAULT-VALUE}).")
        long after;
        @Option(names = "--epoch", description = "The run of dsco the sequence number belongs to (printed first; default: the current run).")
        String epoch;
        @Option(names = {"-f", "--follow"}, description = "Keep printing new events until interrupted.")
        boolean follow;

        @Override
        public Integer call() throws IOException {
            if (after < 0) {
                throw new IllegalArgumentException("--after must be 0 or more, not " + after);
            }
            try (DscoClient c = top.connect()) {
                String run = epoch;
                long last = after;
                boolean first = true;
                while (true) {
                    GroupEvent.Batch b = c.events(run, last, follow ? 1000 : 0);
                    if (first) {
                        System.out.println("# epoch " + b.epoch() + ", events " + b.first() + ".." + b.last() + " held");
                        first = false;
                    }
                    for (GroupEvent e : b.events()) {
                        System.out.println(e);
                        last = e.sequence();
                    }
                    System.out.flush();
                    run = b.epoch();
                    if (!follow && (b.events().isEmpty() || last >= b.last())) {
                        return 0;
                    }
                }
            }
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true, description = {
            "Empties this node before it is taken down: it takes no more clients in handoffs, and its application is asked",
            "to hand each client to the live other node serving the fewest. Shows progress; ends with the clients that",
            "could not move and why (exit code 3 if any). Not on the contact node: move the contact first (dsctl contact).",
            "The node stays drained until dsco restarts or: dsctl drain --resume."})
    static final class Drain implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @Option(names = "--service", description = "Only this service's clients (default: every service of the node).")
        String service;
        @Option(names = "--resume", description = "Lift a drain: the node takes clients in handoffs again.")
        boolean resume;

        @Override
        public Integer call() throws Exception {
            try (DscoClient c = top.connect()) {
                if (resume) {
                    c.resumeAfterDrain();
                    System.out.println("the node takes clients again");
                    return 0;
                }
                long from = c.events(null, 0, 0).last();
                Thread progress = new Thread(() -> showProgress(from), "drain-progress");
                progress.setDaemon(true);
                progress.start();
                DscoClient.DrainReport r = c.drain(service);
                progress.interrupt();
                progress.join(2000);
                System.err.print(System.console() != null ? "\r\033[K" : "");
                System.out.println("drained: " + r.moved() + " clients moved, " + r.stayed().size() + " stayed");
                r.stayed().forEach((client, why) -> System.out.println("  " + client.getHostAddress() + " stayed: " + why));
                return r.empty() ? 0 : 3;
            }
        }

        /** Prints the drain's progress events from its own connection (the drain's waits for its answer). */
        private void showProgress(long after) {
            boolean tty = System.console() != null;
            try (DscoClient c = top.connect()) {
                String run = null;
                long last = after;
                while (!Thread.currentThread().isInterrupted()) {
                    GroupEvent.Batch b = c.events(run, last, 500);
                    for (GroupEvent e : b.events()) {
                        if (e.kind() == GroupEvent.Kind.DRAIN_PROGRESS) {
                            String line = "drain: " + e.detail() + (e.client() == null ? "" : " (" + e.client().getHostAddress() + ")");
                            System.err.print(tty ? "\r\033[K" + line : line + "\n");
                            System.err.flush();
                        }
                        last = e.sequence();
                    }
                    run = b.epoch();
                }
            } catch (IOException e) {
                // progress is a display only; the drain's answer says how it ended
            }
        }
    }

    @Command(name = "node", mixinStandardHelpOptions = true, description = {
            "Adds a node to the group or removes one, while everything runs (root or the admin group).",
            "This dsco checks the change and tells the HA agent and every other dsco; a request that failed on the way",
            "can be repeated. Not written to any configuration file: list the node in every file too."},
            subcommands = {Node.Add.class, Node.Remove.class})
    static final class Node implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "dsctl node needs a subcommand: add or remove");
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = {
                "Adds NAME at ADDRESS (its own IPv6 address). Start the node's dsco first, with every node (itself",
                "included) in its nodes list: it joins the membership group by itself."})
        static final class Add implements Callable<Integer> {
            @ParentCommand
            Node node;
            @Parameters(index = "0", paramLabel = "NAME", description = "The node's name (as node.name: a-z, 0-9, '-').")
            String name;
            @Parameters(index = "1", paramLabel = "ADDRESS", description = "The node's own IPv6 address.")
            String address;

            @Override
            public Integer call() throws IOException {
                InetAddress a = address(address); // bad input is reported before dsco is contacted
                try (DscoClient c = node.top.connect()) {
                    c.addNode(name, a);
                    System.out.println("node " + name + " at " + a.getHostAddress() + " added");
                }
                return 0;
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = {
                "Removes NAME from the group. Refused while it is the contact node (move it with contact --to) or",
                "serves clients (hand them to other nodes first), and for the node of this dsco (ask another node's)."})
        static final class Remove implements Callable<Integer> {
            @ParentCommand
            Node node;
            @Parameters(index = "0", paramLabel = "NAME", description = "The node to remove.")
            String name;

            @Override
            public Integer call() throws IOException {
                try (DscoClient c = node.top.connect()) {
                    c.removeNode(name);
                    System.out.println("node " + name + " removed");
                }
                return 0;
            }
        }
    }

    @Command(name = "successors", mixinStandardHelpOptions = true, description = {
            "Sets the order in which nodes take over when the contact node fails: the NAMEs first, in this order, then",
            "the other nodes in their configured order (root or the admin group). No NAME: the configured order again.",
            "Every dsco is told; not written to any configuration file (the order of nodes there is the configured order)."})
    static final class Successors implements Callable<Integer> {
        @ParentCommand
        Dsctl top;
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Nodes in the order they succeed the contact node.")
        List<String> names = List.of();

        @Override
        public Integer call() throws IOException {
            try (DscoClient c = top.connect()) {
                c.setSuccessors(names);
                System.out.println("successors of the contact node: " + (names.isEmpty() ? "the configured order" : String.join(", ", names)));
            }
            return 0;
        }
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Dsctl());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DscoException d) {
                cmd.getErr().println("dsctl: dsco refused (" + d.status().name().toLowerCase().replace('_', ' ') + "): " + d.getMessage());
                return d.status() == Status.DENIED ? 4 : 3;
            }
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("dsctl: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("dsctl: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
