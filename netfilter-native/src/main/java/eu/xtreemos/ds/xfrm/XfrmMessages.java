package eu.xtreemos.ds.xfrm;

import eu.xtreemos.ds.rtnl.Attributes;
import eu.xtreemos.ds.rtnl.MalformedMessageException;
import eu.xtreemos.ds.rtnl.MessageBuilder;
import eu.xtreemos.ds.rtnl.NetlinkMessage;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static eu.xtreemos.ds.kernel.LibC.AF_INET6;
import static eu.xtreemos.ds.kernel.LibC.IPPROTO_DSTOPTS;
import static eu.xtreemos.ds.kernel.LibC.IPPROTO_ROUTING;

/**
 * The XFRM netlink messages (linux/xfrm.h) that Mobile IPv6 route optimization needs, for IPv6 only: states and
 * policies of the two Mobile IPv6 "protocols" — the type 2 routing header (IPPROTO_ROUTING, {@code ip xfrm ...
 * proto route2}) and the home address destination option (IPPROTO_DSTOPTS, {@code proto hao}) — in
 * route-optimization mode, which carry a care-of address instead of keys and have no SPI. Pure byte work (no
 * kernel), so the layouts can be tested anywhere; the offsets are those of x86-64 and the other 64-bit ABIs
 * (the structs hold 64-bit counters, hence their 8-byte alignment).
 */
final class XfrmMessages {

    static final int XFRM_MSG_NEWSA = 0x10;
    static final int XFRM_MSG_DELSA = 0x11;
    static final int XFRM_MSG_GETSA = 0x12;
    static final int XFRM_MSG_DELPOLICY = 0x14;
    static final int XFRM_MSG_GETPOLICY = 0x15;
    static final int XFRM_MSG_UPDPOLICY = 0x19;
    static final int XFRM_MSG_UPDSA = 0x1a;

    static final int XFRMA_TMPL = 5;
    static final int XFRMA_SRCADDR = 13;
    static final int XFRMA_COADDR = 14;

    static final int XFRM_MODE_ROUTEOPTIMIZATION = 2;
    static final int XFRM_POLICY_IN = 0;
    static final int XFRM_POLICY_OUT = 1;
    static final int XFRM_POLICY_ALLOW = 0;

    /** sizeof(struct xfrm_selector). */
    static final int SELECTOR = 56;
    /** sizeof(struct xfrm_usersa_info). */
    static final int USERSA_INFO = 224;
    /** sizeof(struct xfrm_usersa_id). */
    static final int USERSA_ID = 24;
    /** sizeof(struct xfrm_userpolicy_info). */
    static final int USERPOLICY_INFO = 168;
    /** sizeof(struct xfrm_userpolicy_id). */
    static final int USERPOLICY_ID = 64;
    /** sizeof(struct xfrm_user_tmpl). */
    static final int USER_TMPL = 64;
    /** sizeof(struct xfrm_lifetime_cfg): eight 64-bit limits. */
    private static final int LIFETIME_CFG = 64;
    /** XFRM_INF: no limit. A limit left 0 would expire the state at once. */
    private static final long INF = -1L;

    private XfrmMessages() {
    }

    /** A route-optimization state: {@code proto} from {@code src} to {@code dst}, with its care-of address ({@code ::} = any). */
    record RoState(int proto, Inet6Address src, Inet6Address dst, Inet6Address careOf) {
    }

    /** A policy with one optional ("level use") route-optimization template of {@code proto} for the flow src → dst. */
    record RoPolicy(int dir, Inet6Address src, Inet6Address dst, int proto) {
    }

    /** XFRM_MSG_NEWSA (new) or XFRM_MSG_UPDSA (change the care-of address of an existing state in place). */
    static MessageBuilder state(int type, RoState s) {
        ByteBuffer b = struct(USERSA_INFO);
        selector(b, 0, s.src(), s.dst());
        // struct xfrm_id id at 56: daddr, spi (0: route optimization has none), proto
        b.put(56, s.dst().getAddress());
        b.putInt(72, 0);
        b.put(76, (byte) s.proto());
        b.put(80, s.src().getAddress()); // saddr
        lifetimeCfg(b, 96);
        // curlft (160), stats (192), seq (204), reqid (208) stay 0
        b.putShort(212, (short) AF_INET6);
        b.put(214, (byte) XFRM_MODE_ROUTEOPTIMIZATION);
        return new MessageBuilder(type, 0).bytes(b.array()).attr(XFRMA_COADDR, s.careOf().getAddress());
    }

    /** XFRM_MSG_DELSA of a state without SPI: found by destination, protocol and (XFRMA_SRCADDR) source. */
    static MessageBuilder deleteState(int proto, Inet6Address src, Inet6Address dst) {
        ByteBuffer b = struct(USERSA_ID);
        b.put(0, dst.getAddress());
        b.putInt(16, 0);
        b.putShort(20, (short) AF_INET6);
        b.put(22, (byte) proto);
        return new MessageBuilder(XFRM_MSG_DELSA, 0).bytes(b.array()).attr(XFRMA_SRCADDR, src.getAddress());
    }

