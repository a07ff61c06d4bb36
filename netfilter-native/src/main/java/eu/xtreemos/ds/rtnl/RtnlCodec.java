package eu.xtreemos.ds.rtnl;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static eu.xtreemos.ds.kernel.LibC.AF_INET6;
import static eu.xtreemos.ds.kernel.LibC.AF_INET;
import static eu.xtreemos.ds.kernel.LibC.AF_UNSPEC;

/**
 * Turns {@link Route}s and {@link Rule}s into rtnetlink requests and replies back into them. No I/O,
 * so the parsers can be fed any bytes in tests; they fail only with {@link MalformedMessageException}.
 */
final class RtnlCodec {
    private RtnlCodec() {
    }

    static int af(StandardProtocolFamily f) {
        return switch (f) {
            case INET -> AF_INET;
            case INET6 -> AF_INET6;
            default -> throw new IllegalArgumentException("not an IP family: " + f);
        };
    }

    static int addressSize(int af) {
        return af == AF_INET ? 4 : 16;
    }

    // ------------------------------------------------------------------ routes

    /** RTM_NEWROUTE (unicast, proto static) or, with {@code delete}, RTM_DELROUTE matching any protocol/scope. */
    static MessageBuilder route(Route r, boolean delete, int flags) {
        int family = af(r.family());
        int scope = delete ? Rtnl.RT_SCOPE_NOWHERE
                : r.gateway() == null && r.seg6() == null && family == AF_INET ? Rtnl.RT_SCOPE_LINK : Rtnl.RT_SCOPE_UNIVERSE;
        MessageBuilder m = new MessageBuilder(delete ? Rtnl.RTM_DELROUTE : Rtnl.RTM_NEWROUTE, flags)
                .u8(family).u8(r.dst().length()).u8(r.src() == null ? 0 : r.src().length()).u8(0)
                .u8(Integer.compareUnsigned(r.table(), 256) < 0 ? r.table() : Rtnl.RT_TABLE_UNSPEC)
                .u8(delete ? 0 : Rtnl.RTPROT_STATIC).u8(scope).u8(delete ? 0 : Rtnl.RTN_UNICAST)
                .u32(0)
                .attrU32(Rtnl.RTA_TABLE, r.table());
        if (r.dst().length() > 0) {
            m.attrAddress(Rtnl.RTA_DST, r.dst().address());
        }
        if (r.src() != null && r.src().length() > 0) {
            m.attrAddress(Rtnl.RTA_SRC, r.src().address());
        }
        if (r.gateway() != null) {
            m.attrAddress(Rtnl.RTA_GATEWAY, r.gateway());
        }
        if (r.oif() != 0) {
            m.attrU32(Rtnl.RTA_OIF, r.oif());
        }
        if (r.metric() != 0) {
            m.attrU32(Rtnl.RTA_PRIORITY, r.metric());
        }
        if (r.seg6() != null && !delete) {
            m.attrU16(Rtnl.RTA_ENCAP_TYPE, Rtnl.LWTUNNEL_ENCAP_SEG6)
                    .beginNested(Rtnl.RTA_ENCAP).attr(Rtnl.SEG6_IPTUNNEL_SRH, seg6Tunnel(r.seg6())).endNested();
        }
        return m;
    }

    /** RTM_GETROUTE for the table entry a packet from {@code src} to {@code dst} would use. */
    static MessageBuilder fibMatch(InetAddress dst, InetAddress src) {
        int family = dst.getAddress().length == 4 ? AF_INET : AF_INET6;
        int bits = dst.getAddress().length * 8;
        return new MessageBuilder(Rtnl.RTM_GETROUTE, 0)
                .u8(family).u8(bits).u8(bits).u8(0).u8(0).u8(0).u8(0).u8(0).u32(Rtnl.RTM_F_FIB_MATCH)
                .attrAddress(Rtnl.RTA_DST, dst)
                .attrAddress(Rtnl.RTA_SRC, src);
    }

    /**
     * {@code struct seg6_iptunnel_encap}: {@code int mode} then {@code struct ipv6_sr_hdr} (next header,
     * hdrlen in 8-byte units after the first 8, type 4, segments left, first segment, flags, tag) and the
     * segments, last one first. Inline mode keeps slot 0 free for the packet's own destination, as
     * iproute2 does.
     */
    static byte[] seg6Tunnel(Seg6Encap e) {
        int n = e.segments().size() + (e.mode() == Seg6Encap.Mode.INLINE ? 1 : 0);
        int srhLen = Rtnl.SRH_FIXED_LEN + 16 * n;
        ByteBuffer b = ByteBuffer.allocate(4 + srhLen).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(e.mode().code());
        b.put((byte) 0).put((byte) (srhLen / 8 - 1)).put((byte) Rtnl.IPV6_SRCRT_TYPE_4)
                .put((byte) (n - 1)).put((byte) (n - 1)).put((byte) 0).putShort((short) 0);
        int base = b.position();
        List<Inet6Address> segs = e.segments();
        for (int i = 0; i < segs.size(); i++) {
            b.put(base + 16 * (n - 1 - i), segs.get(i).getAddress()); // first visited = highest slot
        }
        return b.array();
    }

