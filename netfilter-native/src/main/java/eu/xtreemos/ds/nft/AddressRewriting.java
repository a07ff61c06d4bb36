package eu.xtreemos.ds.nft;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Route optimization's data plane for kernels with neither Mobile IPv6 nor SRv6 lightweight tunnels: stateless
 * per-binding address rewriting in nftables. A binding says "the home address H is reached at the care-of
 * address C"; the client's kernel rewrites the destination H to C on output and the source C back to H on input,
 * and the serving node does the mirror, so both sockets see only H while the packets travel between the client
 * and C. Nothing else changes: ports, sequence numbers and payload are the sockets' own, and nft fixes the TCP and
 * UDP checksums for the changed pseudo-header.
 *
 * <p>The rules are fixed; each binding is one element of a map, so a binding costs no rule. Rewriting happens at
 * priority -300 (before connection tracking), so conntrack sees H on both ways and an established connection keeps
 * its entry when its binding comes or goes. Left alone: neighbour discovery (it must name the real addresses), and
 * the one Mobility Header message each side sends from or to the care-of address on purpose (the Care-of Test
 * Init and the Care-of Test of return routability). On the client, packets with the home-path mark are left alone
 * too: Home Tests prove that the home address is reachable the normal way (RFC 6275 §5.2.5).
 *
 * <p>Limit: the client's map from care-of back to home address has one entry per care-of address, so a client bound
 * to two services' addresses served by the same node sees both answer as the home bound last ({@link #bind} says
 * which one it replaced). Without a per-packet marker such as the Home Address option, a stateless rewrite cannot
 * tell them apart.
 */
public final class AddressRewriting implements AutoCloseable {
    /** The table dsco loads on a serving node. */
    public static final String NODE_TABLE = "ds_ro_node";
    /** The table the correspondent agent loads on a client host. */
    public static final String CLIENT_TABLE = "ds_ro_client";

    private static final String ND = "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit,"
            + " nd-router-advert, nd-redirect } return";

    /** The serving node's maps: (client . care-of) → home on input, (home . client) → care-of on output. */
    static final List<String> NODE_MAPS = List.of(
            "map in_home { type ipv6_addr . ipv6_addr : ipv6_addr; }",
            "map out_careof { type ipv6_addr . ipv6_addr : ipv6_addr; }");
    static final List<NftTable.Chain> NODE_CHAINS = List.of(
            new NftTable.Chain("prerouting", "type filter hook prerouting priority -300; policy accept;",
                    List.of(ND, "mh type careof-test return", "ip6 daddr set ip6 saddr . ip6 daddr map @in_home")),
            new NftTable.Chain("postrouting", "type filter hook postrouting priority 300; policy accept;",
                    List.of("ip6 saddr set ip6 saddr . ip6 daddr map @out_careof")));

    /** The client's maps: home → care-of on output, care-of → home on input. */
    static final List<String> CLIENT_MAPS = List.of(
            "map out_careof { type ipv6_addr : ipv6_addr; }",
            "map in_home { type ipv6_addr : ipv6_addr; }");

    /** The output chain is a route chain, so a rewritten packet is routed again to its new destination. */
    static List<NftTable.Chain> clientChains(int homePathMark) {
        return List.of(
                new NftTable.Chain("output", "type route hook output priority -300; policy accept;",
                        List.of("meta mark 0x" + Integer.toHexString(homePathMark) + " return", "ip6 daddr set ip6 daddr map @out_careof")),
                new NftTable.Chain("prerouting", "type filter hook prerouting priority -300; policy accept;",
                        List.of(ND, "mh type careof-test-init return", "ip6 saddr set ip6 saddr map @in_home")));
    }

    private final NftTable table;
    private final boolean node;

    private AddressRewriting(NftTable table, boolean node) {
        this.table = table;
        this.node = node;
    }

    /**
     * Loads the node's rules in the calling thread's network namespace. Bindings an earlier run left are kept:
     * clients bound to this node go on sending along them, and a restarted dsco must not turn their packets into
     * packets for an address with no socket (answered by a reset).
     */
    public static AddressRewriting node() throws IOException {
        return new AddressRewriting(NftTable.loadKeepingElements("ip6", NODE_TABLE, NODE_MAPS, NODE_CHAINS), true);
    }

