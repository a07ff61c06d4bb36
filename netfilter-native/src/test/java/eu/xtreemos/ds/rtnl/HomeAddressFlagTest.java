package eu.xtreemos.ds.rtnl;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Marking an address as a Mobile IPv6 home address (IFA_F_HOMEADDRESS) over rtnetlink, in a scratch namespace
 * (site 70: fd00:d5:70::/48), as {@code ip -6 addr} sees it. The kernel keeps the flag whether or not it has
 * CONFIG_IPV6_MIP6; what the flag does (type 2 routing headers accepted, source selection) is checked in the VMs.
 */
class HomeAddressFlagTest {
    private static final Inet6Address SERVICE = (Inet6Address) IpPrefix.literal("fd00:d5:70::1");

    @Test
    void aServiceAddressIsMarkedAndUnmarkedKeepingItsOtherFlags() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("xhome")) {
            Topology.check(s, "ip", "-6", "addr", "add", "fd00:d5:70::1/128", "dev", "lo", "nodad");
            s.ns.call(() -> {
                try (RouteTable routes = RouteTable.open()) {
                    InterfaceAddress before = routes.setHomeAddress(SERVICE, true);
                    assertFalse(before.isHomeAddress(), before.toString());
                    InterfaceAddress now = find(routes);
                    assertTrue(now.isHomeAddress(), now.toString());
                    assertTrue((now.flags() & InterfaceAddress.NODAD) != 0, "nodad kept: " + now);
                    assertTrue((now.flags() & InterfaceAddress.PERMANENT) != 0, "still permanent: " + now);
                    assertEquals(128, now.prefix().length());
                    assertEquals(before.ifindex(), now.ifindex());
                    assertTrue(ip(s, "-6", "addr", "show", "dev", "lo").matches("(?s).*fd00:d5:70::1/128 scope global[a-z ]*\\bhome\\b.*"),
                            ip(s, "-6", "addr", "show", "dev", "lo"));

                    assertTrue(routes.setHomeAddress(SERVICE, true).isHomeAddress(), "idempotent");
                    routes.setHomeAddress(SERVICE, false);
                    InterfaceAddress unmarked = find(routes);
                    assertFalse(unmarked.isHomeAddress(), unmarked.toString());
                    assertTrue((unmarked.flags() & InterfaceAddress.NODAD) != 0, "nodad kept: " + unmarked);

                    NetlinkException e = assertThrows(NetlinkException.class,
                            () -> routes.setHomeAddress((Inet6Address) IpPrefix.literal("fd00:d5:70::2"), true));
                    assertTrue(e.getMessage().contains("fd00:d5:70::2") && e.getMessage().contains("no interface has this address"), e.getMessage());
                }
                return null;
            });
        }
    }

    private static InterfaceAddress find(RouteTable routes) {
        return routes.addresses(StandardProtocolFamily.INET6).stream().filter(a -> a.prefix().address().equals(SERVICE))
                .findFirst().orElseThrow(() -> new AssertionError("the address vanished: " + routes.addresses(StandardProtocolFamily.INET6)));
    }

    private static String ip(ScratchNamespace s, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", s.name));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
