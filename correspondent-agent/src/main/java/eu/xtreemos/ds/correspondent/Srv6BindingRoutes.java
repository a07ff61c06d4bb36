package eu.xtreemos.ds.correspondent;

import eu.xtreemos.ds.mobility.MhSocket;
import eu.xtreemos.ds.rtnl.IpPrefix;
import eu.xtreemos.ds.rtnl.Route;
import eu.xtreemos.ds.rtnl.RouteTable;
import eu.xtreemos.ds.rtnl.Rule;
import eu.xtreemos.ds.rtnl.Seg6Encap;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Bindings as SRv6 routes ({@code <home>/128 encap seg6 mode inline segs <care-of>}) in the main table:
 * there a new route invalidates the routes that connected sockets have cached (IPv6 bumps the serial
 * numbers up to the table's root), so the client's established connections follow the binding at once —
 * a route in a table of its own would only be seen by new connections. Home Tests must still take the home
 * path (RFC 6275: they prove the home address is reachable the normal way), so they are sent on a marked
 * socket, and a rule sends marked packets to a small table of their own that holds only the default route.
 * The agent owns the SRv6 host routes of the main table: it removes them on start (left by an agent that was
 * killed) and on close, so a stopped agent leaves the host as it found it.
 */
final class Srv6BindingRoutes implements BindingRoutes {
    private final RouteTable routes;
    private final int table;
    private final InetAddress gateway;
    private final int ifindex;
    private final Rule homePathRule;
    private final int mark;

    Srv6BindingRoutes(int table, int priority, int mark, InetAddress gateway, String ifname) throws IOException {
        if (!Files.exists(Path.of("/proc/sys/net/ipv6/conf/all/seg6_enabled"))) {
            throw new IOException("this kernel has no IPv6 segment routing (CONFIG_IPV6_SEG6_LWTUNNEL): use another backend");
        }
        this.routes = RouteTable.open();
        this.table = table;
        this.gateway = gateway;
        this.ifindex = routes.linkIndex(ifname);
        this.mark = mark;
        this.homePathRule = Rule.markedLookup(StandardProtocolFamily.INET6, mark, table, priority);
        try {
            removeBindings(); // left by an agent that was killed
            routes.replace(Route.to(IpPrefix.parse("::/0")).via(gateway).dev(ifindex).inTable(table));
            routes.addRule(homePathRule, true);
        } catch (RuntimeException e) {
            routes.close();
            throw new IOException("cannot install the binding rules: " + e.getMessage(), e);
        }
    }

    /** Marks the socket: the rule sends its packets to the table that holds only the default route. */
    @Override
    public void homePath(MhSocket socket) throws IOException {
        socket.setMark(mark);
    }

    @Override
    public void bind(Inet6Address home, Inet6Address careOf) throws IOException {
        try {
            routes.replace(Route.to(IpPrefix.host(home)).via(gateway).dev(ifindex)
                    .withSeg6(new Seg6Encap(Seg6Encap.Mode.INLINE, List.of(careOf))));
        } catch (RuntimeException e) {
            throw new IOException("binding route " + home.getHostAddress() + " -> " + careOf.getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unbind(Inet6Address home) throws IOException {
        try {
            routes.delete(Route.to(IpPrefix.host(home)), true);
        } catch (RuntimeException e) {
            throw new IOException("removing the binding route of " + home.getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    private void removeBindings() {
        for (Route r : routes.listRoutes(StandardProtocolFamily.INET6)) {
            if (r.table() == Route.MAIN_TABLE && r.seg6() != null && r.dst().isHost()) {
                routes.delete(Route.to(r.dst()), true);
            }
        }
    }

    private void removeHomePath() {
        for (Route r : routes.listRoutes(StandardProtocolFamily.INET6)) {
            if (r.table() == table) {
                routes.delete(Route.to(r.dst()).inTable(table), true);
            }
        }
    }

    @Override
    public String describe() {
        return "srv6 (bindings in the main table; Home Tests: " + homePathRule + ", table " + Integer.toUnsignedString(table)
                + " holds the default route)";
    }

    @Override
    public void close() {
        try {
            removeBindings();
            routes.deleteRule(homePathRule, true);
            removeHomePath();
        } finally {
            routes.close();
        }
    }
}
