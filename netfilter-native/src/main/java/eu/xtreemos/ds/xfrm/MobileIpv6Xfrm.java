package eu.xtreemos.ds.xfrm;

import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.rtnl.NetlinkMessage;
import eu.xtreemos.ds.rtnl.NetlinkSocket;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static eu.xtreemos.ds.kernel.Errno.EEXIST;
import static eu.xtreemos.ds.kernel.Errno.ENOENT;
import static eu.xtreemos.ds.kernel.Errno.EPROTONOSUPPORT;
import static eu.xtreemos.ds.kernel.Errno.ESRCH;
import static eu.xtreemos.ds.kernel.LibC.IPV6_XFRM_POLICY;

/**
 * The kernel's Mobile IPv6 route-optimization data plane (RFC 6275 section 6), programmed over XFRM netlink as
 * UMIP's mip6d and {@code ip xfrm ... proto route2|hao mode ro coa ...} do. Needs a kernel with
 * CONFIG_IPV6_MIP6 (Debian's stock kernels; not the machines' own here) and CAP_NET_ADMIN; works in the network
 * namespace of the thread that opens it.
 *
 * <p>One {@link Binding} — a home address served from a care-of address, for one correspondent — takes two
 * states and two policies on each end:
 * <ul>
 *   <li>{@link #installCorrespondent} on the correspondent (the client): its packets to the home address leave
 *       addressed to the care-of address with a type 2 routing header holding the home address; packets from the
 *       care-of address carrying a home address option are accepted, from any care-of address, and delivered as
 *       coming from the home address.</li>
 *   <li>{@link #installMobile} on the node that owns the home address (here: the serving node, the home address
 *       being the service address): its packets from the home address to the correspondent leave from the
 *       care-of address with a home address option; packets with a type 2 routing header for the home address
 *       are accepted from any care-of address. The kernel also requires the home address to be marked as one
 *       ({@code ip -6 addr ... home}, IFA_F_HOMEADDRESS), or it drops those packets — see the note below.</li>
 * </ul>
 * Installing a binding that exists changes its care-of address in place: sockets already open follow at once
 * (that is a handoff, on the correspondent). Removing is idempotent. Every template is optional ("level use"):
 * without a state, packets go out unchanged.
 *
 * <p>Note: with IFA_F_HOMEADDRESS, source address selection prefers the home address (RFC 6724 rule 4) for
 * every connection that does not bind its source; set it only where that is wanted, or bind.
 */
public final class MobileIpv6Xfrm implements AutoCloseable {
    /** A home address reached through a care-of address by one correspondent. All IPv6. */
    public record Binding(InetAddress home, InetAddress careOf, InetAddress correspondent) {
        public Binding {
            for (InetAddress a : new InetAddress[] {home, careOf, correspondent}) {
                if (!(a instanceof Inet6Address)) {
                    throw new IllegalArgumentException("Mobile IPv6 bindings are IPv6 only: " + a);
                }
            }
        }

        Inet6Address home6() {
            return (Inet6Address) home;
        }

        Inet6Address careOf6() {
            return (Inet6Address) careOf;
        }

        Inet6Address correspondent6() {
            return (Inet6Address) correspondent;
        }
    }

    /** An installed route-optimization state, as the kernel lists it ({@code careOf} {@code ::} = any). */
    public record State(Kind kind, InetAddress src, InetAddress dst, InetAddress careOf) {
    }

    /** An installed policy with a route-optimization template. */
    public record Policy(boolean outbound, InetAddress src, InetAddress dst, Kind kind) {
    }

    /** The two Mobile IPv6 extension headers. */
    public enum Kind {
        /** Type 2 routing header (XFRM protocol IPPROTO_ROUTING, {@code proto route2}). */
        ROUTING_HEADER(LibC.IPPROTO_ROUTING),
        /** Home address destination option (XFRM protocol IPPROTO_DSTOPTS, {@code proto hao}). */
        HOME_ADDRESS_OPTION(LibC.IPPROTO_DSTOPTS);

        final int proto;

        Kind(int proto) {
            this.proto = proto;
        }

        static Kind of(int proto) {
            for (Kind k : values()) {
                if (k.proto == proto) {
                    return k;
                }
            }
            return null;
        }
    }



    private final NetlinkSocket socket;

