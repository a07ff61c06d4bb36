package eu.xtreemos.ds.nfq;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The nfnetlink_queue wire format (linux/netfilter/nfnetlink_queue.h), in plain Java: builds the
 * configuration and verdict requests and walks the kernel's messages. Netlink and attribute headers are in
 * host byte order, nfnetlink payload values in network byte order.
 */
final class NfqMessages {
    static final int NLMSG_HDRLEN = 16;
    static final int NFGENMSG_LEN = 4;
    static final int NLA_HDRLEN = 4;

    static final int NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;
    static final int NLM_F_REQUEST = 1, NLM_F_ACK = 4;

    static final int NFNL_SUBSYS_QUEUE = 3;
    static final int NFQNL_MSG_PACKET = 0, NFQNL_MSG_VERDICT = 1, NFQNL_MSG_CONFIG = 2;
    static final int TYPE_PACKET = NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_PACKET;
    static final int TYPE_VERDICT = NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_VERDICT;
    static final int TYPE_CONFIG = NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_CONFIG;

    // enum nfqnl_attr_config
    static final int NFQA_CFG_CMD = 1, NFQA_CFG_PARAMS = 2, NFQA_CFG_QUEUE_MAXLEN = 3, NFQA_CFG_MASK = 4,
            NFQA_CFG_FLAGS = 5;
    // enum nfqnl_msg_config_cmds
    static final int NFQNL_CFG_CMD_BIND = 1, NFQNL_CFG_CMD_UNBIND = 2;
    // enum nfqnl_config_mode
    static final int NFQNL_COPY_PACKET = 2;
    /** NFQNL_MAX_COPY_RANGE: an attribute's length is 16 bits, so a bigger packet arrives cut (NFQA_CAP_LEN). */
    static final int MAX_COPY_RANGE = 0xffff - NLA_HDRLEN;
    // enum nfqnl_attr_type
    static final int NFQA_PACKET_HDR = 1, NFQA_VERDICT_HDR = 2, NFQA_IFINDEX_INDEV = 5, NFQA_PAYLOAD = 10,
            NFQA_CAP_LEN = 13;

    static final int NF_DROP = 0, NF_ACCEPT = 1;

    /** Size of one verdict request: nlmsghdr, nfgenmsg, one NFQA_VERDICT_HDR attribute of 8 bytes. */
    static final int VERDICT_LEN = NLMSG_HDRLEN + NFGENMSG_LEN + NLA_HDRLEN + 8;

