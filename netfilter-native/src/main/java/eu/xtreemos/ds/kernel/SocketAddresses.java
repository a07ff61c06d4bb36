package eu.xtreemos.ds.kernel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes and decodes {@code struct sockaddr_in} / {@code sockaddr_in6} for raw socket calls. */
public final class SocketAddresses {
    public static final int SOCKADDR_IN_LEN = 16;
    public static final int SOCKADDR_IN6_LEN = 28;
    public static final int MAX_LEN = 128;

    private SocketAddresses() {
    }

    public static int family(InetAddress a) {
        return a instanceof Inet4Address ? LibC.AF_INET : LibC.AF_INET6;
    }

    public static byte[] encode(InetSocketAddress sa) {
        InetAddress a = sa.getAddress();
        if (a == null) {
            throw new IllegalArgumentException("unresolved address " + sa);
        }
        boolean v4 = a instanceof Inet4Address;
        ByteBuffer b = ByteBuffer.allocate(v4 ? SOCKADDR_IN_LEN : SOCKADDR_IN6_LEN);
        b.order(ByteOrder.nativeOrder()).putShort((short) (v4 ? LibC.AF_INET : LibC.AF_INET6));
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) sa.getPort());
        if (v4) {
            b.put(a.getAddress());
        } else {
            b.putInt(0); // flowinfo
            b.put(a.getAddress());
            b.order(ByteOrder.nativeOrder()).putInt(((Inet6Address) a).getScopeId());
        }
        return b.array();
    }

    public static InetSocketAddress decode(byte[] raw, int len) {
        ByteBuffer b = ByteBuffer.wrap(raw, 0, len);
        int family = b.order(ByteOrder.nativeOrder()).getShort() & 0xffff;
        int port = b.order(ByteOrder.BIG_ENDIAN).getShort() & 0xffff;
        try {
            if (family == LibC.AF_INET) {
                byte[] a = new byte[4];
                b.get(a);
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
            if (family == LibC.AF_INET6) {
                b.getInt();
                byte[] a = new byte[16];
                b.get(a);
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4- or 16-byte arrays
        }
        throw new IllegalArgumentException("unsupported address family " + family);
    }
}
