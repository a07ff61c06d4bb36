package eu.xtreemos.ds.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The client-visible gap as ds-bench computes it from tcpdump's file: pcap files written here the way tcpdump
 * writes them (nanosecond time stamps, Ethernet, headers only), read back by {@link PacketCapture#read}.
 */
class PacketCaptureTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_800_000_000_000_000_000L; // epoch ns
    private static final int DONOR = 0x1234a, RECEIVER = 0x5678b;
    private static final InetAddress CLIENT = address("fd00:d5:5a:6::1");
    private static final int PORT = 40000;

    @TempDir
    Path dir;

    /** tcpdump's file, built packet by packet. */
    private static final class Pcap {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pcap() {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b23c4d).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(96).putInt(1);
            out.writeBytes(h.array());
        }

        /** A segment from the service to the client: flow label, sequence number, payload bytes (not captured). */
        Pcap packet(long atNanos, int label, int seq, int payload) {
            int ipPayload = 32 + payload; // TCP header with timestamps
            int wire = 14 + 40 + ipPayload;
            int captured = Math.min(wire, 96);
            ByteBuffer p = ByteBuffer.allocate(16 + captured);
            p.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (atNanos / 1_000_000_000L)).putInt((int) (atNanos % 1_000_000_000L))
                    .putInt(captured).putInt(wire);
            p.order(ByteOrder.BIG_ENDIAN);
            p.put(new byte[12]).putShort((short) 0x86dd); // Ethernet
            p.putInt(0x60000000 | label).putShort((short) ipPayload).put((byte) 6).put((byte) 64);
            p.put(address("fd00:d5:5a:1::7").getAddress()).put(CLIENT.getAddress());
            p.putShort((short) 7000).putShort((short) PORT).putInt(seq).putInt(1).put((byte) (8 << 4)).put((byte) 0x18);
            while (p.hasRemaining()) {
                p.put((byte) 0);
            }
            out.writeBytes(p.array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        List<PacketCapture.Packet> read(Path dir) throws Exception {
            Path f = dir.resolve("c.pcap");
            Files.write(f, out.toByteArray());
            Map<PacketCapture.Flow, List<PacketCapture.Packet>> flows = PacketCapture.read(f);
            assertEquals(1, flows.size());
            return flows.get(new PacketCapture.Flow(CLIENT, PORT));
        }
    }

    /** The donor's stream: 1000-byte segments every ms from sequence number {@code seq}, up to {@code T0 + 10 ms}. */
    private static Pcap streamed(int seq) {
        Pcap p = new Pcap();
        for (int i = 0; i <= 10; i++) {
            p.packet(T0 + i * MS, DONOR, seq + 1000 * i, 1000);
        }
        return p; // the client has seen up to seq + 11000
    }

    @Test
    void theGapEndsAtTheFirstNewDataNotAtWhatTheRestoredSocketSendsFirst() throws Exception {
        int seq = 5000;
        List<PacketCapture.Packet> flow = streamed(seq)
                .packet(T0 + 13 * MS, RECEIVER, seq + 11000, 0)          // a pure ACK on activation
                .packet(T0 + 14 * MS, RECEIVER, seq + 11000 - 1, 0)      // a window probe: one below what is acknowledged
                .packet(T0 + 16 * MS, RECEIVER, seq + 10000, 1000)       // the donor's last segment again: nothing new
                .packet(T0 + 19 * MS, RECEIVER, seq + 10500, 1000)       // half old, half new: the first new data
                .packet(T0 + 20 * MS, RECEIVER, seq + 11500, 1000)
                .read(dir);
        assertEquals(19 * MS - 10 * MS, PacketCapture.gap(flow, T0 + 10 * MS + 500_000, T0 + 30 * MS),
                "from the donor's last new data (10 ms) to the receiver's first (19 ms)");
    }

    @Test
    void theGapStartsAtTheDonorsLastNewDataNotAtItsRetransmission() throws Exception {
        int seq = 5000;
        List<PacketCapture.Packet> flow = streamed(seq)
                .packet(T0 + 12 * MS, DONOR, seq + 9000, 1000)           // retransmitted during the handoff
                .packet(T0 + 15 * MS, RECEIVER, seq + 11000, 1000)
                .read(dir);
        assertEquals(5 * MS, PacketCapture.gap(flow, T0 + 10 * MS + 500_000, T0 + 30 * MS));
    }

    @Test
    void noGapWhenTheReceiverSentOnlyProbesAcksAndRetransmissions() throws Exception {
        int seq = 5000;
        List<PacketCapture.Packet> flow = streamed(seq)
                .packet(T0 + 13 * MS, RECEIVER, seq + 11000, 0)
                .packet(T0 + 14 * MS, RECEIVER, seq + 11000 - 1, 0)
                .packet(T0 + 16 * MS, RECEIVER, seq + 10000, 1000)
                .packet(T0 + 40 * MS, RECEIVER, seq + 11000, 1000)       // new data, but after the window
                .read(dir);
        assertEquals(-1, PacketCapture.gap(flow, T0 + 10 * MS + 500_000, T0 + 30 * MS));
        String said = PacketCapture.describe(flow, T0 + 10 * MS + 500_000, T0 + 30 * MS);
        assertTrue(said.contains("label 5678b: 3 packets, 0 with new data"), said);
    }

    @Test
    void dataTheClientNeverReceivedIsNewWhenTheReceiverSendsIt() throws Exception {
        int seq = 5000;
        // the donor's segment at seq + 11000 was lost before the client: the receiver sends it again
        List<PacketCapture.Packet> flow = streamed(seq)
                .packet(T0 + 13 * MS, RECEIVER, seq + 12000, 0)          // its ACK carries its next sequence number
                .packet(T0 + 15 * MS, RECEIVER, seq + 11000, 1000)
                .read(dir);
        assertEquals(5 * MS, PacketCapture.gap(flow, T0 + 10 * MS + 500_000, T0 + 30 * MS));
    }

    @Test
    void sequenceNumbersWrap() throws Exception {
        int seq = -6000; // 2^32 - 6000: the stream wraps past 0 during the donor's segments
        List<PacketCapture.Packet> flow = streamed(seq)
                .packet(T0 + 13 * MS, RECEIVER, seq + 10000, 1000)       // old: before the wrap-around's end
                .packet(T0 + 15 * MS, RECEIVER, seq + 11000, 1000)
                .read(dir);
        assertTrue(flow.stream().filter(p -> p.label() == DONOR).allMatch(PacketCapture.Packet::fresh), "each of the donor's is new");
        assertEquals(5 * MS, PacketCapture.gap(flow, T0 + 10 * MS + 500_000, T0 + 30 * MS));
    }

    @Test
    void aFileBeingWrittenIsReadRecordByRecord() throws Exception {
        int seq = 5000;
        byte[] all = streamed(seq).packet(T0 + 15 * MS, RECEIVER, seq + 11000, 1000).bytes();
        int oneRecord = 16 + 96; // every record here is cut at the snap length
        Path f = dir.resolve("growing.pcap");
        Files.write(f, java.util.Arrays.copyOf(all, 24 + 11 * oneRecord + 40)); // the donor's 11, and part of the next
        PacketCapture.Reader r = new PacketCapture.Reader(f);
        List<PacketCapture.Packet> flow = r.read().get(new PacketCapture.Flow(CLIENT, PORT));
        assertEquals(11, flow.size(), "the record not yet written in full is left for later");
        assertEquals(-1, PacketCapture.gap(flow, T0 + 10 * MS + 500_000, Long.MAX_VALUE));
        Files.write(f, all);
        flow = r.read().get(new PacketCapture.Flow(CLIENT, PORT));
        assertEquals(12, flow.size());
        assertEquals(5 * MS, PacketCapture.gap(flow, T0 + 10 * MS + 500_000, Long.MAX_VALUE),
                "what the client had received is remembered across reads");
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
