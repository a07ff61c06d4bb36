package eu.xtreemos.ds.correspondent;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import eu.xtreemos.ds.xfrm.MobileIpv6Xfrm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ds-correspondent's kernel Mobile IPv6 data plane (--backend xfrm), in a scratch namespace (site 73). Without
 * CONFIG_IPV6_MIP6 (these machines) it is refused with the reason and the alternative; with it (the Vagrant VMs
 * run the whole handoff through it), a binding installs the correspondent's states, moves in place, and goes.
 */
class XfrmBindingRoutesTest {
    private static final Inet6Address CLIENT = v6("fd00:d5:73::101");
    private static final Inet6Address SERVICE = v6("fd00:d5:73:5::1");

    private static Inet6Address v6(String s) {
        try {
            return (Inet6Address) InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    @Test
    void refusedWithTheReasonOrBindsMovesAndUnbinds() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("xcorr")) {
            s.ns.call(() -> {
                XfrmBindingRoutes routes;
                try {
                    routes = new XfrmBindingRoutes(CLIENT);
                } catch (IOException e) {
                    System.out.println("--backend xfrm refused here, as it must be without Mobile IPv6: " + e.getMessage());
                    assertTrue(e.getMessage().startsWith("--backend xfrm: ") && e.getMessage().contains("CONFIG_IPV6_MIP6")
                            && e.getMessage().contains("use --backend srv6"), e.getMessage());
                    return null;
                }
                try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                    try (routes) {
                        routes.bind(SERVICE, v6("fd00:d5:73::11"));
                        routes.bind(SERVICE, v6("fd00:d5:73::12"));
                        assertEquals(2, x.states().size(), x.states().toString());
                        assertTrue(x.states().stream().anyMatch(st -> st.careOf().equals(v6("fd00:d5:73::12"))), "moved in place: " + x.states());
                        routes.unbind(SERVICE);
                        assertEquals(List.of(), x.states());
                        routes.bind(SERVICE, v6("fd00:d5:73::11"));
                    }
                    assertEquals(List.of(), x.states(), "close removes the agent's bindings");
                    assertEquals(List.of(), x.policies());
                }
                return null;
            });
        }
    }
}
