package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.rtnl.MessageBuilder;
import eu.xtreemos.ds.rtnl.NetlinkException;
import eu.xtreemos.ds.rtnl.NetlinkMessage;
import eu.xtreemos.ds.rtnl.NetlinkSocket;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static eu.xtreemos.ds.kernel.Errno.ENOENT;
import static eu.xtreemos.ds.kernel.LibC.NETLINK_NETFILTER;

/**
 * ipset {@code hash:ip} sets driven over nfnetlink ({@code NFNL_SUBSYS_IPSET}), the protocol the
 * {@code ipset} command speaks (linux/netfilter/ipset/ip_set.h): create, destroy, flush, add, delete,
 * test and list, each one request acknowledged by the kernel — no process, a few microseconds. A set may
 * carry a packet mark per member (the {@code skbinfo} extension), which the {@code SET} target's
 * {@code --map-mark} puts on the member's packets.
 *
 * <p>The socket belongs to the network namespace of the thread that called {@link #open}; the sets are
 * that namespace's. Requests are serialized by the socket. Requests never carry {@code NLM_F_EXCL}, so
 * adding a member that is in the set, deleting one that is not and creating a set that exists with the
 * same type are all accepted (the ipset "-exist" behaviour).
 */
final class IpSetNetlink implements AutoCloseable {
    private static final int NFNL_SUBSYS_IPSET = 6;
    private static final int IPSET_PROTOCOL = 7;
    /** The longest set name with its NUL (IPSET_MAXNAMELEN). */
    static final int MAX_NAME = 31;

    private static final int CMD_CREATE = 2, CMD_DESTROY = 3, CMD_FLUSH = 4, CMD_LIST = 7, CMD_ADD = 9, CMD_DEL = 10, CMD_TEST = 11;
    private static final int ATTR_PROTOCOL = 1, ATTR_SETNAME = 2, ATTR_TYPENAME = 3, ATTR_REVISION = 4, ATTR_FAMILY = 5,
            ATTR_DATA = 7, ATTR_ADT = 8;
    private static final int ATTR_IP = 1, ATTR_CADT_FLAGS = 8, ATTR_HASHSIZE = 18, ATTR_MAXELEM = 19, ATTR_SKBMARK = 27;
    /** IPSET_FLAG_WITH_SKBINFO: members carry a mark (and priority, queue); hash:ip has it from revision 4. */
    private static final int FLAG_WITH_SKBINFO = 1 << 6, REVISION_SKBINFO = 4;
    private static final int ATTR_IPADDR_IPV4 = 1, ATTR_IPADDR_IPV6 = 2;
    private static final int NLA_F_NET_BYTEORDER = 0x4000;
    private static final int NFPROTO_IPV4 = 2, NFPROTO_IPV6 = 10;

    /** ipset's own error codes (above the errno range), as the kernel returns them. */
    static final int ERR_EXIST = 4103, ERR_BUSY = 4100, ERR_HASH_FULL = 4352, ERR_TYPE_MISMATCH = 4102, ERR_FIND_TYPE = 4098;

    private final NetlinkSocket socket;

    private IpSetNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a socket in the calling thread's network namespace. */
    static IpSetNetlink open(Duration timeout) {
        return new IpSetNetlink(NetlinkSocket.open(NETLINK_NETFILTER, timeout));
    }

    /** Creates a {@code hash:ip} set of the family of {@code family} holding at most {@code maxElements}. */
    void createHashIp(String name, boolean ipv4, int maxElements) {
        createHashIp(name, ipv4, maxElements, false);
    }

    /** Like {@link #createHashIp(String, boolean, int)}; with {@code marks} every member carries a packet mark. */
    void createHashIp(String name, boolean ipv4, int maxElements, boolean marks) {
        MessageBuilder m = message(CMD_CREATE, name)
                .attrString(ATTR_TYPENAME, "hash:ip")
                .attrU8(ATTR_REVISION, marks ? REVISION_SKBINFO : 0)
                .attrU8(ATTR_FAMILY, ipv4 ? NFPROTO_IPV4 : NFPROTO_IPV6)
                .beginNested(ATTR_DATA);
        netU32(m, ATTR_MAXELEM, maxElements);
        netU32(m, ATTR_HASHSIZE, Math.max(64, Integer.highestOneBit(Math.max(1, maxElements / 8))));
        if (marks) {
            netU32(m, ATTR_CADT_FLAGS, FLAG_WITH_SKBINFO);
        }
        m.endNested();
        request("ipset create " + name + " hash:ip family " + (ipv4 ? "inet" : "inet6") + " maxelem " + maxElements
                + (marks ? " skbinfo" : ""), m);
    }

    void destroy(String name) {
        request("ipset destroy " + name, message(CMD_DESTROY, name));
    }

    void flush(String name) {
        request("ipset flush " + name, message(CMD_FLUSH, name));
    }

    void add(String name, InetAddress a) {
        request("ipset add " + name + " " + a.getHostAddress(), element(CMD_ADD, name, a));
    }

    /**
     * Adds {@code a} with packet mark {@code mark} (all 32 bits) to a set created with marks; a member already
     * there keeps its place and gets the new mark in one step (the kernel overwrites the extension in place).
     */
    void add(String name, InetAddress a, int mark) {
        MessageBuilder m = element(CMD_ADD, name, a, false);
        m.attr(ATTR_SKBMARK | NLA_F_NET_BYTEORDER,
                ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(mark).putInt(-1).array()); // mark << 32 | mask
        m.endNested();
        request("ipset add " + name + " " + a.getHostAddress() + " skbmark 0x" + Integer.toHexString(mark), m);
    }

    void delete(String name, InetAddress a) {
        request("ipset del " + name + " " + a.getHostAddress(), element(CMD_DEL, name, a));
    }

