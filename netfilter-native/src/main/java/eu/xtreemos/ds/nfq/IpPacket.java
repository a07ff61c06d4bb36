package eu.xtreemos.ds.nfq;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The few header fields of a raw IPv4 or IPv6 packet the packet filter needs: addresses, protocol and,
 * for TCP, ports, flags and sequence numbers. {@link #parse} never throws: malformed or short input gives
 * {@link #INVALID} (or a valid IP packet whose {@link #isTcp()} is false when the TCP header is cut).
 */
public final class IpPacket {
    public static final int PROTO_TCP = 6;
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

    /** The result for anything that is not a well-formed IPv4 or IPv6 header. */
    public static final IpPacket INVALID = new IpPacket(0, null, null, -1, 0, 0, false, 0, 0, 0, 0, 0, 0, 0);

    private static final int TCP_MIN = 20;

    private final int version;
    private final InetAddress src;
    private final InetAddress dst;
    private final int protocol;
    private final int length;
    private final int l4Offset;
    private final boolean tcp;
    private final int srcPort;
    private final int dstPort;
    private final long seq;
    private final long ack;
    private final int flags;
    private final int dataOffset;
    private final int dataLength;

    private IpPacket(int version, InetAddress src, InetAddress dst, int protocol, int length, int l4Offset,
                     boolean tcp, int srcPort, int dstPort, long seq, long ack, int flags, int dataOffset, int dataLength) {
        this.version = version;
        this.src = src;
        this.dst = dst;
        this.protocol = protocol;
        this.length = length;
        this.l4Offset = l4Offset;
        this.tcp = tcp;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.seq = seq;
        this.ack = ack;
        this.flags = flags;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
    }

    public static IpPacket parse(byte[] b) {
        return b == null ? INVALID : parse(b, 0, b.length);
    }

    /** Parses {@code len} bytes at {@code off}; never throws. */
    public static IpPacket parse(byte[] b, int off, int len) {
        try {
            if (b == null || off < 0 || len < 1 || off > b.length - len) {
                return INVALID;
            }
            int v = (b[off] & 0xff) >>> 4;
            if (v == 4) {
                return parse4(b, off, len);
            }
            if (v == 6) {
                return parse6(b, off, len);
            }
            return INVALID;
        } catch (RuntimeException e) { // belt and braces: the bounds checks above should make this unreachable
            return INVALID;
        }
    }

    private static IpPacket parse4(byte[] b, int off, int len) {
        if (len < 20) {
            return INVALID;
        }
        int ihl = (b[off] & 0x0f) * 4;
        int total = u16(b, off + 2);
        if (ihl < 20 || total < ihl || total > len) {
            return INVALID;
        }
        int proto = b[off + 9] & 0xff;
        int fragOffset = u16(b, off + 6) & 0x1fff;
        InetAddress s = addr(b, off + 12, 4);
        InetAddress d = addr(b, off + 16, 4);
        // A non-first fragment carries no transport header.
        return transport(4, s, d, proto, total, fragOffset == 0 ? ihl : -1, b, off, total);
    }

    private static IpPacket parse6(byte[] b, int off, int len) {
        if (len < 40) {
            return INVALID;
        }
        int total = 40 + u16(b, off + 4);
        if (total > len) {
            return INVALID;
        }
        InetAddress s = addr(b, off + 8, 16);
        InetAddress d = addr(b, off + 24, 16);
        int next = b[off + 6] & 0xff;
        int p = 40;
        boolean laterFragment = false;
        // Walk the extension headers (hop-by-hop, routing, fragment, destination options).
        for (int guard = 0; guard < 16; guard++) {
            if (next == 0 || next == 43 || next == 60) {
                if (p + 8 > total) {
                    return new IpPacket(6, s, d, next, total, -1, false, 0, 0, 0, 0, 0, 0, 0);
                }
                int hlen = ((b[off + p + 1] & 0xff) + 1) * 8;
                next = b[off + p] & 0xff;
                p += hlen;
            } else if (next == 44) {
                if (p + 8 > total) {
                    return new IpPacket(6, s, d, next, total, -1, false, 0, 0, 0, 0, 0, 0, 0);
                }
                laterFragment = (u16(b, off + p + 2) & 0xfff8) != 0;
                next = b[off + p] & 0xff;
                p += 8;
            } else {
                break;
            }
        }
        return transport(6, s, d, next, total, laterFragment || p > total ? -1 : p, b, off, total);
    }

    private static IpPacket transport(int version, InetAddress s, InetAddress d, int proto, int total, int l4,
                                      byte[] b, int off, int end) {
        if (s == null || d == null) {
            return INVALID;
        }
        if (proto != PROTO_TCP || l4 < 0 || l4 + TCP_MIN > end) {
            return new IpPacket(version, s, d, proto, total, l4, false, 0, 0, 0, 0, 0, 0, 0);
        }
        int t = off + l4;
        int thl = ((b[t + 12] & 0xff) >>> 4) * 4;
        if (thl < TCP_MIN || l4 + thl > end) {
            return new IpPacket(version, s, d, proto, total, l4, false, 0, 0, 0, 0, 0, 0, 0);
        }
        return new IpPacket(version, s, d, proto, total, l4, true, u16(b, t), u16(b, t + 2),
                u32(b, t + 4), u32(b, t + 8), b[t + 13] & 0xff, l4 + thl, end - l4 - thl);
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    private static InetAddress addr(byte[] b, int i, int n) {
        byte[] a = new byte[n];
        System.arraycopy(b, i, a, 0, n);
        try {
            return InetAddress.getByAddress(a); // a literal: no name lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether the IP header (v4 or v6) is well formed and fits in the input. */
    public boolean valid() {
        return version != 0;
    }

    /** 4, 6, or 0 when invalid. */
    public int version() {
        return version;
    }

    public InetAddress src() {
        return src;
    }

    public InetAddress dst() {
        return dst;
    }

    /** The transport protocol (after IPv6 extension headers), -1 when invalid. */
    public int protocol() {
        return protocol;
    }

    /** Length of the packet according to its own header (the input may be longer). */
    public int length() {
        return length;
    }

    /** True if a complete TCP header is present. */
    public boolean isTcp() {
        return tcp;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    public long seq() {
        return seq;
    }

    public long ack() {
        return ack;
    }

    /** TCP flag bits (FIN, SYN, RST, PSH, ACK, URG as in the header's low byte). */
    public int tcpFlags() {
        return flags;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Offset of the TCP payload from the start of the packet. */
    public int tcpDataOffset() {
        return dataOffset;
    }

    /** Bytes of TCP payload. */
    public int tcpDataLength() {
        return dataLength;
    }

    @Override
    public String toString() {
        if (!valid()) {
            return "invalid packet";
        }
        if (!tcp) {
            return "IPv" + version + " " + src.getHostAddress() + " > " + dst.getHostAddress() + " proto " + protocol
                    + " len " + length;
        }
        StringBuilder f = new StringBuilder();
        String[] names = {"F", "S", "R", "P", ".", "U"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                f.append(names[i]);
            }
        }
        return "IPv" + version + " " + src.getHostAddress() + "." + srcPort + " > " + dst.getHostAddress() + "."
                + dstPort + " [" + f + "] seq " + seq + " ack " + ack + " len " + dataLength;
    }
}
