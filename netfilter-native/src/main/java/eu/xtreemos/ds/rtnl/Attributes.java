package eu.xtreemos.ds.rtnl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code struct rtattr} list of a message, by type (the nested/byte-order flag bits stripped;
 * a repeated type keeps its last value, as the kernel does). Every length is checked against the
 * data: a bad one gives {@link MalformedMessageException}.
 */
public final class Attributes {
    private static final int TYPE_MASK = 0x3fff;
    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    private ByteBuffer[] byType = NONE;

    private Attributes() {
    }

    /** Parses {@code data} from position 0 to its limit. */
    public static Attributes parse(ByteBuffer data) {
        ByteBuffer b = data.slice().order(ByteOrder.nativeOrder());
        Attributes a = new Attributes();
        int at = 0;
        while (at < b.limit()) {
            int left = b.limit() - at;
            if (left < MessageBuilder.RTA_HDRLEN) {
                throw new MalformedMessageException(left + " byte(s) at attribute offset " + at + " are too few for an attribute header");
            }
            int len = b.getShort(at) & 0xffff;
            int type = b.getShort(at + 2) & TYPE_MASK;
            if (len < MessageBuilder.RTA_HDRLEN) {
                throw new MalformedMessageException("attribute " + type + " at offset " + at + " claims length " + len + ", less than its header");
            }
            if (len > left) {
                throw new MalformedMessageException("attribute " + type + " at offset " + at + " claims " + len + " bytes, only " + left + " left");
            }
            if (type >= a.byType.length) {
                a.byType = Arrays.copyOf(a.byType, Math.max(type + 1, 24));
            }
            a.byType[type] = b.slice(at + MessageBuilder.RTA_HDRLEN, len - MessageBuilder.RTA_HDRLEN).order(ByteOrder.nativeOrder());
            at += Math.min(MessageBuilder.align(len), left);
        }
        return a;
    }

    public boolean has(int type) {
        return type < byType.length && byType[type] != null;
    }

    /** The payload of attribute {@code type} (a view from 0), or null. */
    public ByteBuffer get(int type) {
        return has(type) ? byType[type].duplicate().order(ByteOrder.nativeOrder()) : null;
    }

    public int u8(int type, int absent) {
        return has(type) ? sized(type, 1, "u8").get(0) & 0xff : absent;
    }

    public int u16(int type, int absent) {
        return has(type) ? sized(type, 2, "u16").getShort(0) & 0xffff : absent;
    }

    public int u32(int type, int absent) {
        return has(type) ? sized(type, 4, "u32").getInt(0) : absent;
    }

    /** A NUL-terminated (or unterminated) string, or null. */
    public String string(int type) {
        ByteBuffer v = get(type);
        if (v == null) {
            return null;
        }
        int n = 0;
        while (n < v.limit() && v.get(n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        v.get(0, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** An address attribute, which must be exactly {@code size} (4 or 16) bytes; or null. */
    public InetAddress address(int type, int size) {
        ByteBuffer v = get(type);
        if (v == null) {
            return null;
        }
        if (v.limit() != size) {
            throw new MalformedMessageException("address attribute " + type + " has " + v.limit() + " bytes, expected " + size);
        }
        byte[] raw = new byte[size];
        v.get(0, raw);
        try { // Inet6Address even for v4-mapped ::ffff:a.b.c.d, which getByAddress(byte[]) would make IPv4
            return size == 16 ? java.net.Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("address attribute " + type + ": " + e.getMessage());
        }
    }

    /** The attributes nested in attribute {@code type}, or null. */
    public Attributes nested(int type) {
        ByteBuffer v = get(type);
        return v == null ? null : parse(v);
    }

    private ByteBuffer sized(int type, int size, String what) {
        ByteBuffer v = byType[type];
        if (v.limit() < size) {
            throw new MalformedMessageException(what + " attribute " + type + " has " + v.limit() + " byte(s)");
        }
        return v;
    }
}
