package eu.xtreemos.ds.correspondent;

import eu.xtreemos.ds.dsco.cli.BuildVersion;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.ro.DataPlaneChoice;
import eu.xtreemos.ds.rtnl.Route;
import eu.xtreemos.ds.rtnl.RouteTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** ds-correspondent: route optimization on a client host whose OS has no Mobile IPv6 (runs as root). */
@Command(name = "ds-correspondent", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        header = "route optimization for Distributed Servers on a client host",
        description = {"The correspondent agent for client hosts: answers return routability, checks Binding Updates",
                "(RFC 6275) and installs each accepted binding in the kernel (an SRv6 route, or the kernel's Mobile IPv6",
                "route optimization), so the client's packets for a service address go straight to the node that serves it.",
                "Stop it with SIGTERM; it removes its bindings."})
public final class CorrespondentMain implements Callable<Integer> {
    enum Backend { auto, xfrm, srv6, nft }

    @Option(names = "--address", required = true, description = "This host's IPv6 address (the one the service's nodes see).")
    String address;

    @Option(names = "--backend", defaultValue = "auto", description = {"Data plane for bindings: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
            "auto: the first of xfrm, srv6, nft that this kernel has (as dsco's ro.backend=auto picks; `dsco check-kernel` shows which);",
            "xfrm: the kernel's Mobile IPv6 (type 2 routing header, home address option; needs CONFIG_IPV6_MIP6 and xfrm_user);",
            "srv6: a segment routing route per binding (needs CONFIG_IPV6_SEG6_LWTUNNEL);",
            "nft: address rewriting in nftables, a map element per binding (needs nf_tables and the nft command).",
            "--gateway, --interface, --table and --rule-priority concern srv6 only; --mark concerns srv6 and nft."})
    Backend backend;

    @Option(names = "--gateway", description = "srv6: next hop towards the nodes (default: the main table's IPv6 default route).")
    String gateway;

    @Option(names = "--interface", description = "srv6: interface towards the nodes (default: that of the default route).")
    String ifname;

    @Option(names = "--table", defaultValue = "2135", description = "srv6: routing table for Home Tests, holding only the default route (default ${DEFAULT-VALUE}).")
    int table;

    @Option(names = "--rule-priority", defaultValue = "1000", description = "srv6: priority of the rule that sends marked Home Tests to that table (default ${DEFAULT-VALUE}).")
    int priority;

    @Option(names = "--mark", defaultValue = "0xd5", converter = MarkConverter.class,
            description = "srv6, nft: firewall mark of Home Tests, which take the home path around the bindings (default ${DEFAULT-VALUE}).")
    int mark;

    @Option(names = "--status-file", description = "Write counters and bindings here after every change.")
    Path statusFile;

    @Override
    public Integer call() throws Exception {
        InetAddress own = InetAddress.getByName(address);
        if (!(own instanceof Inet6Address own6)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--address: " + address + " is not an IPv6 address");
        }
        DscoConfig.RouteOptimization.Backend chosen = DataPlaneChoice.choose(
                DscoConfig.RouteOptimization.Backend.valueOf(backend.name().toUpperCase()), "--backend");
        BindingRoutes routes = switch (chosen) {
            case XFRM -> new XfrmBindingRoutes(own6);
            case SRV6 -> {
                resolveDefaults();
                yield new Srv6BindingRoutes(table, priority, mark, InetAddress.getByName(gateway), ifname);
            }
            case NFT -> new NftBindingRoutes(mark);
            case AUTO -> throw new IllegalStateException("auto is resolved by DataPlaneChoice");
        };
        CorrespondentAgent started;
        try {
            started = new CorrespondentAgent(own6, routes, statusFile);
        } catch (IOException | RuntimeException e) {
            routes.close();
            throw e;
        }
        try (CorrespondentAgent agent = started) {
            Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "stop"));
            System.out.println("ready correspondent " + own6.getHostAddress());
            System.out.flush();
            agent.run();
        }
        return 0;
    }

    private void resolveDefaults() throws IOException {
        if (gateway != null && ifname != null) {
            return;
        }
        try (RouteTable routes = RouteTable.open()) {
            Route dflt = routes.listRoutes(StandardProtocolFamily.INET6).stream()
                    .filter(r -> r.table() == Route.MAIN_TABLE && r.dst().length() == 0 && r.gateway() != null)
                    .findFirst().orElseThrow(() -> new IOException("no IPv6 default route: give --gateway and --interface"));
            if (gateway == null) {
                gateway = dflt.gateway().getHostAddress();
            }
            if (ifname == null) {
                ifname = NetworkInterface.getByIndex(dflt.oif()).getName();
            }
        }
    }

    static final class MarkConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int m = Integer.decode(v);
            if (m == 0) {
                throw new CommandLine.TypeConversionException("the mark must not be 0");
            }
            return m;
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new CorrespondentMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("ds-correspondent: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
