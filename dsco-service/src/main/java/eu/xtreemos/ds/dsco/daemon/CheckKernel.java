package eu.xtreemos.ds.dsco.daemon;

import eu.xtreemos.ds.dsco.config.ConfigException;
import eu.xtreemos.ds.dsco.config.ConfigLoader;
import eu.xtreemos.ds.dsco.config.DscoConfig;
import eu.xtreemos.ds.dsco.ro.DataPlaneChoice;
import eu.xtreemos.ds.probe.Capability;
import eu.xtreemos.ds.probe.KernelProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dsco check-kernel}: what this kernel can do, and whether that is enough for the configured modes. */
@Command(name = "check-kernel", mixinStandardHelpOptions = true,
        description = {"Probes the kernel for every capability Distributed Servers uses (in a scratch network namespace: "
                + "nothing on the host changes), prints each with what depends on it, and says which route-optimization data plane "
                + "ro.backend=auto would use. Needs root.",
                "Exit status: 0 when everything the configured modes need is there, 1 naming what is missing, 2 for a bad configuration."})
final class CheckKernel implements Callable<Integer> {
    private static final Path DEFAULT_CONFIG = Path.of("/etc/dsco/dsco.properties");

    @Option(names = "--config", description = "dsco's configuration, whose redirect.mode, filter.mode and ro.backend are checked "
            + "(default: /etc/dsco/dsco.properties if it exists, else dsco's defaults: steering, hold, ro.backend=auto).")
    Path config;

    private final PrintStream out;

    CheckKernel() {
        this(System.out);
    }

    CheckKernel(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Path file = config != null ? config : Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        DscoConfig.RedirectMode redirect = DscoConfig.RedirectMode.STEERING;
        DscoConfig.FilterMode filter = DscoConfig.FilterMode.HOLD;
        DscoConfig.RouteOptimization.Backend backend = DscoConfig.RouteOptimization.Backend.AUTO;
        if (file != null) {
            try {
                DscoConfig c = ConfigLoader.load(file);
                redirect = c.redirectMode();
                filter = c.filterMode();
                backend = c.routeOptimization().backend();
            } catch (ConfigException e) {
                System.err.println("dsco check-kernel: bad configuration " + file + ": " + e.getMessage());
                return 2;
            }
        }
        Map<Capability, KernelProbe.Result> probe = KernelProbe.results();
        out.println("kernel " + KernelProbe.kernelRelease());
        KernelProbe.report().forEach(out::println);
        out.println();
        String ro;
        String roProblem = null;
        try {
            DscoConfig.RouteOptimization.Backend chosen = DataPlaneChoice.choose(backend, "ro.backend", probe);
            ro = "route optimization: served by the " + DataPlaneChoice.name(chosen) + " data plane"
                    + (backend == DscoConfig.RouteOptimization.Backend.AUTO ? " (ro.backend=auto picks xfrm, then srv6, then nft)"
                    : " (ro.backend=" + DataPlaneChoice.name(backend) + ")");
        } catch (IOException e) {
            ro = "route optimization: not available: " + e.getMessage();
            roProblem = e.getMessage();
        }
        out.println(ro);
        out.println("HA steering (ds-ha, on the home agent): " + (probe.get(Capability.IPSET_SKBINFO).available() ? "available" : "not available"));

        List<String> missing = new ArrayList<>();
        need(probe, Capability.TCP_REPAIR, missing);
        if (filter == DscoConfig.FilterMode.HOLD) {
            need(probe, Capability.NFQUEUE, missing);
        }
        if (redirect == DscoConfig.RedirectMode.ROUTE_OPTIMIZATION && roProblem != null) {
            missing.add(roProblem);
        }
        String modes = "redirect.mode=" + redirect.name().toLowerCase().replace('_', '-') + ", filter.mode=" + filter.name().toLowerCase()
                + ", ro.backend=" + DataPlaneChoice.name(backend) + (file == null ? " (defaults)" : " (" + file + ")");
        if (missing.isEmpty()) {
            out.println("ok for " + modes);
            return 0;
        }
        out.println("missing for " + modes + ":");
        missing.forEach(m -> out.println("  " + m));
        return 1;
    }

    private static void need(Map<Capability, KernelProbe.Result> probe, Capability c, List<String> missing) {
        if (!probe.get(c).available()) {
            missing.add(probe.get(c).reason());
        }
    }
}
