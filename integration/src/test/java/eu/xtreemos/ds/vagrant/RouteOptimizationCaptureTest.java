package eu.xtreemos.ds.vagrant;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The capture analysis of the Vagrant test's route-optimization run, on pcap bytes written here the way the kernel
 * sends the packets (Ethernet, IPv6, a type 2 routing header of 24 bytes, a destination options header with PadN
 * and the home address option, TCP), so that what it accepts and what it refuses can be seen without VMs.
 */
class RouteOptimizationCaptureTest {
    private static final InetAddress CLIENT = ip("fd00:d5:fa00:2::101");
    private static final InetAddress SERVICE = ip("fd00:d5:fa00:5::1");
    private static final InetAddress CONTACT = ip("fd00:d5:fa00:1::10");
    private static final InetAddress SERVER = ip("fd00:d5:fa00:1::11");
    private static final int PORT = 7000;

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** One frame: nanos since the start, and the IPv6 packet. */
    private record Frame(long nanos, byte[] ipv6) {
    }

    private static final int DATA = 100;
    /** The next sequence number each way: every segment carries {@value #DATA} new bytes unless it repeats. */
    private long upSeq = 1000, downSeq = 5000;

    /**
     * IPv6 with {@code extensions}, then a TCP header; the payload length counts {@code data} bytes more, which are
     * not captured (as with tcpdump -s 128).
     */
    private static byte[] ipv6(InetAddress src, InetAddress dst, int firstNext, byte[] extensions, int sport, int dport, long seq, int data) {
        ByteBuffer b = ByteBuffer.allocate(40 + extensions.length + 20);
        b.putInt(0x60000000).putShort((short) (extensions.length + 20 + data)).put((byte) firstNext).put((byte) 64);
        b.put(src.getAddress()).put(dst.getAddress()).put(extensions);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt(0).put((byte) 0x50).put((byte) 0x10).putShort((short) 1000).putInt(0);
        return b.array();
    }

    private byte[] up(InetAddress node) {
        upSeq += DATA;
        return node == null ? ipv6(CLIENT, SERVICE, 6, new byte[0], 40000, PORT, upSeq - DATA, DATA) : alongUp(node, upSeq - DATA);
    }

    private byte[] down(InetAddress node) {
        downSeq += DATA;
        return node == null ? ipv6(SERVICE, CLIENT, 6, new byte[0], PORT, 40000, downSeq - DATA, DATA) : alongDown(node, downSeq - DATA);
    }

    /** Client → node with a type 2 routing header holding the service address. */
    private static byte[] alongUp(InetAddress node, long seq) {
        ByteBuffer rh = ByteBuffer.allocate(24).put((byte) 6).put((byte) 2).put((byte) 2).put((byte) 1).putInt(0).put(SERVICE.getAddress());
        return ipv6(CLIENT, node, 43, rh.array(), 40000, PORT, seq, DATA);
    }

    /** Node → client with a home address option holding the service address (PadN first, as Linux aligns it). */
    private static byte[] alongDown(InetAddress node, long seq) {
        ByteBuffer d = ByteBuffer.allocate(24).put((byte) 6).put((byte) 2).put((byte) 1).put((byte) 2).putShort((short) 0)
                .put((byte) 0xc9).put((byte) 16).put(SERVICE.getAddress());
        return ipv6(node, CLIENT, 60, d.array(), PORT, 40000, seq, DATA);
    }

    /** A Binding Update from the service address to the client (Mobility Header, type 5) with this sequence number. */
    private static byte[] bindingUpdate(int sequence) {
        ByteBuffer b = ByteBuffer.allocate(40 + 12);
        b.putInt(0x60000000).putShort((short) 12).put((byte) 135).put((byte) 64).put(SERVICE.getAddress()).put(CLIENT.getAddress());
        b.put((byte) 59).put((byte) 0).put((byte) 5).put((byte) 0).putShort((short) 0).putShort((short) sequence).putShort((short) 0).putShort((short) 100);
        return b.array();
    }

