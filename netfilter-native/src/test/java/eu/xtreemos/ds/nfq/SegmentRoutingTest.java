package eu.xtreemos.ds.nfq;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class SegmentRoutingTest {
    private static byte[] addr(String a) throws Exception {
        return InetAddress.getByName(a).getAddress();
    }

    /** IPv6 + SRH (segments [svc, node], segments left 1, as `encap seg6 mode inline` builds it) + 20 TCP octets. */
    private static byte[] inline(int segmentsLeft) throws Exception {
        byte[] p = new byte[40 + 40 + 20];
        p[0] = 0x60;
        p[5] = 60; // payload: SRH 40 + TCP 20
        p[6] = 43;
        p[7] = 64;
        System.arraycopy(addr("fd00:d5:1:2::101"), 0, p, 8, 16);
        System.arraycopy(addr("fd00:d5:1:1::11"), 0, p, 24, 16);
        p[40] = 6; // next header TCP
        p[41] = 4; // (4 + 1) * 8 = 40 octets
        p[42] = 4; // type 4: segment routing
        p[43] = (byte) segmentsLeft;
        p[44] = 1; // last entry
        System.arraycopy(addr("fd00:d5:1:5::1"), 0, p, 48, 16); // segment 0: the service address
        System.arraycopy(addr("fd00:d5:1:1::11"), 0, p, 64, 16);
        for (int i = 0; i < 20; i++) {
            p[80 + i] = (byte) (i + 1);
        }
        p[92] = 0x50; // TCP data offset: 5 words
        return p;
    }

    @Test
    void aPacketAlongABindingBecomesThePacketTheClientMeant() throws Exception {
        byte[] out = SegmentRouting.toFinalDestination(inline(1));
        assertEquals(60, out.length);
        assertEquals(6, out[6], "next header: TCP");
        assertEquals(20, out[5], "payload length without the routing header");
        assertArrayEquals(addr("fd00:d5:1:5::1"), Arrays.copyOfRange(out, 24, 40), "sent to the service address");
        assertArrayEquals(addr("fd00:d5:1:2::101"), Arrays.copyOfRange(out, 8, 24));
        assertArrayEquals(Arrays.copyOfRange(inline(1), 80, 100), Arrays.copyOfRange(out, 40, 60), "TCP untouched");
        IpPacket parsed = IpPacket.parse(out);
        assertTrue(parsed.isTcp());
        assertEquals(InetAddress.getByName("fd00:d5:1:5::1"), parsed.dst());
    }

    /** IPv6 to the node + type 2 routing header (RFC 6275 §6.4: home address, segments left 1) + 20 TCP octets. */
    private static byte[] type2(int segmentsLeft) throws Exception {
        byte[] p = new byte[40 + 24 + 20];
        p[0] = 0x60;
        p[5] = 44; // payload: RH2 24 + TCP 20
        p[6] = 43;
        p[7] = 64;
        System.arraycopy(addr("fd00:d5:fa00:2::101"), 0, p, 8, 16);
        System.arraycopy(addr("fd00:d5:fa00:1::11"), 0, p, 24, 16); // the care-of address
        p[40] = 6; // next header TCP
        p[41] = 2; // (2 + 1) * 8 = 24 octets
        p[42] = 2; // type 2
        p[43] = (byte) segmentsLeft;
        System.arraycopy(addr("fd00:d5:fa00:5::1"), 0, p, 48, 16); // the home address: the service address
        for (int i = 0; i < 20; i++) {
            p[64 + i] = (byte) (i + 1);
        }
        p[76] = 0x50;
        return p;
    }

    @Test
    void aPacketWithAType2RoutingHeaderBecomesThePacketTheClientMeant() throws Exception {
        byte[] out = SegmentRouting.toFinalDestination(type2(1));
        assertEquals(60, out.length);
        assertEquals(6, out[6], "next header: TCP");
        assertEquals(20, out[5], "payload length without the routing header");
        assertArrayEquals(addr("fd00:d5:fa00:5::1"), Arrays.copyOfRange(out, 24, 40), "sent to the home (service) address");
        assertArrayEquals(addr("fd00:d5:fa00:2::101"), Arrays.copyOfRange(out, 8, 24));
        assertArrayEquals(Arrays.copyOfRange(type2(1), 64, 84), Arrays.copyOfRange(out, 40, 60), "TCP untouched");
    }

    @Test
    void anythingElseIsLeftAsItIs() throws Exception {
        byte[] done = inline(0); // already processed here: the kernel delivers it as it is
        assertSame(done, SegmentRouting.toFinalDestination(done));
        byte[] cut = Arrays.copyOf(inline(1), 70); // routing header longer than the packet
        assertSame(cut, SegmentRouting.toFinalDestination(cut));
        byte[] v4 = new byte[60];
        v4[0] = 0x45;
        assertSame(v4, SegmentRouting.toFinalDestination(v4));
        byte[] type3 = inline(1);
        type3[42] = 3; // RPL source route: not one of ours
        assertSame(type3, SegmentRouting.toFinalDestination(type3));
        byte[] rh2Done = type2(0);
        assertSame(rh2Done, SegmentRouting.toFinalDestination(rh2Done));
        assertSame(new byte[0].getClass(), SegmentRouting.toFinalDestination(new byte[3]).getClass());
    }

    /** The TCP/UDP checksum over the IPv6 pseudo-header and the segment, computed from scratch. */
    private static int fullChecksum(byte[] p, int checksumAt) {
        byte[] c = p.clone();
        c[checksumAt] = 0;
        c[checksumAt + 1] = 0;
        int length = c.length - 40;
        long sum = 0;
        for (int i = 8; i < 40; i += 2) {
            sum += ((c[i] & 0xFF) << 8) | (c[i + 1] & 0xFF);
        }
        sum += length + (c[6] & 0xFF);
        for (int i = 40; i < c.length; i += 2) {
            sum += ((c[i] & 0xFF) << 8) | (i + 1 < c.length ? c[i + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static byte[] plainTcp(String dst) throws Exception {
        byte[] p = new byte[40 + 20 + 7];
        p[0] = 0x60;
        p[5] = 27;
        p[6] = 6;
        p[7] = 64;
        System.arraycopy(addr("fd00:d5:1:2::101"), 0, p, 8, 16);
        System.arraycopy(addr(dst), 0, p, 24, 16);
        for (int i = 40; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        p[52] = 0x50;
        int sum = fullChecksum(p, 56);
        p[56] = (byte) (sum >> 8);
        p[57] = (byte) sum;
        return p;
    }

    @Test
    void aPlainPacketToTheNodesOwnAddressIsReaddressedToTheServiceWithItsChecksumRight() throws Exception {
        byte[] toNode = plainTcp("fd00:d5:1:1::11");
        byte[] out = SegmentRouting.readdressed(toNode, addr("fd00:d5:1:1::11"), addr("fd00:d5:1:5::1"));
        assertArrayEquals(addr("fd00:d5:1:5::1"), Arrays.copyOfRange(out, 24, 40), "sent to the service address");
        int expected = fullChecksum(out, 56);
        assertEquals(expected, ((out[56] & 0xFF) << 8) | (out[57] & 0xFF), "the TCP checksum holds for the new destination");
        assertArrayEquals(Arrays.copyOfRange(toNode, 58, toNode.length), Arrays.copyOfRange(out, 58, out.length), "payload untouched");
        byte[] other = plainTcp("fd00:d5:1:1::12");
        assertSame(other, SegmentRouting.readdressed(other, addr("fd00:d5:1:1::11"), addr("fd00:d5:1:5::1")), "another destination: as it was");
        assertSame(toNode, SegmentRouting.readdressed(toNode, addr("fd00:d5:1:1::99"), addr("fd00:d5:1:5::1")));
    }
}
