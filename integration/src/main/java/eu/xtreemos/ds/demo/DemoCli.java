package eu.xtreemos.ds.demo;

import eu.xtreemos.ds.dsco.cli.BuildVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.SameJava;
import eu.xtreemos.ds.testbed.UserNamespaceSandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ds-demo}: the live-handoff demo on a fresh network-namespace testbed. */
@Command(name = "ds-demo", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Brings up a network-namespace testbed (home agent, contact node, server nodes, a client), starts "
                + "the HA agent and a dsco daemon per node, runs the stateful stream service on every node as the "
                + "unprivileged user nobody (an application written on the SAGA API: StreamDemoServer), has a client "
                + "stream both ways over several TCP connections, hands it back and forth between the nodes through "
                + "dsco, prints a timeline per handoff and a summary, and tears everything down. As root the namespaces "
                + "are the host's; as an ordinary user (or with --rootless) everything runs in a user namespace of its own, "
                + "where the service runs as that user (docs/testbed.md).")
public final class DemoCli implements Callable<Integer> {
    @Option(names = "--handoffs", defaultValue = "20", description = "Number of handoffs (default: ${DEFAULT-VALUE}).")
    int handoffs;

    @Option(names = "--servers", defaultValue = "1", description = "Server nodes besides the contact node, 1-9 (default: ${DEFAULT-VALUE}).")
    int servers;

    @Option(names = "--connections", defaultValue = "3", description = "TCP connections of the client, 1-16 (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", defaultValue = "2000000", description = "Bytes per second each way per connection (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--interval-ms", defaultValue = "300", description = "Time between handoffs in ms (default: ${DEFAULT-VALUE}).")
    long intervalMillis;

    @Option(names = "--name", defaultValue = "dsdemo", description = "Testbed name, prefix of its namespaces (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--site", defaultValue = "7", description = "Testbed address block, 0-255 (default: ${DEFAULT-VALUE}).")
    int site;

    @Option(names = "--filter", defaultValue = "hold",
            description = "What nodes do with an in-flight client's packets: hold (and deliver them) or drop (default: ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--app", defaultValue = "saga",
            description = "The service on the nodes: saga (StreamDemoServer, on the SAGA API) or dsco (the same service on "
                    + "dsco's client library, for comparison) (default: ${DEFAULT-VALUE}).")
    String app;

    @Option(names = "--redirect", defaultValue = "steering",
            description = "How the client's packets follow it: steering (the HA's per-client route) or route-optimization "
                    + "(Mobile IPv6 bindings at the client, SRv6 data plane) (default: ${DEFAULT-VALUE}).")
    String redirect;

    @Option(names = {"-v", "--verbose"}, description = "Print every handoff, not only the first few and every tenth.")
    boolean verbose;

    @Option(names = "--rootless", description = "Run in a user namespace of its own, as an ordinary user would; the "
            + "default when not root.")
    boolean rootless;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HandoffDemo.Options o;
        try {
            o = new HandoffDemo.Options(name, site, servers, handoffs, connections, rate, Duration.ofMillis(intervalMillis), filter,
                    verbose, app, redirect);
        } catch (IllegalArgumentException e) {
            System.err.println("ds-demo: " + e.getMessage());
            return 2;
        }
        if (UserNamespaceSandbox.current().isEmpty()
                && (rootless || NamespaceTestbed.privilegeProblem(Files.readString(Path.of("/proc/self/status"))).isPresent())) {
            return runInSandbox();
        }
        HandoffDemo.Result r = new HandoffDemo(o, System.out).run();
        if (r.errors().isEmpty() && r.failedHandoffs() == 0) {
            return 0;
        }
        System.err.printf("ds-demo: FAILED: %d handoffs failed, %d errors (listed above)%n", r.failedHandoffs(), r.errors().size());
        return 1;
    }

    /** This command again inside a rootless testbed's sandbox, which is removed afterwards whatever happens. */
    private int runInSandbox() throws Exception {
        System.out.println("Not root" + (rootless ? " (--rootless)" : "") + ": the demo runs in a user namespace of its own, "
                + "where you are root; the service runs as you.");
        UserNamespaceSandbox sandbox = UserNamespaceSandbox.start(name);
        Thread cleanup = new Thread(sandbox::stop, "demo-sandbox-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return SameJava.runInheritingIo(sandbox.enter(SameJava.command(DemoCli.class, spec.commandLine().getParseResult().originalArgs())));
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            sandbox.stop();
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new DemoCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("ds-demo: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (parsed.hasMatchedOption("--verbose") || e.getMessage() == null) {
                e.printStackTrace();
            }
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
