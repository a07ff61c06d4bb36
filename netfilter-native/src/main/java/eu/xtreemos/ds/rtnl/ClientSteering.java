package eu.xtreemos.ds.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Per-client steering at the home agent: packets from one client to the service address go to the
 * node now serving that client instead of the default node.
 *
 * <ul>
 * <li>IPv6: a source-specific route {@code <svc>/128 from <client>/128 via <node>} in the main table,
 *     replaced atomically on every re-steer; no rule list grows with the clients.</li>
 * <li>IPv4 has no source-specific routes, so: a table per client, numbered by the client's address
 *     read as a 32-bit number, holding {@code <svc>/32 via <node>}, and a rule
 *     {@code from <client>/32 to <svc>/32 lookup <table>}. The route is written first and the rule
 *     added only if missing; re-steering replaces only the route, so the client's packets never fall
 *     back to the default node in between (which would reset a handed-off connection).</li>
 * </ul>
 * This is the behaviour of the namespace testbed's {@code steer}/{@code unsteer}, without commands.
 */
public final class ClientSteering {
    /** Before the main table's rule (32766). */
    public static final int DEFAULT_RULE_PRIORITY = 1000;

    private final RouteTable routes;
    private final int rulePriority;

    public ClientSteering(RouteTable routes) {
        this(routes, DEFAULT_RULE_PRIORITY);
    }

    public ClientSteering(RouteTable routes, int rulePriority) {
        this.routes = routes;
        this.rulePriority = rulePriority;
    }

    /**
     * Sends {@code client}'s packets for {@code service} to next hop {@code node} on interface
     * {@code ifindex} (0: the kernel finds it). All three addresses must be of one family.
     */
    public void steer(InetAddress client, InetAddress service, InetAddress node, int ifindex) {
        requireSameFamily(client, service, node);
        IpPrefix svc = IpPrefix.host(service);
        if (client instanceof Inet4Address) {
            int table = tableFor(client);
            routes.replace(Route.to(svc).via(node).dev(ifindex).inTable(table));
            routes.addRule(Rule.lookup(IpPrefix.host(client), svc, table, rulePriority), true);
        } else {
            routes.replace(Route.to(svc).from(IpPrefix.host(client)).via(node).dev(ifindex));
        }
    }

    /** Like {@link #steer(InetAddress, InetAddress, InetAddress, int)}, the interface by name. */
    public void steer(InetAddress client, InetAddress service, InetAddress node, String ifname) {
        steer(client, service, node, routes.linkIndex(ifname));
    }

    /**
     * Returns {@code client} to the default route for {@code service}. Not steered is not an error.
     *
     * @return whether anything was removed
     */
    public boolean unsteer(InetAddress client, InetAddress service) {
        requireSameFamily(client, service, service);
        IpPrefix svc = IpPrefix.host(service);
        if (client instanceof Inet4Address) {
            int table = tableFor(client);
            boolean rule = routes.deleteRule(Rule.lookup(IpPrefix.host(client), svc, table, rulePriority), true);
            boolean route = routes.delete(Route.to(svc).inTable(table), true);
            return rule || route;
        }
        return routes.deleteRoute(svc, IpPrefix.host(client), true);
    }

    /**
     * The IPv4 steering table of {@code client}: its address as an unsigned 32-bit number (print
     * with {@link Integer#toUnsignedString(int)}). Addresses that would give a reserved table
     * (0, 253 default, 254 main, 255 local) are refused.
     */
    public static int tableFor(InetAddress client) {
        if (!(client instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 steering tables are for IPv4 clients, not " + IpPrefix.text(client));
        }
        byte[] a = client.getAddress();
        int t = ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        if (t == 0 || (t >= 253 && t <= 255)) {
            throw new IllegalArgumentException("cannot steer " + client.getHostAddress() + ": reserved table number");
        }
        return t;
    }

    private static void requireSameFamily(InetAddress client, InetAddress service, InetAddress node) {
        boolean v4 = client instanceof Inet4Address;
        if ((service instanceof Inet4Address) != v4 || (node instanceof Inet4Address) != v4) {
            throw new IllegalArgumentException("client " + IpPrefix.text(client) + ", service " + IpPrefix.text(service)
                    + " and node " + IpPrefix.text(node) + " must all be IPv4 or all IPv6");
        }
    }
}
