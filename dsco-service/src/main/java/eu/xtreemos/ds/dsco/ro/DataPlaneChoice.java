package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.dsco.config.DscoConfig.RouteOptimization.Backend;
import eu.xtreemos.ds.probe.Capability;
import eu.xtreemos.ds.probe.KernelProbe;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which route-optimization data plane runs here: the configured one if the kernel has it, or for {@code auto} the
 * first the kernel has of xfrm, srv6 and nft (the kernel's own Mobile IPv6 first, the rewriting last: it is the
 * one that works everywhere). Shared by dsco ({@code ro.backend}) and the correspondent agent ({@code --backend}),
 * so that both pick the same on the same kernel.
 */
public final class DataPlaneChoice {
    /** The order {@code auto} tries. */
    public static final List<Backend> AUTO_ORDER = List.of(Backend.XFRM, Backend.SRV6, Backend.NFT);

    private DataPlaneChoice() {
    }

    public static Capability capabilityOf(Backend b) {
        return switch (b) {
            case XFRM -> Capability.MIP6_XFRM;
            case SRV6 -> Capability.SRV6;
            case NFT -> Capability.NFT_REWRITE;
            case AUTO -> throw new IllegalArgumentException("auto is a choice, not a data plane");
        };
    }

    /** What {@code ro.backend=auto} picks on this kernel: what dsco and the correspondent agent run here by default. */
    public static Backend auto() throws IOException {
        return choose(Backend.AUTO, "ro.backend");
    }

    /** {@link #choose(Backend, String, Map)} with this kernel's probe. */
    public static Backend choose(Backend configured, String setting) throws IOException {
        return choose(configured, setting, KernelProbe.results());
    }

    /**
     * The data plane for {@code configured}, or an exception naming what this kernel lacks. {@code setting} names
     * the knob in messages ("ro.backend", "--backend").
     */
    public static Backend choose(Backend configured, String setting, Map<Capability, KernelProbe.Result> probe) throws IOException {
        if (configured != Backend.AUTO) {
            KernelProbe.Result r = probe.get(capabilityOf(configured));
            if (!r.available()) {
                Backend instead = AUTO_ORDER.stream().filter(b -> probe.get(capabilityOf(b)).available()).findFirst().orElse(null);
                throw new IOException(setting + "=" + name(configured) + ": this kernel cannot: " + r.reason()
                        + (instead == null ? "" : "; " + setting + "=auto would use " + name(instead) + " here"));
            }
            return configured;
        }
        for (Backend b : AUTO_ORDER) {
            if (probe.get(capabilityOf(b)).available()) {
                return b;
            }
        }
        throw new IOException(setting + "=auto: this kernel has no route-optimization data plane: "
                + AUTO_ORDER.stream().map(b -> name(b) + ": " + probe.get(capabilityOf(b)).reason()).collect(Collectors.joining("; ")));
    }

    public static String name(Backend b) {
        return b.name().toLowerCase();
    }
}
