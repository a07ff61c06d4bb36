package eu.xtreemos.ds.rtnl;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink request: {@code struct nlmsghdr}, the family header (its fields written with
 * {@link #u8}/{@link #u16}/{@link #u32}), then {@code struct rtattr} attributes, possibly nested.
 * Everything in host byte order except addresses; every attribute padded to 4 bytes. The sequence
 * number is left 0: {@link NetlinkSocket} fills it in.
 */
public final class MessageBuilder {
    public static final int NLMSG_HDRLEN = 16;
    public static final int RTA_HDRLEN = 4;
    /** {@code NLA_F_NESTED}: marks an attribute whose payload is itself attributes. */
    public static final int NLA_F_NESTED = 0x8000;

    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> open = new ArrayDeque<>();

    public MessageBuilder(int type, int flags) {
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    public MessageBuilder u8(int v) {
        room(1).put((byte) v);
        return this;
    }

    public MessageBuilder u16(int v) {
        room(2).putShort((short) v);
        return this;
    }

    public MessageBuilder u32(int v) {
        room(4).putInt(v);
        return this;
    }

    public MessageBuilder bytes(byte[] v) {
        room(v.length).put(v);
        return this;
    }

    /** An attribute with a raw payload. */
    public MessageBuilder attr(int type, byte[] value) {
        int len = RTA_HDRLEN + value.length;
        room(align(len)).putShort((short) len).putShort((short) type).put(value);
        pad();
        return this;
    }

    public MessageBuilder attrU8(int type, int v) {
        return attr(type, new byte[]{(byte) v});
    }

    public MessageBuilder attrU16(int type, int v) {
        room(8).putShort((short) 6).putShort((short) type).putShort((short) v);
        pad();
        return this;
    }

    public MessageBuilder attrU32(int type, int v) {
        room(8).putShort((short) 8).putShort((short) type).putInt(v);
        return this;
    }

    /** A NUL-terminated string attribute (interface names). */
    public MessageBuilder attrString(int type, String v) {
        byte[] s = v.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    /** The 4 or 16 address bytes, network order. */
    public MessageBuilder attrAddress(int type, InetAddress a) {
        return attr(type, a.getAddress());
    }

    /** Starts a nested attribute; close it with {@link #endNested}. */
    public MessageBuilder beginNested(int type) {
        open.push(buf.position());
        room(RTA_HDRLEN).putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
        return this;
    }

    public MessageBuilder endNested() {
        if (open.isEmpty()) {
            throw new IllegalStateException("endNested() without beginNested()");
        }
        int start = open.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /** The finished message, its length field set. */
    public byte[] build() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " nested attribute(s) not closed");
        }
        buf.putInt(0, buf.position());
        return Arrays.copyOf(buf.array(), buf.position());
    }

    static int align(int len) {
        return (len + 3) & ~3;
    }

    /** Writes the sequence number into a built message. */
    static void setSeq(byte[] message, int seq) {
        ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).putInt(8, seq);
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    private ByteBuffer room(int n) {
        if (buf.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n)).order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        return buf;
    }
}
