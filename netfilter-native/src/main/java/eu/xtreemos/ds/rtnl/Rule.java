package eu.xtreemos.ds.rtnl;

import java.net.StandardProtocolFamily;

/**
 * A policy routing rule {@code pref <priority> from <src> to <dst> lookup <table>}.
 *
 * @param family   INET or INET6
 * @param src      source selector, or null for any
 * @param dst      destination selector, or null for any
 * @param table    table to look up (unsigned 32-bit); 0 for rules with another action
 * @param priority the rule's preference; lower is tried first
 */
public record Rule(StandardProtocolFamily family, IpPrefix src, IpPrefix dst, int table, int priority) {
    public Rule {
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException("rule family must be INET or INET6: " + family);
        }
        if (src != null && src.family() != family || dst != null && dst.family() != family) {
            throw new IllegalArgumentException("rule selectors " + src + ", " + dst + " are not all " + family);
        }
    }

    /** {@code from <src> to <dst> lookup <table> pref <priority>}; the family is that of {@code dst}. */
    public static Rule lookup(IpPrefix src, IpPrefix dst, int table, int priority) {
        return new Rule(dst.family(), src, dst, table, priority);
    }

    @Override
    public String toString() {
        return "pref " + Integer.toUnsignedString(priority) + " from " + (src == null ? "all" : src)
                + (dst == null ? "" : " to " + dst) + " lookup " + Integer.toUnsignedString(table);
    }
}
