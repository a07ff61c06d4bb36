package eu.xtreemos.ds.probe;

/**
 * A kernel capability the system depends on, with the kernel options that provide it and what needs it. One
 * probe each ({@link KernelProbe}); dsco, the HA agent, the correspondent agent, the testbeds and the tests all
 * ask the same probe.
 */
public enum Capability {
    TCP_REPAIR("TCP_REPAIR (queues, sequence numbers, options, window)", "CONFIG_CHECKPOINT_RESTORE (Linux >= 4.8)",
            "every handoff: the socket engine (dsco, kmod-tcpcp)"),
    NFQUEUE("NFQUEUE (ip6tables/iptables target, nfnetlink_queue)", "CONFIG_NETFILTER_NETLINK_QUEUE, CONFIG_NETFILTER_XT_TARGET_NFQUEUE",
            "dsco's packet filter (filter=hold): a client's packets held during its handoff"),
    IPSET_SKBINFO("ipset hash:ip with skbinfo marks (SET target --map-mark)", "CONFIG_IP_SET_HASH_IP, CONFIG_NETFILTER_XT_SET",
            "HA steering (ds-ha): a mark per client picks the serving node"),
    SRV6("SRv6 lightweight tunnels (encap seg6, seg6_enabled)", "CONFIG_IPV6_SEG6_LWTUNNEL",
            "route optimization with ro.backend=srv6 (dsco, ds-correspondent --backend srv6)"),
    MIP6_XFRM("Mobile IPv6 through XFRM (type 2 routing header, home address option)", "CONFIG_IPV6_MIP6, CONFIG_XFRM_USER",
            "route optimization with ro.backend=xfrm (dsco, ds-correspondent --backend xfrm)"),
    NFT_REWRITE("nftables payload rewriting (ip6 saddr/daddr set from a map)", "CONFIG_NF_TABLES, CONFIG_NF_TABLES_IPV6, the nft command",
            "route optimization with ro.backend=nft (dsco, ds-correspondent --backend nft)"),
    USER_NAMESPACES("user namespaces for an ordinary user, with mount, network and PID namespaces (unshare -Urmnp)",
            "CONFIG_USER_NS, kernel.unprivileged_userns_clone=1, no AppArmor restriction on unprivileged user namespaces",
            "a testbed without root (ds-testbed, ds-demo as an ordinary user)"),
    USER_NAMESPACE_NETWORK("TCP_REPAIR and NFQUEUE with CAP_NET_ADMIN of a user namespace only",
            "CONFIG_USER_NS, CONFIG_CHECKPOINT_RESTORE, CONFIG_NETFILTER_NETLINK_QUEUE",
            "dsco in a testbed without root (its handoffs and packet filter)");

    private final String title;
    private final String kernelOptions;
    private final String neededBy;

    Capability(String title, String kernelOptions, String neededBy) {
        this.title = title;
        this.kernelOptions = kernelOptions;
        this.neededBy = neededBy;
    }

    public String title() {
        return title;
    }

    /** The kernel configuration (or package) that provides it. */
    public String kernelOptions() {
        return kernelOptions;
    }

    /** What depends on it. */
    public String neededBy() {
        return neededBy;
    }
}
