package eu.xtreemos.ds.ha;

import eu.xtreemos.ds.dsco.cli.BuildVersion;
import eu.xtreemos.ds.dsco.config.ConfigException;
import eu.xtreemos.ds.dsco.config.HaConfig;
import eu.xtreemos.ds.dsco.config.HaConfigLoader;
import eu.xtreemos.ds.dsco.peer.ClusterKeys;
import eu.xtreemos.ds.dsco.peer.PeerServer;
import eu.xtreemos.ds.probe.Capability;
import eu.xtreemos.ds.probe.KernelProbe;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** ds-ha: the HA agent, run in the home agent's network namespace (as root: it programs routes). */
@Command(name = "ds-ha", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        header = "the Distributed Servers HA agent: steers each client to its serving node",
        description = {"The home agent's steering agent: keeps the binding client -> serving node per service and",
                "steers each client to its node by packet mark (ipset + policy routing) when a node's dsco asks",
                "(cluster key required)."})
public final class HaMain implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The HA agent's properties file.")
    Path config;

    @Option(names = "--check", description = "Only check the configuration and exit.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        HaConfig c;
        try {
            c = HaConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("ds-ha: bad configuration " + config + ": " + e.getMessage());
            return 2;
        }
        if (check) {
            System.out.println("configuration ok");
            return 0;
        }
        ClusterKeys keys = ClusterKeys.read(c.clusterKeyFile(), c.previousClusterKeyFile());
        LoggerFactory.getLogger(HaMain.class).info("cluster link accepts {}", keys);
        MarkSteering steering;
        try {
            steering = new MarkSteering(c.nodesInterface());
        } catch (IOException | RuntimeException e) {
            throw KernelProbe.explain(Capability.IPSET_SKBINFO, e);
        }
        try (MarkSteering routes = steering) {
            HaAgent agent = new HaAgent(c, routes);
            agent.start();
            try (PeerServer server = new PeerServer(new InetSocketAddress(c.address(), c.port()), keys, c.name(),
                    agent::nodeNames, agent::handle)) { // nodes join and leave at run time
                System.out.println("ready ha " + c.address().getHostAddress() + " " + c.port());
                System.out.flush();
                server.run();
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new HaMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("ds-ha: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
