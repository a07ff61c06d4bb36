package eu.xtreemos.ds.mobility;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** Range checks for the fixed-width fields of the records, and address conversion. */
final class Fields {
    private Fields() {
    }

    static int u8(String name, int v) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(name + " must fit in 8 bits: " + v);
        }
        return v;
    }

    static int u16(String name, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(name + " must fit in 16 bits: " + v);
        }
        return v;
    }

    static Inet6Address address(String name, Inet6Address a) {
        return Objects.requireNonNull(a, name);
    }

    /** The 16-byte address as an Inet6Address (never an IPv4-mapped Inet4Address). */
    static Inet6Address ipv6(byte[] sixteen) {
        try {
            return Inet6Address.getByAddress(null, sixteen, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not 16 bytes", e); // cannot happen for 16 bytes
        }
    }

    /** Parses an IPv6 literal (tests and configuration): "fd00::1". */
    static Inet6Address ipv6(String literal) {
        try {
            InetAddress a = InetAddress.getByName(literal);
            if (a instanceof Inet6Address v6) {
                return v6;
            }
            return ipv6(mapped(a.getAddress()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + literal, e);
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }
}
