package eu.xtreemos.ds.rtnl;

/** rtnetlink numbers from {@code linux/rtnetlink.h}, {@code fib_rules.h}, {@code lwtunnel.h}, {@code seg6*.h}. */
final class Rtnl {
    static final int RTM_NEWLINK = 16;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTM_NEWRULE = 32;
    static final int RTM_DELRULE = 33;
    static final int RTM_GETRULE = 34;

    /** {@code struct rtmsg}: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), flags (u32). */
    static final int RTMSG_LEN = 12;
    /** {@code struct fib_rule_hdr}: family, dst_len, src_len, tos, table, res1, res2, action (u8 each), flags (u32). */
    static final int FIB_RULE_HDR_LEN = 12;
    /** {@code struct ifaddrmsg}: family, prefixlen, flags, scope (u8 each), index (u32). */
    static final int IFADDRMSG_LEN = 8;
    /** {@code struct ifinfomsg}: family (u8), pad, type (u16), index (s32), flags, change (u32). */
    static final int IFINFOMSG_LEN = 16;

    static final int RTA_DST = 1;
    static final int RTA_SRC = 2;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_TABLE = 15;
    static final int RTA_ENCAP_TYPE = 21;
    static final int RTA_ENCAP = 22;

    /** rtm_flags of RTM_GETROUTE: answer with the matching table entry, not the resolved next hop. */
    static final int RTM_F_FIB_MATCH = 0x2000;

    static final int RTN_UNICAST = 1;
    static final int RTPROT_STATIC = 4;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RT_SCOPE_NOWHERE = 255;
    static final int RT_TABLE_UNSPEC = 0;
    static final int RT_TABLE_MAIN = 254;

    static final int FRA_DST = 1;
    static final int FRA_SRC = 2;
    static final int FRA_PRIORITY = 6;
    static final int FRA_FWMARK = 10;
    static final int FRA_FWMASK = 16;
    static final int FRA_TABLE = 15;
    static final int FRA_PROTOCOL = 21;
    static final int FR_ACT_TO_TBL = 1;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_FLAGS = 8;

    static final int IFLA_IFNAME = 3;
    static final int IFLA_EXT_MASK = 29;
    static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;
    static final int IFNAMSIZ = 16;

    static final int LWTUNNEL_ENCAP_SEG6 = 5;
    static final int SEG6_IPTUNNEL_SRH = 1;
    /** {@code struct ipv6_sr_hdr} without its segments. */
    static final int SRH_FIXED_LEN = 8;
    static final int IPV6_SRCRT_TYPE_4 = 4;


    private Rtnl() {
    }
}