    private MobileIpv6Xfrm(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens XFRM netlink in the calling thread's network namespace. */
    public static MobileIpv6Xfrm open() {
        try {
            return new MobileIpv6Xfrm(NetlinkSocket.open(LibC.NETLINK_XFRM, Duration.ofSeconds(5)));
        } catch (NetlinkException e) {
            throw new NetlinkException("XFRM netlink (is the xfrm_user module loaded? modprobe xfrm_user)", e.errno(), null);
        }
    }

    /** On the correspondent: send to {@code b.home} through {@code b.careOf} (RH2), accept HAO from the home address. */
    public void installCorrespondent(Binding b) {
        putState(Kind.ROUTING_HEADER, b.correspondent6(), b.home6(), b.careOf6());
        putPolicy(XfrmMessages.XFRM_POLICY_OUT, b.correspondent6(), b.home6(), Kind.ROUTING_HEADER);
        putState(Kind.HOME_ADDRESS_OPTION, b.home6(), b.correspondent6(), XfrmMessages.any());
        putPolicy(XfrmMessages.XFRM_POLICY_IN, b.home6(), b.correspondent6(), Kind.HOME_ADDRESS_OPTION);
    }

    /** Removes what {@link #installCorrespondent} installed for this home address and correspondent (care-of ignored). */
    public void removeCorrespondent(Binding b) {
        removePolicy(XfrmMessages.XFRM_POLICY_OUT, b.correspondent6(), b.home6());
        removePolicy(XfrmMessages.XFRM_POLICY_IN, b.home6(), b.correspondent6());
        removeState(Kind.ROUTING_HEADER, b.correspondent6(), b.home6());
        removeState(Kind.HOME_ADDRESS_OPTION, b.home6(), b.correspondent6());
    }

    /** On the node owning {@code b.home}: send from it via {@code b.careOf} (HAO), accept RH2 for it from any care-of. */
    public void installMobile(Binding b) {
        installMobileReceive(b);
        installMobileSend(b);
    }

    /**
     * The receiving half of {@link #installMobile}: packets from the correspondent with a type 2 routing header for
     * the home address are accepted (from any care-of address). Installed before a Binding Update is sent, it lets
     * the acknowledgement, which the correspondent already sends along the new binding, arrive.
     */
    public void installMobileReceive(Binding b) {
        putState(Kind.ROUTING_HEADER, b.correspondent6(), b.home6(), XfrmMessages.any());
        putPolicy(XfrmMessages.XFRM_POLICY_IN, b.correspondent6(), b.home6(), Kind.ROUTING_HEADER);
    }

    /**
     * The sending half of {@link #installMobile}: packets from the home address to the correspondent leave from the
     * care-of address with a home address option. Only once the correspondent holds the binding: until then it
     * drops such packets (it has no state to accept them with).
     */
    public void installMobileSend(Binding b) {
        putState(Kind.HOME_ADDRESS_OPTION, b.home6(), b.correspondent6(), b.careOf6());
        putPolicy(XfrmMessages.XFRM_POLICY_OUT, b.home6(), b.correspondent6(), Kind.HOME_ADDRESS_OPTION);
    }

    /** Removes what {@link #installMobile} installed for this home address and correspondent (care-of ignored). */
    public void removeMobile(Binding b) {
        removeMobileSend(b);
        removePolicy(XfrmMessages.XFRM_POLICY_IN, b.correspondent6(), b.home6());
        removeState(Kind.ROUTING_HEADER, b.correspondent6(), b.home6());
    }

    /** Removes what {@link #installMobileSend} installed (care-of ignored): packets from the home address leave plain. */
    public void removeMobileSend(Binding b) {
        removePolicy(XfrmMessages.XFRM_POLICY_OUT, b.home6(), b.correspondent6());
        removeState(Kind.HOME_ADDRESS_OPTION, b.home6(), b.correspondent6());
    }

    /**
     * Checks that the kernel can hold route-optimization states (CONFIG_IPV6_MIP6) by adding one for two
     * documentation addresses (2001:db8::/32, never routed) and removing it again.
     *
     * @throws NetlinkException naming CONFIG_IPV6_MIP6 when the kernel has no Mobile IPv6
     */
    public void requireMobileIpv6() {
        Inet6Address a = (Inet6Address) literal("2001:db8:d5::1");
        Inet6Address b = (Inet6Address) literal("2001:db8:d5::2");
        putState(Kind.ROUTING_HEADER, a, b, a);
        removeState(Kind.ROUTING_HEADER, a, b);
    }

    /**
     * The value of {@code setsockopt(fd, IPPROTO_IPV6, IPV6_XFRM_POLICY, ...)} that makes a socket's packets skip
     * every XFRM policy of the host (allow, no template), so they leave untransformed whatever binding holds — as
     * IKE daemons keep their own sockets out of IPsec. Needs CAP_NET_ADMIN.
     */
    public static byte[] socketBypassPolicy() {
        return XfrmMessages.bypassPolicy();
    }

    private static InetAddress literal(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // a literal never needs a lookup
        }
    }

