package eu.xtreemos.ds.xfrm;

import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MobileIpv6Xfrm against this machine's kernel, in a scratch network namespace. The policies need no Mobile IPv6
 * support and are checked whole; the states need CONFIG_IPV6_MIP6, which these machines' kernel lacks: then the
 * kernel must refuse them with an error that says so (the states and the packets themselves are checked inside
 * the Vagrant testbed's VMs, whose kernel has it: vagrant/run-demo.sh, docs/testbeds.md).
 */
class MobileIpv6XfrmTest {
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
            s.ns.call(() -> {
                try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
                    x.installCorrespondent(B);
                    x.installMobile(B);
                    assertEquals(4, x.states().size(), x.states().toString());
                    assertEquals(4, x.policies().size(), x.policies().toString());
                    MobileIpv6Xfrm.Binding moved = binding("fd00:d5:fa00:5::1", "fd00:d5:fa00:1::10", "fd00:d5:fa00:2::101");
                    x.installCorrespondent(moved);
                    assertTrue(x.states().stream().anyMatch(st -> st.kind() == MobileIpv6Xfrm.Kind.ROUTING_HEADER
                            && st.careOf().equals(moved.careOf())), "care-of address changed in place: " + x.states());
                    x.removeCorrespondent(B);
                    x.removeMobile(B);
                    x.removeMobile(B); // idempotent
                    assertEquals(List.of(), x.states());
                    assertEquals(List.of(), x.policies());
                }
                return null;
            });
        }
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