    private static byte[] pcap(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1); // nanosecond, Ethernet
        out.writeBytes(h.array());
        for (Frame f : frames) {
            byte[] eth = ByteBuffer.allocate(14 + f.ipv6().length).put(new byte[12]).putShort((short) 0x86dd).put(f.ipv6()).array();
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (f.nanos() / 1_000_000_000L)).putInt((int) (f.nanos() % 1_000_000_000L)).putInt(eth.length).putInt(eth.length);
            out.writeBytes(r.array());
            out.writeBytes(eth);
        }
        return out.toByteArray();
    }

    /** Both ways, {@code n} segments each, 1 ms apart from {@code t}; on the contact node (home) or along the binding to {@code node}. */
    private long stretch(List<Frame> f, long t, int n, InetAddress node) {
        for (int i = 0; i < n; i++) {
            f.add(new Frame(t, up(node)));
            f.add(new Frame(t + 100_000, down(node)));
            t += 1_000_000;
        }
        return t;
    }

    @Test
    void fourHandoffsSwitchTheWayOnceEachAndTheGapsAreTheSilences() throws Exception {
        List<Frame> f = new ArrayList<>();
        long t = stretch(f, 0, 5, null);
        for (int h = 1; h <= 4; h++) {
            t = stretch(f, t + 20_000_000, 5, h % 2 == 1 ? SERVER : null); // 20 ms of silence at each handoff
        }
        List<RouteOptimizationCapture.Packet> packets = RouteOptimizationCapture.read(pcap(f));
        assertEquals(50, packets.size());
        RouteOptimizationCapture.Packet up = packets.get(10);
        assertEquals(SERVICE, up.routingHeader2());
        assertEquals(SERVER, up.dst());
        assertEquals(PORT, up.dport());
        assertEquals(SERVICE, packets.get(11).homeAddressOption());
        assertEquals(SERVER, packets.get(11).src());
        assertEquals(PORT, packets.get(11).sport());

        RouteOptimizationCapture.Analysis a = RouteOptimizationCapture.analyse(packets, CLIENT, SERVICE, PORT, SERVER, 4);
        assertEquals(List.of(), a.failures());
        assertEquals(5, a.downstream().size());
        assertEquals("home 5, via fd00:d5:fa00:1::11 5, home 5, via fd00:d5:fa00:1::11 5, home 5", RouteOptimizationCapture.describe(a.upstream()));
        assertEquals(4, a.gapMillis().size());
        for (double g : a.gapMillis()) {
            assertEquals(21.0, g, 1e-6, "from the last packet of the donor to the first of the receiver");
        }
        assertEquals(2, a.evidence().size(), a.evidence().toString());
        assertTrue(a.evidence().get(0).contains("type 2 routing header [fd00:d5:fa00:5::1]"), a.evidence().get(0));
        assertEquals(0, a.bindingUpdates());
    }

    @Test
    void aWayGoingBackAndForthTheWrongNodeOrAStrayPacketIsReported() throws Exception {
        List<Frame> f = new ArrayList<>();
        long t = stretch(f, 0, 3, null);
        t = stretch(f, t, 3, SERVER);
        t = stretch(f, t, 1, null); // back home for a moment, without a handoff
        t = stretch(f, t, 3, SERVER);
        t = stretch(f, t, 3, null);
        var a = RouteOptimizationCapture.analyse(RouteOptimizationCapture.read(pcap(f)), CLIENT, SERVICE, PORT, SERVER, 2);
        assertEquals(2, a.failures().size(), a.failures().toString());
        assertTrue(a.failures().get(0).startsWith("client → service: expected the ways [home, via fd00:d5:fa00:1::11, home]"), a.failures().get(0));

        List<Frame> g = new ArrayList<>();
        t = stretch(g, 0, 3, null);
        t = stretch(g, t, 3, CONTACT); // bound to the contact node: not the node handed to
        stretch(g, t, 3, null);
        g.add(new Frame(t + 5, ipv6(CLIENT, SERVER, 6, new byte[0], 40000, PORT, upSeq, DATA))); // to the node's own address, no routing header
        var b = RouteOptimizationCapture.analyse(RouteOptimizationCapture.read(pcap(g)), CLIENT, SERVICE, PORT, SERVER, 2);
        assertTrue(b.failures().stream().anyMatch(s -> s.contains("saw [home, via fd00:d5:fa00:1::10, home]")), b.failures().toString());
        assertTrue(b.failures().stream().anyMatch(s -> s.startsWith("client → service: 1 segments neither")), b.failures().toString());
    }

    @Test
    void aRetransmissionFromTheFrozenDonorIsNoSwitchButNewDataFromItIs() throws Exception {
        List<Frame> f = new ArrayList<>();
        long t = stretch(f, 0, 3, null);
        t = stretch(f, t, 3, SERVER);
        long repeatFrom = downSeq - 2 * DATA;
        t = stretch(f, t, 2, null);
        f.add(new Frame(t, alongDown(SERVER, repeatFrom))); // the frozen server's timer fired: data the client already has
        f.add(new Frame(t + 1, ipv6(SERVER, CLIENT, 6, new byte[0], PORT, 40000, downSeq, 0))); // and a bare ACK
        t = stretch(f, t + 1_000_000, 2, null);
        var a = RouteOptimizationCapture.analyse(RouteOptimizationCapture.read(pcap(f)), CLIENT, SERVICE, PORT, SERVER, 2);
        assertEquals(List.of(), a.failures());
        assertEquals("home 3, via fd00:d5:fa00:1::11 3, home 4", RouteOptimizationCapture.describe(a.downstream()));

        f.add(new Frame(t, alongDown(SERVER, downSeq))); // new data from the donor after the switch: a real way back
        var b = RouteOptimizationCapture.analyse(RouteOptimizationCapture.read(pcap(f)), CLIENT, SERVICE, PORT, SERVER, 2);
        assertEquals(1, b.failures().size(), b.failures().toString());
        assertTrue(b.failures().get(0).startsWith("service → client: expected"), b.failures().get(0));
    }

    @Test
    void bindingUpdatesAndTheirRepeatsAreCounted() throws Exception {
        List<Frame> f = new ArrayList<>();
        long t = stretch(f, 0, 1, null);
        for (int sequence : new int[] {7, 7, 8, 9, 9, 9}) {
            f.add(new Frame(t++, bindingUpdate(sequence)));
        }
        var a = RouteOptimizationCapture.analyse(RouteOptimizationCapture.read(pcap(f)), CLIENT, SERVICE, PORT, SERVER, 0);
        assertEquals(6, a.bindingUpdates());
        assertEquals(3, a.repeatedUpdates());
    }

    @Test
    void notAPcapIsSaidSo() {
        var e = assertThrows(java.io.IOException.class, () -> RouteOptimizationCapture.read(new byte[40]));
        assertTrue(e.getMessage().startsWith("not a pcap file"), e.getMessage());
    }
}
