package eu.xtreemos.ds.nfq;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.SplittableRandom;

import static eu.xtreemos.ds.nfq.Packets.ip;
import static org.junit.jupiter.api.Assertions.*;

class IpPacketTest {
    static final InetAddress C6 = ip("fd00:d5:ee::1"), S6 = ip("fd00:d5:ee::100");
    static final InetAddress C4 = ip("10.213.0.1"), S4 = ip("10.213.0.100");

    @Test
    void parsesTcpOverIpv6() {
        byte[] p = Packets.tcp(C6, 40000, S6, 7000, 0xfffffff0L, 12345, IpPacket.PSH | IpPacket.ACK, new byte[100]);
        IpPacket ip = IpPacket.parse(p);
        assertTrue(ip.valid());
        assertEquals(6, ip.version());
        assertEquals(C6, ip.src());
        assertEquals(S6, ip.dst());
        assertEquals(6, ip.protocol());
        assertEquals(p.length, ip.length());
        assertTrue(ip.isTcp());
        assertEquals(40000, ip.srcPort());
        assertEquals(7000, ip.dstPort());
        assertEquals(0xfffffff0L, ip.seq());
        assertEquals(12345, ip.ack());
        assertTrue(ip.has(IpPacket.PSH) && ip.has(IpPacket.ACK) && !ip.has(IpPacket.SYN));
        assertEquals(60, ip.tcpDataOffset());
        assertEquals(100, ip.tcpDataLength());
        assertTrue(ip.toString().contains("[P.]"), ip.toString());
    }

    @Test
    void parsesTcpOverIpv4() {
        byte[] p = Packets.tcp(C4, 40001, S4, 7001, 1, 0, IpPacket.SYN, new byte[0]);
        IpPacket ip = IpPacket.parse(p);
        assertTrue(ip.valid() && ip.isTcp());
        assertEquals(4, ip.version());
        assertEquals(C4, ip.src());
        assertEquals(S4, ip.dst());
        assertEquals(40001, ip.srcPort());
        assertTrue(ip.has(IpPacket.SYN));
        assertEquals(0, ip.tcpDataLength());
        assertEquals(0, Packets.checksum(Arrays.copyOf(p, 20)), "the builder's IPv4 header checksum");
    }

    @Test
    void skipsIpv6ExtensionHeaders() {
        byte[] plain = Packets.tcp(C6, 1, S6, 2, 3, 4, IpPacket.ACK, new byte[10]);
        byte[] p = new byte[plain.length + 8]; // insert a destination-options header of 8 bytes
        System.arraycopy(plain, 0, p, 0, 40);
        System.arraycopy(plain, 40, p, 48, plain.length - 40);
        p[6] = 60;
        int payload = ((plain[4] & 0xff) << 8 | (plain[5] & 0xff)) + 8;
        p[4] = (byte) (payload >> 8);
        p[5] = (byte) payload;
        p[40] = 6; // next: TCP
        p[41] = 0; // (0 + 1) * 8 bytes
        p[42] = 1; // PadN
        p[43] = 4;
        IpPacket ip = IpPacket.parse(p);
        assertTrue(ip.isTcp(), ip.toString());
        assertEquals(6, ip.protocol());
        assertEquals(2, ip.dstPort());
        assertEquals(10, ip.tcpDataLength());
    }

    @Test
    void malformedInputIsInvalidAndNeverThrows() {
        assertFalse(IpPacket.parse(null).valid());
        assertFalse(IpPacket.parse(new byte[0]).valid());
        assertFalse(IpPacket.parse(new byte[] {0x45}).valid());
        assertFalse(IpPacket.parse(new byte[19]).valid());
        assertFalse(IpPacket.parse(new byte[60]).valid(), "version 0");
        byte[] v6 = Packets.tcp(C6, 1, S6, 2, 3, 4, IpPacket.ACK, new byte[10]);
        assertFalse(IpPacket.parse(Arrays.copyOf(v6, 39)).valid(), "cut IPv6 header");
        assertFalse(IpPacket.parse(Arrays.copyOf(v6, v6.length - 1)).valid(), "payload length beyond the input");
        byte[] v4 = Packets.tcp(C4, 1, S4, 2, 3, 4, IpPacket.ACK, new byte[10]);
        byte[] badIhl = v4.clone();
        badIhl[0] = 0x44; // IHL 16 bytes
        assertFalse(IpPacket.parse(badIhl).valid());
        byte[] longTotal = v4.clone();
        longTotal[3] = (byte) (v4.length + 1);
        assertFalse(IpPacket.parse(longTotal).valid());
        // A valid IP header with a cut TCP header: valid, but not TCP.
        byte[] cutTcp = v4.clone();
        cutTcp[2] = 0;
        cutTcp[3] = 30;
        IpPacket ip = IpPacket.parse(cutTcp);
        assertTrue(ip.valid());
        assertFalse(ip.isTcp());
        assertEquals(6, ip.protocol());
        byte[] badDoff = v6.clone();
        badDoff[40 + 12] = (byte) 0xf0; // data offset 60 > what is there
        assertFalse(IpPacket.parse(badDoff).isTcp());
        assertFalse(IpPacket.parse(v4, 10, 200).valid(), "range outside the array");
        assertFalse(IpPacket.parse(v4, -1, 5).valid());
        assertEquals("invalid packet", IpPacket.INVALID.toString());
    }

    @Test
    void randomBytesNeverThrow() {
        SplittableRandom r = new SplittableRandom(42);
        byte[] v6 = Packets.tcp(C6, 1, S6, 2, 3, 4, IpPacket.ACK, new byte[40]);
        for (int i = 0; i < 200_000; i++) {
            byte[] b;
            if ((i & 1) == 0) {
                b = new byte[1 + r.nextInt(120)];
                r.nextBytes(b);
                b[0] = (byte) ((r.nextBoolean() ? 0x40 : 0x60) | (b[0] & 0x0f)); // mostly plausible versions
            } else { // a real packet with a few bytes flipped and a random cut
                b = Arrays.copyOf(v6, r.nextInt(v6.length + 1));
                for (int k = 0; k < 3 && b.length > 0; k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            IpPacket p = IpPacket.parse(b);
            assertNotNull(p);
            p.toString();
        }
    }
}