    /**
     * Loads the client's rules in the calling thread's network namespace, without the bindings of an earlier run:
     * the correspondent agent starts with an empty binding cache, and bindings are made again by the nodes.
     */
    public static AddressRewriting client(int homePathMark) throws IOException {
        return new AddressRewriting(NftTable.load("ip6", CLIENT_TABLE, CLIENT_MAPS, clientChains(homePathMark)), false);
    }

    /**
     * Loads both sides' rules under tables of their own ({@code ds_probe_node}, {@code ds_probe_client}), puts a
     * binding in each and removes them: whether this kernel and nft can run this data plane, without touching the
     * tables in use.
     */
    public static void probe() throws IOException {
        Inet6Address home = parse("fd00:d5:7e::1"), careOf = parse("fd00:d5:7e::2"), client = parse("fd00:d5:7e::3");
        try (AddressRewriting n = new AddressRewriting(NftTable.load("ip6", "ds_probe_node", NODE_MAPS, NODE_CHAINS), true)) {
            n.receiveAlong(home, careOf, client);
            n.sendAlong(home, careOf, client);
        }
        try (AddressRewriting c = new AddressRewriting(NftTable.load("ip6", "ds_probe_client", CLIENT_MAPS, clientChains(0xd5)), false)) {
            c.bind(home, careOf);
        }
    }

    // ------------------------------------------------------------------ serving node

    /** Node: the client's packets to {@code careOf} are delivered to {@code home}. */
    public void receiveAlong(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
        requireNode();
        table.put("in_home", text(client) + " . " + text(careOf), text(home));
    }

    /** Node: packets from {@code home} to the client leave from {@code careOf}. */
    public void sendAlong(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
        requireNode();
        table.put("out_careof", text(home) + " . " + text(client), text(careOf));
    }

    /** Node: both directions of the client's binding to {@code home} at {@code careOf} are removed. */
    public void drop(Inet6Address home, Inet6Address careOf, Inet6Address client) throws IOException {
        requireNode();
        table.apply(List.of(NftTable.Change.remove("in_home", text(client) + " . " + text(careOf)),
                NftTable.Change.remove("out_careof", text(home) + " . " + text(client))));
    }

    // ------------------------------------------------------------------ client (correspondent)

    /**
     * Client: packets to {@code home} go to {@code careOf}, and packets from {@code careOf} come from {@code home}.
     * Returns the home address that {@code careOf} answered for until now if it was another one, else null.
     */
    public Inet6Address bind(Inet6Address home, Inet6Address careOf) throws IOException {
        requireClient();
        String before = table.get("in_home", text(careOf));
        table.apply(List.of(NftTable.Change.put("out_careof", text(home), text(careOf)), NftTable.Change.put("in_home", text(careOf), text(home))));
        return before == null || before.equals(text(home)) ? null : parse(before);
    }

    /** Client: the binding of {@code home} is removed (its care-of address's reverse entry if it is still home's). */
    public void unbind(Inet6Address home) throws IOException {
        requireClient();
        String careOf = table.get("out_careof", text(home));
        List<NftTable.Change> changes = new java.util.ArrayList<>(List.of(NftTable.Change.remove("out_careof", text(home))));
        if (careOf != null && text(home).equals(table.get("in_home", careOf))) {
            changes.add(NftTable.Change.remove("in_home", careOf));
        }
        table.apply(changes);
    }

    public String tableName() {
        return table.qualifiedName();
    }

    /** Removes the table: every binding it carried ends at once. */
    @Override
    public void close() throws IOException {
        table.close();
    }

    private void requireNode() {
        if (!node) {
            throw new IllegalStateException("a node's binding operation on the client's table");
        }
    }

    private void requireClient() {
        if (node) {
            throw new IllegalStateException("a client's binding operation on the node's table");
        }
    }

    /** The address without a scope, in the form nft reads. */
    static String text(Inet6Address a) {
        try {
            return InetAddress.getByAddress(a.getAddress()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Inet6Address parse(String s) {
        try {
            return (Inet6Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
