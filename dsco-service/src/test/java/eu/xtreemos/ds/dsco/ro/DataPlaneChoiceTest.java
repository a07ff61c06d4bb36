package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.dsco.config.DscoConfig.RouteOptimization.Backend;
import eu.xtreemos.ds.probe.Capability;
import eu.xtreemos.ds.probe.KernelProbe;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The choice of data plane from a probe's verdicts (the probe itself runs for real in KernelProbeTest). */
class DataPlaneChoiceTest {
    private static Map<Capability, KernelProbe.Result> kernelWith(Capability... present) {
        Map<Capability, KernelProbe.Result> m = new EnumMap<>(Capability.class);
        Set<Capability> has = Set.of(present);
        for (Capability c : Capability.values()) {
            m.put(c, new KernelProbe.Result(c, has.contains(c), has.contains(c) ? "probed" : "the kernel said no"));
        }
        return m;
    }

    @Test
    void autoPrefersTheKernelsOwnMobileIpv6ThenSegmentRoutingThenRewriting() throws IOException {
        assertEquals(Backend.XFRM, DataPlaneChoice.choose(Backend.AUTO, "ro.backend",
                kernelWith(Capability.MIP6_XFRM, Capability.SRV6, Capability.NFT_REWRITE)));
        assertEquals(Backend.SRV6, DataPlaneChoice.choose(Backend.AUTO, "ro.backend", kernelWith(Capability.SRV6, Capability.NFT_REWRITE)));
        assertEquals(Backend.NFT, DataPlaneChoice.choose(Backend.AUTO, "ro.backend", kernelWith(Capability.NFT_REWRITE)));
    }

    @Test
    void anExplicitBackendTheKernelLacksIsRefusedNamingTheOptionAndWhatAutoWouldUse() {
        IOException e = assertThrows(IOException.class,
                () -> DataPlaneChoice.choose(Backend.SRV6, "ro.backend", kernelWith(Capability.NFT_REWRITE)));
        assertTrue(e.getMessage().startsWith("ro.backend=srv6: "), e.getMessage());
        assertTrue(e.getMessage().contains("CONFIG_IPV6_SEG6_LWTUNNEL") && e.getMessage().contains("the kernel said no"), e.getMessage());
        assertTrue(e.getMessage().endsWith("ro.backend=auto would use nft here"), e.getMessage());
        assertEquals(Backend.SRV6, assertDoesNotThrow(() -> DataPlaneChoice.choose(Backend.SRV6, "--backend", kernelWith(Capability.SRV6))));
    }

    @Test
    void autoWithoutAnyDataPlaneNamesEachMissingOption() {
        IOException e = assertThrows(IOException.class, () -> DataPlaneChoice.choose(Backend.AUTO, "--backend", kernelWith()));
        assertTrue(e.getMessage().startsWith("--backend=auto: this kernel has no route-optimization data plane"), e.getMessage());
        for (String option : new String[] {"CONFIG_IPV6_MIP6", "CONFIG_IPV6_SEG6_LWTUNNEL", "CONFIG_NF_TABLES"}) {
            assertTrue(e.getMessage().contains(option), option + " in " + e.getMessage());
        }
    }
}