    /** An RTM_NEWROUTE message of a dump or a get. */
    static Route parseRoute(NetlinkMessage m) {
        Attributes a = m.attributes(Rtnl.RTMSG_LEN, "struct rtmsg");
        int family = m.u8(0);
        if (family != AF_INET && family != AF_INET6) {
            throw new MalformedMessageException("route of address family " + family + " in an IP route reply");
        }
        int size = addressSize(family);
        int dstLen = m.u8(1), srcLen = m.u8(2);
        if (dstLen > size * 8 || srcLen > size * 8) {
            throw new MalformedMessageException("route prefix lengths /" + dstLen + ", /" + srcLen + " exceed " + size * 8);
        }
        InetAddress dst = a.address(Rtnl.RTA_DST, size);
        InetAddress src = a.address(Rtnl.RTA_SRC, size);
        IpPrefix dstPrefix = new IpPrefix(dst != null ? dst : anyAddress(family), dst != null ? dstLen : 0);
        IpPrefix srcPrefix = src != null ? new IpPrefix(src, srcLen) : null;
        int table = a.u32(Rtnl.RTA_TABLE, m.u8(4));
        Seg6Encap seg6 = a.u16(Rtnl.RTA_ENCAP_TYPE, 0) == Rtnl.LWTUNNEL_ENCAP_SEG6 ? parseSeg6(a.nested(Rtnl.RTA_ENCAP)) : null;
        InetAddress gateway = a.address(Rtnl.RTA_GATEWAY, size);
        return valid(() -> new Route(dstPrefix, srcPrefix, gateway, a.u32(Rtnl.RTA_OIF, 0), table, a.u32(Rtnl.RTA_PRIORITY, 0), seg6));
    }

