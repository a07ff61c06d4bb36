package eu.xtreemos.ds.dsco.protect;

import eu.xtreemos.ds.nfq.IpPacket;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The output-commit rule on real IPv6/TCP headers: which held packets a checkpoint covers. */
class OutputCommitTest {
    static final InetAddress SERVICE = addr("fd00:5::1"), CLIENT = addr("fd00:c::7");
    static final OutputCommit.Conn CONN = new OutputCommit.Conn(SERVICE, 7000, CLIENT, 40000);

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An IPv6 TCP segment from the service to the client. */
    static IpPacket segment(long seq, long ack, int flags, int payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + 20 + payload);
        b.putInt(0x60000000).putShort((short) (20 + payload)).put((byte) 6).put((byte) 64);
        b.put(SERVICE.getAddress()).put(CLIENT.getAddress());
        b.putShort((short) 7000).putShort((short) 40000).putInt((int) seq).putInt((int) ack);
        b.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        return IpPacket.parse(b.array());
    }

    @Test
    void aPacketLeavesOnlyWhenACheckpointCoversItsBytesAndItsAcknowledgement() {
        OutputCommit<Integer> oc = new OutputCommit<>();
        assertTrue(oc.hold(1, segment(1000, 500, IpPacket.ACK, 100)), "bytes 1000..1100, acks 500");
        assertTrue(oc.hold(2, segment(1100, 600, IpPacket.ACK, 100)), "bytes 1100..1200, acks 600");
        assertTrue(oc.hold(3, segment(1200, 600, IpPacket.ACK | IpPacket.FIN, 0)), "FIN at 1200");
        assertEquals(List.of(), oc.checkpointed(CONN, 1050, 500), "the first packet's bytes end beyond the checkpoint");
        assertEquals(List.of(1), oc.checkpointed(CONN, 1150, 550), "the second's bytes end beyond 1150");
        assertEquals(List.of(), oc.checkpointed(CONN, 1200, 550), "the second acknowledges more than the backup would");
        assertEquals(List.of(2), oc.checkpointed(CONN, 1200, 600), "the FIN counts one byte beyond 1200");
        assertEquals(List.of(3), oc.checkpointed(CONN, 1201, 600));
        assertEquals(0, oc.heldFor(CONN));
    }

    @Test
    void aCoveredPacketWithNothingHeldBeforeItPassesAndOrderIsKept() {
        OutputCommit<Integer> oc = new OutputCommit<>();
        oc.checkpointed(CONN, 5000, 900);
        assertFalse(oc.hold(1, segment(4000, 900, IpPacket.ACK, 500)), "a retransmission of checkpointed bytes");
        assertTrue(oc.hold(2, segment(5000, 900, IpPacket.ACK, 100)), "new bytes");
        assertTrue(oc.hold(3, segment(4500, 900, IpPacket.ACK, 100)), "covered, but behind a held packet: order is kept");
        assertEquals(List.of(2, 3), oc.checkpointed(CONN, 5100, 900));
    }

    @Test
    void aResetIsNeverCoveredAndLeavesInOrderOnlyWhenTheConnectionIsUnprotected() {
        OutputCommit<Integer> oc = new OutputCommit<>();
        assertTrue(oc.hold(1, segment(1000, 500, IpPacket.ACK, 100)));
        assertTrue(oc.hold(2, segment(1100, 500, IpPacket.RST | IpPacket.ACK, 0)), "a dying application's reset");
        assertEquals(List.of(1), oc.checkpointed(CONN, 1_000_000, 500), "a checkpoint far ahead still leaves the reset held");
        assertTrue(oc.hold(3, segment(1100, 500, IpPacket.ACK, 0)), "behind the held reset");
        assertEquals(2, oc.heldNow());
        assertEquals(List.of(2, 3), oc.forget(CONN), "unprotected: everything held, in order, for the caller's verdict");
        assertEquals(0, oc.heldNow());
    }

    @Test
    void aSynAckPassesAndSequenceNumbersWrap() {
        OutputCommit<Integer> oc = new OutputCommit<>();
        assertFalse(oc.hold(1, segment(0xfffffff0L, 1, IpPacket.SYN | IpPacket.ACK, 0)));
        assertTrue(oc.hold(2, segment(0xfffffff1L, 1, IpPacket.ACK, 100)), "bytes wrap past 2^32");
        assertEquals(List.of(), oc.checkpointed(CONN, 0xfffffff1 + 50, 1));
        assertEquals(List.of(2), oc.checkpointed(CONN, 0xfffffff1 + 100, 1));
        assertTrue(OutputCommit.after(5, 0xfffffffb));
    }

    @Test
    void anOlderCheckpointAcknowledgedLateDoesNotMoveCoverageBack() {
        OutputCommit<Integer> oc = new OutputCommit<>();
        oc.checkpointed(CONN, 2000, 700);
        oc.checkpointed(CONN, 1500, 650);
        assertFalse(oc.hold(1, segment(1900, 700, IpPacket.ACK, 100)), "still covered by the newer checkpoint");
        assertEquals(List.of(), oc.forget(CONN));
        assertTrue(oc.hold(2, segment(1900, 700, IpPacket.ACK, 100)), "a forgotten connection has no coverage");
        assertEquals(List.of(2), oc.forget(CONN));
    }
}
