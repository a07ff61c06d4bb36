package eu.xtreemos.ds.nfq;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Builds TCP/IP packets with correct checksums, for parser tests and the benchmark. */
final class Packets {
    private Packets() {
    }

    static byte[] tcp(InetAddress src, int sport, InetAddress dst, int dport, long seq, long ack, int flags,
                      byte[] data) {
        boolean v4 = src instanceof Inet4Address;
        int tcpLen = 20 + data.length;
        ByteBuffer t = ByteBuffer.allocate(tcpLen);
        t.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        t.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        t.put(data);
        byte[] tcp = t.array();
        ByteBuffer ph = ByteBuffer.allocate((v4 ? 12 : 40) + tcpLen);
        ph.put(src.getAddress()).put(dst.getAddress());
        if (v4) {
            ph.put((byte) 0).put((byte) 6).putShort((short) tcpLen);
        } else {
            ph.putInt(tcpLen).putInt(6);
        }
        ph.put(tcp);
        int sum = checksum(ph.array());
        tcp[16] = (byte) (sum >>> 8);
        tcp[17] = (byte) sum;
        ByteBuffer p;
        if (v4) {
            p = ByteBuffer.allocate(20 + tcpLen);
            p.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLen)).putShort((short) 1).putShort((short) 0x4000);
            p.put((byte) 64).put((byte) 6).putShort((short) 0).put(src.getAddress()).put(dst.getAddress());
            int hs = checksum(java.util.Arrays.copyOf(p.array(), 20));
            p.putShort(10, (short) hs);
        } else {
            p = ByteBuffer.allocate(40 + tcpLen);
            p.putInt(6 << 28).putShort((short) tcpLen).put((byte) 6).put((byte) 64).put(src.getAddress())
                    .put(dst.getAddress());
        }
        p.put(tcp);
        return p.array();
    }

    /** A literal address (no name lookup). */
    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Whether a whole IPv4 or IPv6 TCP packet (no IPv6 extension headers) has a correct TCP checksum. */
    static boolean tcpChecksumOk(byte[] p) {
        IpPacket ip = IpPacket.parse(p);
        if (!ip.isTcp()) {
            return false;
        }
        boolean v4 = ip.version() == 4;
        int l4 = v4 ? (p[0] & 0x0f) * 4 : 40;
        int tcpLen = ip.length() - l4;
        ByteBuffer ph = ByteBuffer.allocate((v4 ? 12 : 40) + tcpLen);
        ph.put(ip.src().getAddress()).put(ip.dst().getAddress());
        if (v4) {
            ph.put((byte) 0).put((byte) 6).putShort((short) tcpLen);
        } else {
            ph.putInt(tcpLen).putInt(6);
        }
        ph.put(p, l4, tcpLen);
        return checksum(ph.array()) == 0;
    }

    static int checksum(byte[] b) {
        long s = 0;
        for (int i = 0; i + 1 < b.length; i += 2) {
            s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if ((b.length & 1) != 0) {
            s += (b[b.length - 1] & 0xff) << 8;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }
}