    /** The route-optimization states installed now (IPsec and other states left out). */
    public List<State> states() {
        List<State> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump("XFRM_MSG_GETSA", XfrmMessages.dump(XfrmMessages.XFRM_MSG_GETSA))) {
            XfrmMessages.RoState s = XfrmMessages.parseState(m);
            if (s != null && Kind.of(s.proto()) != null) {
                out.add(new State(Kind.of(s.proto()), s.src(), s.dst(), s.careOf()));
            }
        }
        return out;
    }

    /** The policies with a route-optimization template installed now. */
    public List<Policy> policies() {
        List<Policy> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump("XFRM_MSG_GETPOLICY", XfrmMessages.dump(XfrmMessages.XFRM_MSG_GETPOLICY))) {
            XfrmMessages.RoPolicy p = XfrmMessages.parsePolicy(m);
            if (p != null && Kind.of(p.proto()) != null && p.dir() != 2) {
                out.add(new Policy(p.dir() == XfrmMessages.XFRM_POLICY_OUT, p.src(), p.dst(), Kind.of(p.proto())));
            }
        }
        return out;
    }

    /** Adds the state, or changes the care-of address of the existing one in place. */
    private void putState(Kind kind, Inet6Address src, Inet6Address dst, Inet6Address careOf) {
        XfrmMessages.RoState s = new XfrmMessages.RoState(kind.proto, src, dst, careOf);
        String what = kind + " state " + src.getHostAddress() + " -> " + dst.getHostAddress() + " care-of " + careOf.getHostAddress();
        try {
            socket.request("XFRM_MSG_NEWSA " + what, XfrmMessages.state(XfrmMessages.XFRM_MSG_NEWSA, s));
        } catch (NetlinkException e) {
            if (e.errno() == EPROTONOSUPPORT) {
                throw new NetlinkException("XFRM_MSG_NEWSA " + what + " (this kernel has no Mobile IPv6: CONFIG_IPV6_MIP6)", e.errno(), null);
            }
            if (e.errno() != EEXIST) {
                throw e;
            }
            socket.request("XFRM_MSG_UPDSA " + what, XfrmMessages.state(XfrmMessages.XFRM_MSG_UPDSA, s));
        }
    }

    private void putPolicy(int dir, Inet6Address src, Inet6Address dst, Kind kind) {
        socket.request("XFRM_MSG_UPDPOLICY " + (dir == XfrmMessages.XFRM_POLICY_OUT ? "out " : "in ") + kind + " " + src.getHostAddress()
                + " -> " + dst.getHostAddress(), XfrmMessages.policy(new XfrmMessages.RoPolicy(dir, src, dst, kind.proto)));
    }

    private void removeState(Kind kind, Inet6Address src, Inet6Address dst) {
        try {
            socket.request("XFRM_MSG_DELSA " + kind + " " + src.getHostAddress() + " -> " + dst.getHostAddress(),
                    XfrmMessages.deleteState(kind.proto, src, dst));
        } catch (NetlinkException e) {
            if (e.errno() != ESRCH && e.errno() != ENOENT) {
                throw e;
            }
        }
    }

    private void removePolicy(int dir, Inet6Address src, Inet6Address dst) {
        try {
            socket.request("XFRM_MSG_DELPOLICY " + (dir == XfrmMessages.XFRM_POLICY_OUT ? "out " : "in ") + src.getHostAddress()
                    + " -> " + dst.getHostAddress(), XfrmMessages.deletePolicy(dir, src, dst));
        } catch (NetlinkException e) {
            if (e.errno() != ENOENT) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
