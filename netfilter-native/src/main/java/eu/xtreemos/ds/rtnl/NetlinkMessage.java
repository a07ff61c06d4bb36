package eu.xtreemos.ds.rtnl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: the {@code struct nlmsghdr} fields and the payload after it (a
 * read-only view in host byte order, starting at 0).
 */
public record NetlinkMessage(int type, int flags, int seq, int pid, ByteBuffer payload) {
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    /** In an NLMSG_ERROR: the request was cut to its header (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** In an NLMSG_ERROR: extended-ack attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    static final int NLMSGERR_ATTR_MSG = 1;

    /**
     * Splits a datagram (position to limit) into its messages. Each header's length must lie within
     * the data; the padding after the last message may be missing.
     */
    public static List<NetlinkMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer b = datagram.slice().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>(4);
        int at = 0;
        while (at < b.limit()) {
            int left = b.limit() - at;
            if (left < MessageBuilder.NLMSG_HDRLEN) {
                throw new MalformedMessageException(left + " byte(s) at offset " + at + " are too few for a netlink header (16)");
            }
            long len = b.getInt(at) & 0xffffffffL;
            if (len < MessageBuilder.NLMSG_HDRLEN) {
                throw new MalformedMessageException("message at offset " + at + " claims length " + len + ", less than its own header");
            }
            if (len > left) {
                throw new MalformedMessageException("message at offset " + at + " claims " + len + " bytes, only " + left + " received");
            }
            ByteBuffer payload = b.slice(at + MessageBuilder.NLMSG_HDRLEN, (int) len - MessageBuilder.NLMSG_HDRLEN)
                    .order(ByteOrder.nativeOrder()).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(b.getShort(at + 4) & 0xffff, b.getShort(at + 6) & 0xffff,
                    b.getInt(at + 8), b.getInt(at + 12), payload));
            at += Math.min(MessageBuilder.align((int) len), left);
        }
        return out;
    }

    /** Fails with a clear message unless the payload holds at least {@code size} bytes of {@code what}. */
    public void requirePayload(int size, String what) {
        if (payload.limit() < size) {
            throw new MalformedMessageException(what + " needs " + size + " bytes, the message has " + payload.limit());
        }
    }

    /** The attributes after a family header of {@code headerSize} bytes. */
    public Attributes attributes(int headerSize, String what) {
        requirePayload(headerSize, what);
        return Attributes.parse(payload.slice(headerSize, payload.limit() - headerSize).order(ByteOrder.nativeOrder()));
    }

    public int u8(int offset) {
        return payload.get(offset) & 0xff;
    }

    public int u16(int offset) {
        return payload.getShort(offset) & 0xffff;
    }

    public int u32(int offset) {
        return payload.getInt(offset);
    }
}
