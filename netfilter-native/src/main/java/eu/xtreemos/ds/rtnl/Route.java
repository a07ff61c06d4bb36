package eu.xtreemos.ds.rtnl;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;

/**
 * A unicast route, as sent to or read from the kernel.
 *
 * @param dst     destination prefix ({@code 0/0} or {@code ::/0} for a default route)
 * @param src     source prefix of a source-specific IPv6 route, or null
 * @param gateway next hop, or null for a directly connected destination
 * @param oif     output interface index, 0 if none
 * @param table   routing table (an unsigned 32-bit number; 254 = main)
 * @param metric  route priority / metric; 0 when sending means the kernel's default (1024 for IPv6)
 * @param seg6    SRv6 encapsulation, or null
 */
public record Route(IpPrefix dst, IpPrefix src, InetAddress gateway, int oif, int table, int metric, Seg6Encap seg6) {
    public static final int MAIN_TABLE = Rtnl.RT_TABLE_MAIN;

    public Route {
        if (dst == null) {
            throw new IllegalArgumentException("route without destination");
        }
        if (src != null && src.family() != dst.family()) {
            throw new IllegalArgumentException("source " + src + " and destination " + dst + " differ in family");
        }
        if (src != null && src.length() > 0 && dst.family() == StandardProtocolFamily.INET) {
            throw new IllegalArgumentException("IPv4 has no source-specific routes (" + dst + " from " + src
                    + "): use a rule and a table, as ClientSteering does");
        }
        if (gateway != null && IpPrefix.host(gateway).family() != dst.family()) {
            throw new IllegalArgumentException("gateway " + IpPrefix.text(gateway) + " is not in the family of " + dst);
        }
        if (seg6 != null && seg6.mode() == Seg6Encap.Mode.INLINE && dst.family() != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException("seg6 inline needs an IPv6 route, not " + dst);
        }
    }

    /** A route to {@code dst} in the main table, nothing else set yet. */
    public static Route to(IpPrefix dst) {
        return new Route(dst, null, null, 0, MAIN_TABLE, 0, null);
    }

    public Route from(IpPrefix source) {
        return new Route(dst, source, gateway, oif, table, metric, seg6);
    }

    public Route via(InetAddress nextHop) {
        return new Route(dst, src, nextHop, oif, table, metric, seg6);
    }

    public Route dev(int ifindex) {
        return new Route(dst, src, gateway, ifindex, table, metric, seg6);
    }

    public Route inTable(int t) {
        return new Route(dst, src, gateway, oif, t, metric, seg6);
    }

    public Route withMetric(int m) {
        return new Route(dst, src, gateway, oif, table, m, seg6);
    }

    public Route withSeg6(Seg6Encap encap) {
        return new Route(dst, src, gateway, oif, table, metric, encap);
    }

    public StandardProtocolFamily family() {
        return dst.family();
    }

    /** {@code ip route}-like text, e.g. {@code fd00::1/128 from fd00::2/128 via fd00::10 oif 3}. */
    @Override
    public String toString() {
        return describe(null);
    }

    /** Like {@link #toString()}, with {@code dev <name>} instead of {@code oif <n>} when the name is known. */
    String describe(String devName) {
        StringBuilder s = new StringBuilder(dst.toString());
        if (src != null) {
            s.append(" from ").append(src);
        }
        if (seg6 != null) {
            s.append(' ').append(seg6);
        }
        if (gateway != null) {
            s.append(" via ").append(IpPrefix.text(gateway));
        }
        if (devName != null) {
            s.append(" dev ").append(devName);
        } else if (oif != 0) {
            s.append(" oif ").append(oif);
        }
        if (table != MAIN_TABLE) {
            s.append(" table ").append(Integer.toUnsignedString(table));
        }
        if (metric != 0) {
            s.append(" metric ").append(Integer.toUnsignedString(metric));
        }
        return s.toString();
    }
}
