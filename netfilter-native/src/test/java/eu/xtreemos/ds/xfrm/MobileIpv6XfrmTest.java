package eu.xtreemos.ds.xfrm;

import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MobileIpv6Xfrm against this machine's kernel, in a scratch network namespace. The policies need no Mobile IPv6
 * support and are checked whole; the states need CONFIG_IPV6_MIP6: on a kernel without it the kernel must refuse
 * them with an error that says so, and the state test is skipped with the probe's reason (the packets themselves
 * are checked inside the Vagrant testbed's VMs: vagrant/run-demo.sh, docs/testbeds.md).
 */
class MobileIpv6XfrmTest {
    private static final InetAddress ANY = binding("::", "::", "::").home();
    private static final MobileIpv6Xfrm.Binding B = binding("fd00:d5:fa00:5::1", "fd00:d5:fa00:1::11", "fd00:d5:fa00:2::101");

    private static MobileIpv6Xfrm.Binding binding(String home, String careOf, String correspondent) {
        try {
            return new MobileIpv6Xfrm.Binding(InetAddress.getByName(home), InetAddress.getByName(careOf), InetAddress.getByName(correspondent));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean kernelHasMip6(ScratchNamespace s) throws Exception {
        return s.ns.call(() -> {
            try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                x.requireMobileIpv6();
                assertEquals(List.of(), x.states(), "the probe state is gone");
                return true;
            } catch (NetlinkException e) {
                assertTrue(e.getMessage().contains("CONFIG_IPV6_MIP6"), "a kernel without Mobile IPv6 is named as such: " + e.getMessage());
                return false;
            }
        });
    }

    @Test
    void correspondentAndMobileBindingsInstallUpdateAndGo() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("dsvgxf")) {
            boolean mip6 = kernelHasMip6(s);
            System.out.println("kernel Mobile IPv6 (CONFIG_IPV6_MIP6): " + (mip6 ? "yes" : "no: states are checked in the Vagrant VMs only"));
            assertEquals(mip6, eu.xtreemos.ds.probe.KernelProbe.has(eu.xtreemos.ds.probe.Capability.MIP6_XFRM), "the kernel probe agrees");
            eu.xtreemos.ds.probe.KernelCondition.assumeKernel(eu.xtreemos.ds.probe.Capability.MIP6_XFRM); // the Vagrant testbed checks the states
            // One role per namespace: an XFRM state has no direction, so the correspondent's RH2 state and the
            // mobile node's (same addresses, same protocol) are one state to the kernel.
            s.ns.call(() -> {
                try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                    x.installCorrespondent(B);
                    assertEquals(List.of(
                            new MobileIpv6Xfrm.State(MobileIpv6Xfrm.Kind.ROUTING_HEADER, B.correspondent(), B.home(), B.careOf()),
                            new MobileIpv6Xfrm.State(MobileIpv6Xfrm.Kind.HOME_ADDRESS_OPTION, B.home(), B.correspondent(), ANY)),
                            sorted(x.states()));
                    assertEquals(2, x.policies().size(), x.policies().toString());
                    MobileIpv6Xfrm.Binding moved = binding("fd00:d5:fa00:5::1", "fd00:d5:fa00:1::10", "fd00:d5:fa00:2::101");
                    x.installCorrespondent(moved);
                    assertEquals(2, x.states().size(), "replaced, not added: " + x.states());
                    assertTrue(x.states().stream().anyMatch(st -> st.kind() == MobileIpv6Xfrm.Kind.ROUTING_HEADER
                            && st.careOf().equals(moved.careOf())), "care-of address changed in place: " + x.states());
                    x.removeCorrespondent(B);
                    assertEquals(List.of(), x.states());
                    assertEquals(List.of(), x.policies());

                    x.installMobile(B);
                    assertEquals(List.of(
                            new MobileIpv6Xfrm.State(MobileIpv6Xfrm.Kind.ROUTING_HEADER, B.correspondent(), B.home(), ANY),
                            new MobileIpv6Xfrm.State(MobileIpv6Xfrm.Kind.HOME_ADDRESS_OPTION, B.home(), B.correspondent(), B.careOf())),
                            sorted(x.states()));
                    assertEquals(2, x.policies().size(), x.policies().toString());
                    x.removeMobile(B);
                    x.removeMobile(B); // idempotent
                    assertEquals(List.of(), x.states());
                    assertEquals(List.of(), x.policies());
                }
                return null;
            });
        }
    }

    private static List<MobileIpv6Xfrm.State> sorted(List<MobileIpv6Xfrm.State> states) {
        return states.stream().sorted(Comparator.comparing(MobileIpv6Xfrm.State::kind)).toList();
    }

    @Test
    void policiesNeedNoMobileIpv6AndAreReplacedNotDuplicated() throws Exception {
        try (ScratchNamespace s = new ScratchNamespace("dsvgxp")) {
            s.ns.call(() -> {
                try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                    XfrmMessages.RoPolicy out = new XfrmMessages.RoPolicy(XfrmMessages.XFRM_POLICY_OUT,
                            (java.net.Inet6Address) B.correspondent(), (java.net.Inet6Address) B.home(), LibC.IPPROTO_ROUTING);
                    var socket = eu.xtreemos.ds.rtnl.NetlinkSocket.open(LibC.NETLINK_XFRM, java.time.Duration.ofSeconds(5));
                    try (socket) {
                        socket.request("policy", XfrmMessages.policy(out));
                        socket.request("policy again", XfrmMessages.policy(out));
                    }
                    assertEquals(List.of(new MobileIpv6Xfrm.Policy(true, B.correspondent(), B.home(), MobileIpv6Xfrm.Kind.ROUTING_HEADER)),
                            x.policies());
                    x.removeCorrespondent(B); // states absent: only the policy goes, no error
                    assertEquals(List.of(), x.policies());
                }
                return null;
            });
        }
    }
}