    /** A record built from parsed fields; a check it fails means the bytes were bad. */
    private static <T> T valid(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    /** The seg6 tunnel in an RTA_ENCAP, or null if there is none. */
    private static Seg6Encap parseSeg6(Attributes encap) {
        ByteBuffer t = encap == null ? null : encap.get(Rtnl.SEG6_IPTUNNEL_SRH);
        return t == null ? null : parseSeg6Tunnel(t);
    }

    static Seg6Encap parseSeg6Tunnel(ByteBuffer t) {
        if (t.limit() < 4 + Rtnl.SRH_FIXED_LEN) {
            throw new MalformedMessageException("seg6 tunnel of " + t.limit() + " bytes, needs at least " + (4 + Rtnl.SRH_FIXED_LEN));
        }
        Seg6Encap.Mode mode = Seg6Encap.Mode.of(t.getInt(0));
        int srhLen = ((t.get(5) & 0xff) + 1) * 8;
        int first = t.get(8) & 0xff;
        int n = first + 1;
        if (4 + srhLen > t.limit()) {
            throw new MalformedMessageException("segment routing header claims " + srhLen + " bytes, " + (t.limit() - 4) + " present");
        }
        if (Rtnl.SRH_FIXED_LEN + 16 * n > srhLen) {
            throw new MalformedMessageException("segment routing header of " + srhLen + " bytes cannot hold " + n + " segments");
        }
        int last = mode == Seg6Encap.Mode.INLINE ? 1 : 0; // slot 0 of an inline header: the packet's own destination
        if (n - last < 1) {
            throw new MalformedMessageException("seg6 " + mode + " header without segments");
        }
        List<Inet6Address> segs = new ArrayList<>(n);
        for (int i = first; i >= last; i--) {
            byte[] raw = new byte[16];
            t.get(4 + Rtnl.SRH_FIXED_LEN + 16 * i, raw);
            segs.add(ipv6(raw));
        }
        return valid(() -> new Seg6Encap(mode, segs));
    }

    // ------------------------------------------------------------------ rules

    static MessageBuilder rule(Rule r, boolean delete, int flags) {
        MessageBuilder m = new MessageBuilder(delete ? Rtnl.RTM_DELRULE : Rtnl.RTM_NEWRULE, flags)
                .u8(af(r.family())).u8(r.dst() == null ? 0 : r.dst().length()).u8(r.src() == null ? 0 : r.src().length())
                .u8(0).u8(Integer.compareUnsigned(r.table(), 256) < 0 ? r.table() : Rtnl.RT_TABLE_UNSPEC)
                .u8(0).u8(0).u8(Rtnl.FR_ACT_TO_TBL).u32(0)
                .attrU32(Rtnl.FRA_TABLE, r.table())
                .attrU32(Rtnl.FRA_PRIORITY, r.priority());
        if (r.src() != null) {
            m.attrAddress(Rtnl.FRA_SRC, r.src().address());
        }
        if (r.dst() != null) {
            m.attrAddress(Rtnl.FRA_DST, r.dst().address());
        }
        if (r.fwmark() != 0) {
            m.attrU32(Rtnl.FRA_FWMARK, r.fwmark()).attrU32(Rtnl.FRA_FWMASK, -1);
        }
        if (!delete) {
            m.attrU8(Rtnl.FRA_PROTOCOL, Rtnl.RTPROT_STATIC);
        }
        return m;
    }

    static Rule parseRule(NetlinkMessage m) {
        Attributes a = m.attributes(Rtnl.FIB_RULE_HDR_LEN, "struct fib_rule_hdr");
        int family = m.u8(0);
        if (family != AF_INET && family != AF_INET6) {
            throw new MalformedMessageException("rule of address family " + family + " in an IP rule reply");
        }
        int size = addressSize(family);
        int dstLen = m.u8(1), srcLen = m.u8(2);
        if (dstLen > size * 8 || srcLen > size * 8) {
            throw new MalformedMessageException("rule prefix lengths /" + dstLen + ", /" + srcLen + " exceed " + size * 8);
        }
        InetAddress src = a.address(Rtnl.FRA_SRC, size);
        InetAddress dst = a.address(Rtnl.FRA_DST, size);
        final int table = m.u8(7) == Rtnl.FR_ACT_TO_TBL ? a.u32(Rtnl.FRA_TABLE, m.u8(4)) : 0;
        return valid(() -> new Rule(family == AF_INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6,
                src == null ? null : new IpPrefix(src, srcLen), dst == null ? null : new IpPrefix(dst, dstLen),
                table, a.u32(Rtnl.FRA_PRIORITY, 0), a.u32(Rtnl.FRA_FWMARK, 0)));
    }

    // ------------------------------------------------------------------ addresses

    /** RTM_GETADDR dump of one family. */
    static MessageBuilder getAddresses(int family) {
        return new MessageBuilder(Rtnl.RTM_GETADDR, NetlinkMessage.NLM_F_DUMP).u8(family).u8(0).u8(0).u8(0).u32(0);
    }

    /**
     * RTM_NEWADDR with NLM_F_REPLACE for an existing IPv6 address: the kernel then sets its flags to exactly
     * {@code flags} (of {@link InterfaceAddress#SETTABLE}) and keeps it permanent (no IFA_CACHEINFO: no lifetimes).
     */
    static MessageBuilder changeAddress(InterfaceAddress a, int flags) {
        int family = af(a.prefix().family());
        return new MessageBuilder(Rtnl.RTM_NEWADDR, NetlinkMessage.NLM_F_REPLACE)
                .u8(family).u8(a.prefix().length()).u8(flags & 0xff).u8(0).u32(a.ifindex())
                .attrAddress(Rtnl.IFA_LOCAL, a.prefix().address())
                .attrAddress(Rtnl.IFA_ADDRESS, a.prefix().address())
                .attrU32(Rtnl.IFA_FLAGS, flags);
    }

    /** An RTM_NEWADDR message of a dump. */
    static InterfaceAddress parseAddress(NetlinkMessage m) {
        Attributes a = m.attributes(Rtnl.IFADDRMSG_LEN, "struct ifaddrmsg");
        int family = m.u8(0);
        if (family != AF_INET && family != AF_INET6) {
            throw new MalformedMessageException("address of family " + family + " in an IP address reply");
        }
        int size = addressSize(family);
        int length = m.u8(1);
        // IPv4 point-to-point links put the peer in IFA_ADDRESS and the own address in IFA_LOCAL; IPv6 has IFA_ADDRESS only
        InetAddress own = a.has(Rtnl.IFA_LOCAL) ? a.address(Rtnl.IFA_LOCAL, size) : a.address(Rtnl.IFA_ADDRESS, size);
        if (own == null) {
            throw new MalformedMessageException("RTM_NEWADDR without an address");
        }
        return valid(() -> new InterfaceAddress(m.u32(4), new IpPrefix(own, length), a.u32(Rtnl.IFA_FLAGS, m.u8(2))));
    }

    // ------------------------------------------------------------------ links

    static MessageBuilder getLink(String name) {
        return new MessageBuilder(Rtnl.RTM_GETLINK, 0)
                .u8(AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0)
                .attrString(Rtnl.IFLA_IFNAME, name)
                .attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
    }

    /** The index in an RTM_NEWLINK message. */
    static int parseLinkIndex(NetlinkMessage m) {
        if (m.type() != Rtnl.RTM_NEWLINK) {
            throw new MalformedMessageException("expected RTM_NEWLINK (16), got message type " + m.type());
        }
        m.requirePayload(Rtnl.IFINFOMSG_LEN, "struct ifinfomsg");
        return m.u32(4);
    }

    private static InetAddress anyAddress(int family) {
        return family == AF_INET ? ipv4(new byte[4]) : ipv6(new byte[16]);
    }

    private static InetAddress ipv4(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inet6Address ipv6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
