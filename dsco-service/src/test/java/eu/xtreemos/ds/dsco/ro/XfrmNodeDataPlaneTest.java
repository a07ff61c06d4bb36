package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.rtnl.RouteTable;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import eu.xtreemos.ds.xfrm.MobileIpv6Xfrm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * dsco's kernel Mobile IPv6 data plane on the serving node, in a scratch namespace (site 72) holding a service
 * address on lo. On a kernel without CONFIG_IPV6_MIP6 (these machines) it must refuse to start, naming the missing
 * option and the alternative, and leave the address unmarked; on one with it (the Vagrant VMs run the whole
 * handoff), it marks the address as a home address and installs and removes a binding's states.
 */
class XfrmNodeDataPlaneTest {
    private static final Inet6Address SERVICE = v6("fd00:d5:72::1");
    private static final Inet6Address NODE = v6("fd00:d5:72::10");
    private static final Inet6Address CLIENT = v6("fd00:d5:72::101");

    private static Inet6Address v6(String s) {
        try {
            return (Inet6Address) InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    @Test
    void refusedWithTheReasonOrMarksTheServiceAddressAndFollowsBindings() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("xnode")) {
            assertEquals(0, s.exec("ip", "-6", "addr", "add", "fd00:d5:72::1/128", "dev", "lo", "nodad"));
            s.ns.call(() -> {
                XfrmNodeDataPlane plane = new XfrmNodeDataPlane(List.of(SERVICE));
                try {
                    plane.enable();
                } catch (IOException e) {
                    System.out.println("ro.backend=xfrm refused here, as it must be without Mobile IPv6: " + e.getMessage());
                    assertTrue(e.getMessage().startsWith("ro.backend=xfrm: ") && e.getMessage().contains("CONFIG_IPV6_MIP6")
                            && e.getMessage().contains("use ro.backend=auto"), e.getMessage());
                    assertFalse(homeFlag(), "nothing marked when refused");
                    return null;
                }
                try (plane; MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                    assertTrue(homeFlag(), "the service address is a home address now");
                    plane.receiveAlong(SERVICE, NODE, CLIENT);
                    assertEquals(1, x.states().size(), "routing header accepted: " + x.states());
                    plane.sendAlong(SERVICE, NODE, CLIENT);
                    assertEquals(2, x.states().size(), "home address option sent: " + x.states());
                    plane.drop(SERVICE, CLIENT);
                    assertEquals(List.of(), x.states());
                    assertEquals(List.of(), x.policies());
                }
                return null;
            });
        }
    }

    private static boolean homeFlag() {
        try (RouteTable routes = RouteTable.open()) {
            return routes.addresses(StandardProtocolFamily.INET6).stream()
                    .anyMatch(a -> a.prefix().address().equals(SERVICE) && a.isHomeAddress());
        }
    }
}