    private NfqMessages() {
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer header(ByteBuffer b, int type, int flags, int seq, int family, int queue) {
        b.order(ByteOrder.nativeOrder());
        b.putInt(0); // length, patched by finish()
        b.putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        b.put((byte) family).put((byte) 0); // nfgen_family, version NFNETLINK_V0
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) queue); // res_id: the queue number
        return b;
    }

    private static void attr(ByteBuffer b, int type, byte[] value) {
        b.order(ByteOrder.nativeOrder()).putShort((short) (NLA_HDRLEN + value.length)).putShort((short) type);
        b.put(value);
        while ((b.position() & 3) != 0) {
            b.put((byte) 0);
        }
    }

    private static void finish(ByteBuffer b, int start) {
        b.order(ByteOrder.nativeOrder()).putInt(start, b.position() - start);
    }

    /** NFQA_CFG_CMD (BIND / UNBIND) for {@code queue}, asking for an acknowledgement. */
    static void configCommand(ByteBuffer b, int seq, int queue, int command) {
        int start = b.position();
        header(b, TYPE_CONFIG, NLM_F_REQUEST | NLM_F_ACK, seq, 0, queue);
        attr(b, NFQA_CFG_CMD, new byte[] {(byte) command, 0, 0, 0}); // command, pad, pf (unused since 3.8)
        finish(b, start);
    }

    /** NFQA_CFG_PARAMS: copy whole packets up to {@code range} bytes. */
    static void configCopyPacket(ByteBuffer b, int seq, int queue, int range) {
        int start = b.position();
        header(b, TYPE_CONFIG, NLM_F_REQUEST | NLM_F_ACK, seq, 0, queue);
        byte[] v = ByteBuffer.allocate(5).putInt(range).put((byte) NFQNL_COPY_PACKET).array(); // packed struct
        attr(b, NFQA_CFG_PARAMS, v);
        finish(b, start);
    }

    /** NFQA_CFG_QUEUE_MAXLEN: packets the kernel keeps waiting for a verdict before it drops new ones. */
    static void configMaxLen(ByteBuffer b, int seq, int queue, int maxLen) {
        int start = b.position();
        header(b, TYPE_CONFIG, NLM_F_REQUEST | NLM_F_ACK, seq, 0, queue);
        attr(b, NFQA_CFG_QUEUE_MAXLEN, ByteBuffer.allocate(4).putInt(maxLen).array());
        finish(b, start);
    }

    /** NFQA_CFG_FLAGS with its mask: sets exactly {@code flags} among {@code mask}. */
    static void configFlags(ByteBuffer b, int seq, int queue, int flags, int mask) {
        int start = b.position();
        header(b, TYPE_CONFIG, NLM_F_REQUEST | NLM_F_ACK, seq, 0, queue);
        attr(b, NFQA_CFG_FLAGS, ByteBuffer.allocate(4).putInt(flags).array());
        attr(b, NFQA_CFG_MASK, ByteBuffer.allocate(4).putInt(mask).array());
        finish(b, start);
    }

    /**
     * One verdict request (no acknowledgement: the kernel only answers when it fails, with an NLMSG_ERROR
     * that the reader sees). Several of these go out in one {@code send}: the kernel handles them in order.
     */
    static void verdict(ByteBuffer b, int queue, int packetId, int verdict) {
        int start = b.position();
        header(b, TYPE_VERDICT, NLM_F_REQUEST, 0, 0, queue);
        b.order(ByteOrder.nativeOrder()).putShort((short) (NLA_HDRLEN + 8)).putShort((short) NFQA_VERDICT_HDR);
        b.order(ByteOrder.BIG_ENDIAN).putInt(verdict).putInt(packetId);
        finish(b, start);
    }

    /** What a queued-packet message carries; {@code payloadOffset} is -1 without NFQA_PAYLOAD. */
    record PacketMessage(int packetId, int family, int hook, int inIfindex, int payloadOffset, int payloadLength,
                         int capturedLength) {
        boolean truncated() {
            return capturedLength > payloadLength;
        }
    }

    /**
     * Parses the attributes of an NFQNL_MSG_PACKET message at {@code off} (its nlmsghdr) of {@code len}
     * bytes. Returns null if it has no packet header (then no verdict can be given). Never throws on
     * malformed input.
     */
    static PacketMessage parsePacket(ByteBuffer b, int off, int len) {
        if (len < NLMSG_HDRLEN + NFGENMSG_LEN) {
            return null;
        }
        int family = b.get(off + NLMSG_HDRLEN) & 0xff;
        int p = off + NLMSG_HDRLEN + NFGENMSG_LEN;
        int end = off + len;
        long id = -1;
        int hook = -1, indev = 0, payOff = -1, payLen = 0, capLen = -1;
        b.order(ByteOrder.nativeOrder());
        while (p + NLA_HDRLEN <= end) {
            int alen = b.getShort(p) & 0xffff;
            int type = b.getShort(p + 2) & 0x3fff; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            if (alen < NLA_HDRLEN || p + alen > end) {
                break;
            }
            int v = p + NLA_HDRLEN;
            int vlen = alen - NLA_HDRLEN;
            switch (type) {
                case NFQA_PACKET_HDR -> {
                    if (vlen >= 7) {
                        id = b.order(ByteOrder.BIG_ENDIAN).getInt(v) & 0xffffffffL;
                        hook = b.get(v + 6) & 0xff;
                        b.order(ByteOrder.nativeOrder());
                    }
                }
                case NFQA_IFINDEX_INDEV -> {
                    if (vlen >= 4) {
                        indev = b.order(ByteOrder.BIG_ENDIAN).getInt(v);
                        b.order(ByteOrder.nativeOrder());
                    }
                }
                case NFQA_PAYLOAD -> {
                    payOff = v;
                    payLen = vlen;
                }
                case NFQA_CAP_LEN -> {
                    if (vlen >= 4) {
                        capLen = b.order(ByteOrder.BIG_ENDIAN).getInt(v);
                        b.order(ByteOrder.nativeOrder());
                    }
                }
                default -> {
                }
            }
            p += align(alen);
        }
        b.order(ByteOrder.nativeOrder());
        if (id < 0) {
            return null;
        }
        return new PacketMessage((int) id, family, hook, indev, payOff, payLen, capLen < 0 ? payLen : capLen);
    }
}