    boolean test(String name, InetAddress a) {
        try {
            request("ipset test " + name + " " + a.getHostAddress(), element(CMD_TEST, name, a));
            return true;
        } catch (IpSetException e) {
            if (e.code() == ERR_EXIST) {
                return false;
            }
            throw e;
        }
    }

    /** The members of a set, as the kernel lists them. */
    Set<InetAddress> list(String name) {
        return new LinkedHashSet<>(listMarks(name).keySet());
    }

    /** The members of a set with their packet marks (0 for a member without one, or a set without marks). */
    Map<InetAddress, Integer> listMarks(String name) {
        Map<InetAddress, Integer> out = new LinkedHashMap<>();
        try {
            for (NetlinkMessage r : socket.dump("ipset list " + name, message(CMD_LIST, name, NetlinkMessage.NLM_F_DUMP))) {
                ByteBuffer adt = attribute(r.payload(), 4, ATTR_ADT);
                if (adt == null) {
                    continue; // the header part of the dump
                }
                for (int at = 0; at + 4 <= adt.limit(); ) {
                    int len = adt.getShort(at) & 0xffff;
                    if (len < 4 || at + len > adt.limit()) {
                        break;
                    }
                    ByteBuffer data = adt.slice(at + 4, len - 4).order(ByteOrder.nativeOrder());
                    ByteBuffer ip = attribute(data, 0, ATTR_IP);
                    if (ip != null) {
                        ByteBuffer raw = attribute(ip, 0, ATTR_IPADDR_IPV6);
                        if (raw == null) {
                            raw = attribute(ip, 0, ATTR_IPADDR_IPV4);
                        }
                        if (raw != null) {
                            byte[] b = new byte[raw.limit()];
                            raw.get(0, b);
                            ByteBuffer mark = attribute(data, 0, ATTR_SKBMARK);
                            out.put(InetAddress.getByAddress(b), mark == null || mark.limit() < 8 ? 0
                                    : mark.order(ByteOrder.BIG_ENDIAN).getInt(0));
                        }
                    }
                    at += (len + 3) & ~3;
                }
            }
        } catch (NetlinkException e) {
            throw IpSetException.of(e);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("ipset list " + name + ": a member of bad length", e);
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }

    // ------------------------------------------------------------------------------------------------

    private void request(String operation, MessageBuilder m) {
        try {
            socket.request(operation, m);
        } catch (NetlinkException e) {
            throw IpSetException.of(e);
        }
    }

    private static MessageBuilder message(int cmd, String name) {
        return message(cmd, name, 0);
    }

    private static MessageBuilder message(int cmd, String name, int flags) {
        if (name.getBytes(StandardCharsets.US_ASCII).length >= MAX_NAME + 1) {
            throw new IllegalArgumentException("ipset name '" + name + "' is longer than " + MAX_NAME + " characters");
        }
        // nfgenmsg: family (libipset sends AF_INET for every command), version 0, resource id 0 (big-endian)
        return new MessageBuilder((NFNL_SUBSYS_IPSET << 8) | cmd, flags).u8(NFPROTO_IPV4).u8(0).u16(0)
                .attrU8(ATTR_PROTOCOL, IPSET_PROTOCOL)
                .attrString(ATTR_SETNAME, name);
    }

    private static MessageBuilder element(int cmd, String name, InetAddress a) {
        return element(cmd, name, a, true);
    }

    /** A request naming one member; with {@code close} false the data attribute stays open for more. */
    private static MessageBuilder element(int cmd, String name, InetAddress a, boolean close) {
        boolean v4 = a instanceof Inet4Address;
        MessageBuilder m = message(cmd, name)
                .beginNested(ATTR_DATA)
                .beginNested(ATTR_IP)
                .attr((v4 ? ATTR_IPADDR_IPV4 : ATTR_IPADDR_IPV6) | NLA_F_NET_BYTEORDER, a.getAddress())
                .endNested();
        return close ? m.endNested() : m;
    }

    /** A u32 in network byte order, flagged so (the kernel refuses these attributes otherwise). */
    private static void netU32(MessageBuilder m, int type, int v) {
        m.attr(type | NLA_F_NET_BYTEORDER, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(v).array());
    }

    /** The payload of the first attribute of {@code type} from {@code from} on, or null (flags ignored). */
    private static ByteBuffer attribute(ByteBuffer b, int from, int type) {
        b = b.duplicate().order(ByteOrder.nativeOrder());
        for (int at = from; at + 4 <= b.limit(); ) {
            int len = b.getShort(at) & 0xffff;
            if (len < 4 || at + len > b.limit()) {
                return null;
            }
            if ((b.getShort(at + 2) & 0x3fff) == type) {
                return b.slice(at + 4, len - 4).order(ByteOrder.nativeOrder());
            }
            at += (len + 3) & ~3;
        }
        return null;
    }

    /** The kernel refused an ipset request; {@link #code()} is the errno or ipset's own error code. */
    static final class IpSetException extends RuntimeException {
        private final int code;

        private IpSetException(String message, int code, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        int code() {
            return code;
        }

        static IpSetException of(NetlinkException e) {
            String what = switch (e.errno()) {
                case ERR_EXIST -> "element not in the set";
                case ERR_BUSY -> "the set is in use by a rule";
                case ERR_HASH_FULL -> "the set is full";
                case ERR_TYPE_MISMATCH -> "a set of that name exists with another type";
                case ERR_FIND_TYPE -> "the kernel has no hash:ip set type (CONFIG_IP_SET_HASH_IP)";
                case ENOENT -> "no such set";
                default -> null;
            };
            return new IpSetException(what == null ? e.getMessage() : e.operation() + ": " + what + " (ipset error " + e.errno() + ")",
                    e.errno(), e);
        }
    }
}
