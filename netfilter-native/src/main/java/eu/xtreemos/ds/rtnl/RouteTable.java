package eu.xtreemos.ds.rtnl;

import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static eu.xtreemos.ds.rtnl.NetlinkMessage.NLM_F_CREATE;
import static eu.xtreemos.ds.rtnl.NetlinkMessage.NLM_F_DUMP;
import static eu.xtreemos.ds.rtnl.NetlinkMessage.NLM_F_EXCL;
import static eu.xtreemos.ds.rtnl.NetlinkMessage.NLM_F_REPLACE;

/**
 * Routes, policy rules and interface indexes of one network namespace, over rtnetlink: no spawned
 * {@code ip} commands. Open it on a thread inside the namespace you mean (its socket stays there);
 * afterwards it may be used from any thread, one request at a time. Every change waits for the
 * kernel's ack and fails with a {@link NetlinkException} naming the request and the errno.
 *
 * <pre>{@code
 * try (RouteTable routes = RouteTable.open()) {
 *     routes.replaceRoute(IpPrefix.parse("fd00::1/128"), IpPrefix.parse("fd00::2/128"), node1, "nodes");
 * }
 * }</pre>
 */
public final class RouteTable implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final NetlinkSocket socket;

    private RouteTable(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** A route table client for the calling thread's network namespace. */
    public static RouteTable open() {
        return open(DEFAULT_TIMEOUT);
    }

    /** Like {@link #open()}; {@code timeout} bounds the wait for each answer of the kernel. */
    public static RouteTable open(Duration timeout) {
        return new RouteTable(NetlinkSocket.open(LibC.NETLINK_ROUTE, timeout));
    }

    // ------------------------------------------------------------------ links

    /** The index of interface {@code name} in this table's namespace (RTM_GETLINK). */
    public int linkIndex(String name) {
        if (name.isEmpty() || name.length() >= Rtnl.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name must have 1 to " + (Rtnl.IFNAMSIZ - 1) + " characters: '" + name + "'");
        }
        List<NetlinkMessage> reply = socket.request("RTM_GETLINK " + name, RtnlCodec.getLink(name));
        if (reply.isEmpty()) {
            throw new MalformedMessageException("RTM_GETLINK " + name, "the kernel acked without sending the link");
        }
        try {
            return RtnlCodec.parseLinkIndex(reply.get(0));
        } catch (MalformedMessageException e) {
            throw e.during("RTM_GETLINK " + name);
        }
    }

    // ------------------------------------------------------------------ routes

    /**
     * Adds {@code dst from src via gateway dev ifindex} to the main table, or replaces the route with
     * the same destination, source and metric (RTM_NEWROUTE, NLM_F_CREATE|NLM_F_REPLACE): one atomic
     * switch, the old next hop is never without a successor.
     *
     * @param src source prefix of a source-specific (IPv6) route, or null
     * @param gateway next hop, or null for a destination on the link
     * @param ifindex output interface, or 0 to let the kernel find it from the gateway
     */
    public void replaceRoute(IpPrefix dst, IpPrefix src, InetAddress gateway, int ifindex) {
        replace(Route.to(dst).from(src).via(gateway).dev(ifindex));
    }

    /** Like {@link #replaceRoute(IpPrefix, IpPrefix, InetAddress, int)}, the interface by name. */
    public void replaceRoute(IpPrefix dst, IpPrefix src, InetAddress gateway, String ifname) {
        replace(Route.to(dst).from(src).via(gateway).dev(linkIndex(ifname)), ifname);
    }

    /** Adds or replaces any route: other tables, metrics, encapsulations. */
    public void replace(Route route) {
        replace(route, null);
    }

    private void replace(Route route, String ifname) {
        socket.request("RTM_NEWROUTE " + route.describe(ifname),
                RtnlCodec.route(route, false, NLM_F_CREATE | NLM_F_REPLACE));
    }

    /**
     * Deletes the main table's route {@code dst from src}. A missing route is an error (ESRCH)
     * unless {@code ifExists}.
     *
     * @return whether a route was deleted
     */
    public boolean deleteRoute(IpPrefix dst, IpPrefix src, boolean ifExists) {
        return delete(Route.to(dst).from(src), ifExists);
    }

    /**
     * Deletes the first route that matches {@code route}'s destination, source and table, and its
     * gateway, interface and metric where these are set.
     *
     * @return whether a route was deleted
     */
    public boolean delete(Route route, boolean ifExists) {
        String op = "RTM_DELROUTE " + route;
        Route target = route;
        if (route.src() != null && route.src().length() > 0) {
            // The kernel's IPv6 delete ignores the source when no route to this destination has one
            // (fib6_locate falls back to the destination's own node): it would delete the
            // non-source-specific route instead. So find the exact route first and delete that one,
            // its gateway, interface and metric pinned.
            Route found = findSourceSpecific(route);
            if (found == null) {
                if (ifExists) {
                    return false;
                }
                throw new NetlinkException(op, Errno.ESRCH, "no route with this source");
            }
            target = new Route(route.dst(), route.src(), route.gateway() != null ? route.gateway() : found.gateway(),
                    route.oif() != 0 ? route.oif() : found.oif(), route.table(), route.metric() != 0 ? route.metric() : found.metric(), null);
        }
        try {
            socket.request(op, RtnlCodec.route(target, true, 0));
            return true;
        } catch (NetlinkException e) {
            if (ifExists && e.errno() == Errno.ESRCH) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The route with exactly {@code r}'s destination, source and table (and metric, if set), or null.
     * For a host source in the main table one RTM_GETROUTE with RTM_F_FIB_MATCH answers it (nothing
     * is more specific than a host prefix, so the best match is the exact one if it exists);
     * otherwise the routes are dumped.
     */
    private Route findSourceSpecific(Route r) {
        if (r.src().isHost() && r.table() == Route.MAIN_TABLE) {
            String op = "RTM_GETROUTE " + IpPrefix.text(r.dst().address()) + " from " + r.src() + " fibmatch";
            List<NetlinkMessage> reply;
            try {
                reply = socket.request(op, RtnlCodec.fibMatch(r.dst().address(), r.src().address()));
            } catch (MalformedMessageException e) {
                throw e;
            } catch (NetlinkException e) {
                if (e.errno() == Errno.ENETUNREACH || e.errno() == Errno.EHOSTUNREACH || e.errno() == Errno.ESRCH) {
                    return null; // no route at all
                }
                throw e;
            }
            for (NetlinkMessage m : reply) {
                if (m.type() == Rtnl.RTM_NEWROUTE) {
                    Route found;
                    try {
                        found = RtnlCodec.parseRoute(m);
                    } catch (MalformedMessageException e) {
                        throw e.during(op);
                    }
                    return matches(found, r) ? found : null;
                }
            }
            return null;
        }
        return listRoutes(r.family()).stream().filter(x -> matches(x, r)).findFirst().orElse(null);
    }

    private static boolean matches(Route found, Route wanted) {
        return found.dst().equals(wanted.dst()) && wanted.src().equals(found.src()) && found.table() == wanted.table()
                && (wanted.metric() == 0 || wanted.metric() == found.metric())
                && (wanted.gateway() == null || wanted.gateway().equals(found.gateway()))
                && (wanted.oif() == 0 || wanted.oif() == found.oif());
    }

    /**
     * Adds or replaces an SRv6 route in the main table: packets to {@code dst} get a segment routing
     * header visiting {@code segments} in order ({@code ip -6 route replace <dst> encap seg6 mode
     * inline segs <s1,s2,...> dev <ifname>}).
     */
    public void replaceSeg6Route(IpPrefix dst, List<Inet6Address> segments, Seg6Encap.Mode mode, String ifname) {
        replace(Route.to(dst).withSeg6(new Seg6Encap(mode, segments)).dev(linkIndex(ifname)), ifname);
    }

    /** Every route of {@code family} in every table (RTM_GETROUTE dump); multipath routes show without gateway. */
    public List<Route> listRoutes(StandardProtocolFamily family) {
        String op = "RTM_GETROUTE " + family;
        MessageBuilder m = new MessageBuilder(Rtnl.RTM_GETROUTE, NLM_F_DUMP)
                .u8(RtnlCodec.af(family)).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
        List<Route> out = new ArrayList<>();
        for (NetlinkMessage r : socket.dump(op, m)) {
            if (r.type() == Rtnl.RTM_NEWROUTE) {
                try {
                    out.add(RtnlCodec.parseRoute(r));
                } catch (MalformedMessageException e) {
                    throw e.during(op);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ addresses

    /** Every address of {@code family} on every interface (RTM_GETADDR dump). */
    public List<InterfaceAddress> addresses(StandardProtocolFamily family) {
        String op = "RTM_GETADDR " + family;
        List<InterfaceAddress> out = new ArrayList<>();
        for (NetlinkMessage r : socket.dump(op, RtnlCodec.getAddresses(RtnlCodec.af(family)))) {
            if (r.type() == Rtnl.RTM_NEWADDR) {
                try {
                    out.add(RtnlCodec.parseAddress(r));
                } catch (MalformedMessageException e) {
                    throw e.during(op);
                }
            }
        }
        return out;
    }

    /**
     * Marks an IPv6 address of this host as a Mobile IPv6 home address, or unmarks it ({@code ip -6 addr change
     * ADDR dev DEV home}, IFA_F_HOMEADDRESS); its other flags (nodad, ...) stay. With a kernel that has
     * CONFIG_IPV6_MIP6 the flag makes the kernel accept type 2 routing headers for the address — and makes source
     * address selection prefer it (RFC 6724 rule 4) for sockets that do not bind their source.
     *
     * @return the address as it was before
     * @throws NetlinkException when no interface has the address
     */
    public InterfaceAddress setHomeAddress(Inet6Address address, boolean home) {
        String op = "RTM_NEWADDR " + IpPrefix.text(address) + (home ? " home" : " -home");
        InterfaceAddress found = addresses(StandardProtocolFamily.INET6).stream()
                .filter(a -> a.prefix().address().equals(address)).findFirst()
                .orElseThrow(() -> new NetlinkException(op, Errno.EADDRNOTAVAIL, "no interface has this address"));
        int flags = found.flags() & InterfaceAddress.SETTABLE & ~InterfaceAddress.HOME_ADDRESS;
        if (home) {
            flags |= InterfaceAddress.HOME_ADDRESS;
        }
        if (flags != (found.flags() & InterfaceAddress.SETTABLE)) {
            socket.request(op, RtnlCodec.changeAddress(found, flags));
        }
        return found;
    }

    // ------------------------------------------------------------------ rules

    /**
     * Adds a policy rule (RTM_NEWRULE with NLM_F_EXCL). An identical rule already there is an error
     * (EEXIST) unless {@code ifAbsent}.
     *
     * @return whether the rule was added
     */
    public boolean addRule(Rule rule, boolean ifAbsent) {
        try {
            socket.request("RTM_NEWRULE " + rule, RtnlCodec.rule(rule, false, NLM_F_CREATE | NLM_F_EXCL));
            return true;
        } catch (NetlinkException e) {
            if (ifAbsent && e.errno() == Errno.EEXIST) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes a policy rule (RTM_DELRULE). A missing rule is an error (ENOENT) unless {@code ifExists}.
     *
     * @return whether the rule was deleted
     */
    public boolean deleteRule(Rule rule, boolean ifExists) {
        try {
            socket.request("RTM_DELRULE " + rule, RtnlCodec.rule(rule, true, 0));
            return true;
        } catch (NetlinkException e) {
            if (ifExists && e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /** Every policy rule of {@code family} (RTM_GETRULE dump). */
    public List<Rule> listRules(StandardProtocolFamily family) {
        String op = "RTM_GETRULE " + family;
        MessageBuilder m = new MessageBuilder(Rtnl.RTM_GETRULE, NLM_F_DUMP)
                .u8(RtnlCodec.af(family)).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
        List<Rule> out = new ArrayList<>();
        for (NetlinkMessage r : socket.dump(op, m)) {
            if (r.type() == Rtnl.RTM_NEWRULE) {
                try {
                    out.add(RtnlCodec.parseRule(r));
                } catch (MalformedMessageException e) {
                    throw e.during(op);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "route table over " + socket;
    }
}
