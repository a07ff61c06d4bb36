package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.cli.BuildVersion;
import eu.xtreemos.ds.dsco.config.ConfigException;
import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.probe.Capability;
import eu.xtreemos.ds.probe.KernelProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** dsco: the per-node Distributed Servers daemon (root). */
@Command(name = "dsco", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        header = "the per-node Distributed Servers daemon", subcommands = CheckKernel.class,
        description = {"The privileged per-node daemon of Distributed Servers: serves the UNIX-socket API to local",
                "applications, hands clients off to and from other nodes, and holds in-flight clients' packets."})
public final class DscoMain implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "/etc/dsco/dsco.properties", description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--check", description = "Only check the configuration and exit (0 good, 2 bad).")
    boolean check;

    @Override
    public Integer call() throws Exception {
        DscoConfig c;
        try {
            c = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("dsco: bad configuration " + config + ": " + e.getMessage());
            return 2;
        }
        List<String> problems = UserNamespaceCheck.problems(c);
        if (!problems.isEmpty()) {
            System.err.println("dsco: " + config + " cannot run in this user namespace (no real root):\n  "
                    + String.join("\n  ", problems));
            return 2;
        }
        if (check) {
            System.out.println("configuration ok: node " + c.nodeName() + ", " + c.services().size() + " service(s)");
            return 0;
        }
        // Before the packet filter opens: no client's packets wait meanwhile.
        HandoffWarmup.run(new KernelConnectionEngine(), ClusterKeys.read(c.clusterKeyFile(), c.previousClusterKeyFile()), c.nodeName(),
                c.warmupRounds());
        NfqPacketFilter filter;
        try {
            filter = NfqPacketFilter.open(c);
        } catch (IOException | RuntimeException e) {
            throw KernelProbe.explain(Capability.NFQUEUE, e);
        }
        Dsco d = new Dsco(c, filter);
        d.reloadOnSighup(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                d.close();
            } catch (Exception e) {
                System.err.println("dsco: shutting down: " + e);
            }
        }, "dsco-shutdown"));
        System.out.println("ready " + c.nodeName() + " " + c.apiSocket());
        System.out.flush();
        SystemdNotify.notify("READY=1\nSTATUS=serving node " + c.nodeName() + " on " + c.apiSocket());
        d.run();
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new DscoMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("dsco: " + e.getMessage());
            e.printStackTrace();
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