    /** XFRM_MSG_UPDPOLICY: adds the policy, or replaces the one with the same selector and direction. */
    static MessageBuilder policy(RoPolicy p) {
        ByteBuffer b = struct(USERPOLICY_INFO);
        selector(b, 0, p.src(), p.dst());
        lifetimeCfg(b, SELECTOR);
        // curlft (120), priority (152: 0, the highest), index (156: the kernel picks)
        b.put(160, (byte) p.dir());
        b.put(161, (byte) XFRM_POLICY_ALLOW);
        ByteBuffer t = struct(USER_TMPL);
        // struct xfrm_id id: daddr, spi 0, proto. The kernel matches a received packet's state to the template by
        // these addresses exactly (outgoing, route optimization takes the flow's own addresses instead).
        t.put(0, p.dst().getAddress());
        t.put(20, (byte) p.proto());
        t.putShort(24, (short) AF_INET6);
        t.put(28, p.src().getAddress()); // saddr
        t.put(48, (byte) XFRM_MODE_ROUTEOPTIMIZATION);
        t.put(50, (byte) 1); // optional ("level use"): without a state the packet goes out unchanged
        t.putInt(52, -1).putInt(56, -1).putInt(60, -1); // any algorithms (none apply to these protocols)
        return new MessageBuilder(XFRM_MSG_UPDPOLICY, 0).bytes(b.array()).attr(XFRMA_TMPL, t.array());
    }

    /**
     * A socket policy (setsockopt IPV6_XFRM_POLICY) for what the socket sends: any flow, allowed, no template. A
     * socket with one skips the host's policies: its packets leave untransformed, as IKE daemons keep theirs.
     */
    static byte[] bypassPolicy() {
        ByteBuffer b = struct(USERPOLICY_INFO);
        b.putShort(40, (short) AF_INET6); // selector: family, every prefix length 0 (any address, protocol, port)
        lifetimeCfg(b, SELECTOR);
        b.put(160, (byte) XFRM_POLICY_OUT);
        b.put(161, (byte) XFRM_POLICY_ALLOW);
        return b.array();
    }

    /** XFRM_MSG_DELPOLICY by selector and direction. */
    static MessageBuilder deletePolicy(int dir, Inet6Address src, Inet6Address dst) {
        ByteBuffer b = struct(USERPOLICY_ID);
        selector(b, 0, src, dst);
        b.put(60, (byte) dir); // index (56) 0: by selector
        return new MessageBuilder(XFRM_MSG_DELPOLICY, 0).bytes(b.array());
    }

    /** A dump request (XFRM_MSG_GETSA or XFRM_MSG_GETPOLICY with NLM_F_DUMP). */
    static MessageBuilder dump(int type) {
        return new MessageBuilder(type, NetlinkMessage.NLM_F_DUMP);
    }

    /** A state from a dump, or null if it is not an IPv6 route-optimization state. */
    static RoState parseState(NetlinkMessage m) {
        m.requirePayload(USERSA_INFO, "xfrm_usersa_info");
        ByteBuffer p = m.payload();
        if ((p.getShort(212) & 0xffff) != AF_INET6 || (p.get(214) & 0xff) != XFRM_MODE_ROUTEOPTIMIZATION) {
            return null;
        }
        Attributes a = m.attributes(USERSA_INFO, "xfrm_usersa_info");
        Inet6Address careOf = a.has(XFRMA_COADDR) ? address(a.get(XFRMA_COADDR), 0) : any();
        return new RoState(p.get(76) & 0xff, address(p, 80), address(p, 56), careOf);
    }

    /** A policy from a dump, or null if it is not an IPv6 policy with one route-optimization template. */
    static RoPolicy parsePolicy(NetlinkMessage m) {
        m.requirePayload(USERPOLICY_INFO, "xfrm_userpolicy_info");
        ByteBuffer p = m.payload();
        if ((p.getShort(40) & 0xffff) != AF_INET6) {
            return null;
        }
        Attributes a = m.attributes(USERPOLICY_INFO, "xfrm_userpolicy_info");
        if (!a.has(XFRMA_TMPL)) {
            return null;
        }
        ByteBuffer t = a.get(XFRMA_TMPL).order(ByteOrder.nativeOrder());
        if (t.remaining() < USER_TMPL) {
            throw new MalformedMessageException("XFRMA_TMPL has " + t.remaining() + " bytes, needs " + USER_TMPL);
        }
        int at = t.position();
        if ((t.get(at + 48) & 0xff) != XFRM_MODE_ROUTEOPTIMIZATION) {
            return null;
        }
        return new RoPolicy(p.get(160) & 0xff, address(p, 16), address(p, 0), t.get(at + 20) & 0xff);
    }

    private static ByteBuffer struct(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    /** struct xfrm_selector for the flow src → dst (both /128, any protocol and port). */
    private static void selector(ByteBuffer b, int at, Inet6Address src, Inet6Address dst) {
        b.put(at, dst.getAddress());
        b.put(at + 16, src.getAddress());
        b.putShort(at + 40, (short) AF_INET6);
        b.put(at + 42, (byte) 128); // prefixlen_d
        b.put(at + 43, (byte) 128); // prefixlen_s
    }

    private static void lifetimeCfg(ByteBuffer b, int at) {
        for (int i = 0; i < 4; i++) {
            b.putLong(at + 8 * i, INF); // byte and packet limits, soft and hard; the four time limits stay 0 (none)
        }
    }

    private static Inet6Address address(ByteBuffer b, int at) {
        byte[] a = new byte[16];
        b.get(b.position() + at, a);
        try {
            return Inet6Address.getByAddress(null, a, null); // stays IPv6 even for a v4-mapped address
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }

    static Inet6Address any() {
        return address(ByteBuffer.allocate(16), 0);
    }
}
