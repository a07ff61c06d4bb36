package eu.xtreemos.ds.correspondent;

import eu.xtreemos.ds.mobility.MhSocket;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.xfrm.MobileIpv6Xfrm;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Bindings as the kernel's own Mobile IPv6 route optimization (RFC 6275 §9.3.2, §9.3.1), programmed over XFRM
 * ({@link MobileIpv6Xfrm#installCorrespondent}): this host's packets to a home address leave addressed to the
 * care-of address with a type 2 routing header holding the home address, and packets from the care-of address
 * with a home address option are accepted as coming from the home address. Installing a policy makes the kernel
 * look up the route of every connected socket again, so established connections follow a binding at once.
 * Needs a kernel with CONFIG_IPV6_MIP6 and the xfrm_user module; refused with the reason otherwise.
 *
 * <p>Home Tests are sent on a socket that bypasses the XFRM policies, so they go to the home address itself.
 * The routing header costs 24 bytes per packet; the kernel sizes the connections' segments for it. The agent owns
 * the correspondent-side route-optimization states of its address: those left by an agent that was killed are
 * removed at start, its own on close.
 */
final class XfrmBindingRoutes implements BindingRoutes {
    private final MobileIpv6Xfrm xfrm;
    private final Inet6Address own;

    XfrmBindingRoutes(Inet6Address own) throws IOException {
        this.own = own;
        try {
            this.xfrm = MobileIpv6Xfrm.open();
        } catch (NetlinkException e) {
            throw new IOException("--backend xfrm: " + e.getMessage(), e);
        }
        try {
            xfrm.requireMobileIpv6();
            removeBindings();
        } catch (NetlinkException e) {
            xfrm.close();
            throw new IOException("--backend xfrm: this kernel cannot hold Mobile IPv6 route-optimization states (" + e.getMessage()
                    + "): use --backend srv6", e);
        }
    }

    @Override
    public void homePath(MhSocket socket) throws IOException {
        socket.bypassXfrmPolicies();
    }

    @Override
    public void bind(Inet6Address home, Inet6Address careOf) throws IOException {
        try {
            xfrm.installCorrespondent(new MobileIpv6Xfrm.Binding(home, careOf, own));
        } catch (NetlinkException e) {
            throw new IOException("binding " + home.getHostAddress() + " -> " + careOf.getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unbind(Inet6Address home) throws IOException {
        try {
            xfrm.removeCorrespondent(new MobileIpv6Xfrm.Binding(home, home, own));
        } catch (NetlinkException e) {
            throw new IOException("removing the binding of " + home.getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    /** Every correspondent-side binding of this host's address: its routing header states and home address option states. */
    private void removeBindings() {
        Set<InetAddress> homes = new LinkedHashSet<>();
        for (MobileIpv6Xfrm.State s : xfrm.states()) {
            if (s.kind() == MobileIpv6Xfrm.Kind.ROUTING_HEADER && s.src().equals(own)) {
                homes.add(s.dst());
            } else if (s.kind() == MobileIpv6Xfrm.Kind.HOME_ADDRESS_OPTION && s.dst().equals(own)) {
                homes.add(s.src());
            }
        }
        for (MobileIpv6Xfrm.Policy p : xfrm.policies()) {
            if (p.outbound() && p.kind() == MobileIpv6Xfrm.Kind.ROUTING_HEADER && p.src().equals(own)) {
                homes.add(p.dst());
            }
        }
        for (InetAddress home : homes) {
            xfrm.removeCorrespondent(new MobileIpv6Xfrm.Binding(home, home, own));
        }
    }

    @Override
    public String describe() {
        return "xfrm (kernel Mobile IPv6: packets to a bound home address carry a type 2 routing header to its care-of address;"
                + " home address options accepted; Home Tests bypass XFRM)";
    }

    @Override
    public void close() {
        try {
            removeBindings();
        } catch (NetlinkException e) {
            System.err.println("ds-correspondent: removing the bindings: " + e.getMessage());
        } finally {
            xfrm.close();
        }
    }
}
