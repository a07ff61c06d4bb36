package eu.xtreemos.ds.nfq;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The nfnetlink_queue messages, checked against the layout of linux/netfilter/nfnetlink_queue.h. */
class NfqMessagesTest {

    @Test
    void verdictLayout() {
        ByteBuffer b = ByteBuffer.allocate(64);
        NfqMessages.verdict(b, 0x0102, 0xdeadbeef, NfqMessages.NF_ACCEPT);
        assertEquals(NfqMessages.VERDICT_LEN, b.position());
        ByteBuffer h = ByteBuffer.wrap(b.array()).order(ByteOrder.nativeOrder());
        assertEquals(32, h.getInt(0), "nlmsg_len");
        assertEquals(0x0301, h.getShort(4), "NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_VERDICT");
        assertEquals(1, h.getShort(6), "NLM_F_REQUEST only: errors come back, successes do not");
        assertEquals(0, b.get(16), "nfgen_family AF_UNSPEC");
        assertEquals(1, b.get(18), "res_id (queue), big endian");
        assertEquals(2, b.get(19));
        assertEquals(12, h.getShort(20), "nla_len");
        assertEquals(2, h.getShort(22), "NFQA_VERDICT_HDR");
        ByteBuffer v = ByteBuffer.wrap(b.array()); // big endian values
        assertEquals(1, v.getInt(24), "NF_ACCEPT");
        assertEquals(0xdeadbeef, v.getInt(28), "packet id");
    }

    @Test
    void configParamsIsAPackedFiveByteStructPaddedToFour() {
        ByteBuffer b = ByteBuffer.allocate(64);
        NfqMessages.configCopyPacket(b, 7, 3, NfqMessages.MAX_COPY_RANGE);
        ByteBuffer h = ByteBuffer.wrap(b.array()).order(ByteOrder.nativeOrder());
        assertEquals(32, b.position());
        assertEquals(32, h.getInt(0));
        assertEquals(0x0302, h.getShort(4));
        assertEquals(5, h.getShort(6), "NLM_F_REQUEST | NLM_F_ACK");
        assertEquals(7, h.getInt(8), "seq");
        assertEquals(9, h.getShort(20), "nla_len: 4 + 5");
        assertEquals(2, h.getShort(22), "NFQA_CFG_PARAMS");
        assertEquals(65531, ByteBuffer.wrap(b.array()).getInt(24));
        assertEquals(2, b.get(28), "NFQNL_COPY_PACKET");
    }

    static byte[] packetMessage(int id, byte[] payload, int capLen) {
        ByteBuffer b = ByteBuffer.allocate(256 + payload.length).order(ByteOrder.nativeOrder());
        b.putInt(0).putShort((short) NfqMessages.TYPE_PACKET).putShort((short) 0).putInt(0).putInt(0);
        b.put((byte) 10).put((byte) 0).putShort((short) 0);
        b.putShort((short) 11).putShort((short) NfqMessages.NFQA_PACKET_HDR);
        b.order(ByteOrder.BIG_ENDIAN).putInt(id).putShort((short) 0x86dd).put((byte) 1).put((byte) 0);
        b.order(ByteOrder.nativeOrder()).putShort((short) 8).putShort((short) NfqMessages.NFQA_IFINDEX_INDEV);
        b.order(ByteOrder.BIG_ENDIAN).putInt(5);
        if (capLen >= 0) {
            b.order(ByteOrder.nativeOrder()).putShort((short) 8).putShort((short) NfqMessages.NFQA_CAP_LEN);
            b.order(ByteOrder.BIG_ENDIAN).putInt(capLen);
        }
        b.order(ByteOrder.nativeOrder()).putShort((short) (4 + payload.length)).putShort((short) NfqMessages.NFQA_PAYLOAD);
        b.put(payload);
        while ((b.position() & 3) != 0) {
            b.put((byte) 0);
        }
        b.putInt(0, b.position());
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void parsesAQueuedPacketMessage() {
        byte[] payload = {0x60, 1, 2, 3, 4};
        byte[] m = packetMessage(0x80000001, payload, -1);
        NfqMessages.PacketMessage p = NfqMessages.parsePacket(ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()), 0, m.length);
        assertNotNull(p);
        assertEquals(0x80000001, p.packetId());
        assertEquals(10, p.family());
        assertEquals(1, p.hook());
        assertEquals(5, p.inIfindex());
        assertEquals(5, p.payloadLength());
        assertEquals(0x60, m[p.payloadOffset()]);
        assertFalse(p.truncated());
        byte[] cut = packetMessage(2, payload, 70000);
        assertTrue(NfqMessages.parsePacket(ByteBuffer.wrap(cut).order(ByteOrder.nativeOrder()), 0, cut.length).truncated());
    }

    @Test
    void malformedMessagesNeverThrow() {
        byte[] m = packetMessage(9, new byte[40], -1);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = java.util.Arrays.copyOf(m, r.nextInt(m.length + 1));
            for (int k = 0; k < 2 && b.length > 0; k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            NfqMessages.parsePacket(ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()), 0, b.length);
        }
        assertNull(NfqMessages.parsePacket(ByteBuffer.wrap(new byte[10]), 0, 10));
    }
}
