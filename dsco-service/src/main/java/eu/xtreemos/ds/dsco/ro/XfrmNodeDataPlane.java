package eu.xtreemos.ds.dsco.ro;

import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.rtnl.RouteTable;
import eu.xtreemos.ds.xfrm.MobileIpv6Xfrm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kernel Mobile IPv6 (RFC 6275 route optimization) through XFRM: the serving node is the mobile node, its own
 * address the care-of address, the service address the home address, the client the correspondent. Needs a kernel
 * with CONFIG_IPV6_MIP6 (Debian's stock kernels) and the xfrm_user module.
 *
 * <ul>
 *   <li>{@link #enable}: checks the kernel, and marks each service address as a home address (IFA_F_HOMEADDRESS):
 *       the kernel drops a type 2 routing header for any other address. That flag also makes source address
 *       selection prefer the service address for sockets that do not bind their source, so dsco binds its own
 *       links to the node address (cluster links, membership); other programs on the node should do the same or
 *       get routes with a preferred source (docs/mobility.md).</li>
 *   <li>{@link #receiveAlong}: the client's packets to the node's address with a type 2 routing header holding the
 *       service address are accepted and delivered to the service's sockets ({@code installMobileReceive}).</li>
 *   <li>{@link #sendAlong}: the node's packets from the service address to the client leave from the node's address
 *       with a home address option ({@code installMobileSend}) — only once the client holds the binding, since it
 *       drops home address options it has no binding for (so the first Binding Update itself goes out plain).</li>
 *   <li>{@link #drop}: both removed.</li>
 * </ul>
 * Each header costs 24 bytes; the kernel sizes a connection's segments for the path MTU less them, so the node's
 * route towards the clients must carry the clients' path MTU (a Packet Too Big about a packet with a home address
 * option names the care-of address and reaches no socket).
 */
final class XfrmNodeDataPlane implements NodeDataPlane {
    private static final Logger log = LoggerFactory.getLogger(XfrmNodeDataPlane.class);

    private record Key(Inet6Address home, Inet6Address client) {
    }

    private final List<Inet6Address> homes;
    private final Set<Key> installed = ConcurrentHashMap.newKeySet();
    private MobileIpv6Xfrm xfrm;

    XfrmNodeDataPlane(List<Inet6Address> serviceAddresses) {
        this.homes = List.copyOf(serviceAddresses);
    }

    @Override
    public void enable() throws IOException {
        MobileIpv6Xfrm x;
        try {
            x = MobileIpv6Xfrm.open();
        } catch (NetlinkException e) {
            throw new IOException("ro.backend=xfrm: " + e.getMessage(), e);
        }
        try {
            x.requireMobileIpv6();
        } catch (NetlinkException e) {
            x.close();
            throw new IOException("ro.backend=xfrm: this kernel cannot hold Mobile IPv6 route-optimization states (" + e.getMessage()
                    + "); use ro.backend=auto, which picks what this kernel has", e);
        }
        try (RouteTable routes = RouteTable.open()) {
            for (Inet6Address home : homes) {
                try {
                    if (!routes.setHomeAddress(home, true).isHomeAddress()) {
                        log.info("service address {} marked as a Mobile IPv6 home address", home.getHostAddress());
                    }
                } catch (NetlinkException e) {
                    throw new IOException("ro.backend=xfrm: cannot mark the service address " + home.getHostAddress()
                            + " as a home address (it must be on an interface of this node, e.g. lo): " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            x.close();
            throw e;
        }
        this.xfrm = x;
    }

    @Override
    public void receiveAlong(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
        installed.add(new Key(home, client));
        kernel("accepting type 2 routing headers from " + client.getHostAddress(),
                () -> xfrm.installMobileReceive(new MobileIpv6Xfrm.Binding(home, careOf, client)));
    }

    @Override
    public void sendAlong(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
        kernel("sending to " + client.getHostAddress() + " with a home address option",
                () -> xfrm.installMobileSend(new MobileIpv6Xfrm.Binding(home, careOf, client)));
    }

    @Override
    public void drop(Inet6Address home, Inet6Address client) throws IOException {
        if (installed.remove(new Key(home, client))) {
            kernel("removing the binding of " + client.getHostAddress(), () -> xfrm.removeMobile(new MobileIpv6Xfrm.Binding(home, home, client)));
        }
    }

    private static void kernel(String what, Runnable r) throws IOException {
        try {
            r.run();
        } catch (NetlinkException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "xfrm";
    }

    @Override
    public void close() {
        if (xfrm != null) {
            xfrm.close();
        }
    }
}
