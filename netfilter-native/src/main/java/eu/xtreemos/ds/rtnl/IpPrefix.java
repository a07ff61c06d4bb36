package eu.xtreemos.ds.rtnl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An address and a prefix length, {@code fd00:d5:ef::1/128} or {@code 10.239.5.1/32}. */
public record IpPrefix(InetAddress address, int length) {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public IpPrefix {
        if (address == null) {
            throw new IllegalArgumentException("prefix without address");
        }
        if (length < 0 || length > bits(address)) {
            throw new IllegalArgumentException("prefix length " + length + " out of range for " + address.getHostAddress());
        }
        if (address.getAddress().length == 16 && ((java.net.Inet6Address) address).getScopeId() != 0) {
            address = literal(text(address)); // routes have no scope ids
        }
    }

    /** {@code "addr/len"}, or a bare address meaning a host prefix. Literals only: never a DNS lookup. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        InetAddress a = literal(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
            return host(a);
        }
        try {
            return new IpPrefix(a, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'");
        }
    }

    /** The /32 or /128 of one address. */
    public static IpPrefix host(InetAddress a) {
        return new IpPrefix(a, bits(a));
    }

    public StandardProtocolFamily family() {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    public boolean isHost() {
        return length == bits(address);
    }

    /** The address as {@code ip} prints it: IPv6 in RFC 5952 short form ({@code fd00:d5:ef::1}), no scope. */
    public static String text(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return a.getHostAddress();
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestAt = -1, bestLen = 1; // only runs of two or more zero groups are shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    static int bits(InetAddress a) {
        return a.getAddress().length * 8;
    }

    static InetAddress literal(String text) {
        if (!LITERAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return text(address) + "/" + length;
    }
}
