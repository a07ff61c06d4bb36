package eu.xtreemos.ds.rtnl;

import java.net.StandardProtocolFamily;

/**
 * A policy routing rule {@code pref <priority> from <src> to <dst> [fwmark <mark>] lookup <table>}.
 *
 * @param family   INET or INET6
 * @param src      source selector, or null for any
 * @param dst      destination selector, or null for any
 * @param table    table to look up (unsigned 32-bit); 0 for rules with another action
 * @param priority the rule's preference; lower is tried first
 * @param fwmark   the packet mark to match (all 32 bits), or 0 for any
 */
public record Rule(StandardProtocolFamily family, IpPrefix src, IpPrefix dst, int table, int priority, int fwmark) {
    /** A rule that matches any mark. */
    public Rule(StandardProtocolFamily family, IpPrefix src, IpPrefix dst, int table, int priority) {
        this(family, src, dst, table, priority, 0);
    }

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

    /** {@code fwmark <mark> lookup <table> pref <priority>}, for packets marked by a socket (SO_MARK) or a firewall rule. */
    public static Rule markedLookup(StandardProtocolFamily family, int fwmark, int table, int priority) {
        if (fwmark == 0) {
            throw new IllegalArgumentException("a mark rule needs a non-zero mark");
        }
        return new Rule(family, null, null, table, priority, fwmark);
    }

    @Override
    public String toString() {
        return "pref " + Integer.toUnsignedString(priority) + " from " + (src == null ? "all" : src)
                + (dst == null ? "" : " to " + dst) + (fwmark == 0 ? "" : " fwmark 0x" + Integer.toHexString(fwmark))
                + " lookup " + Integer.toUnsignedString(table);
    }
}
