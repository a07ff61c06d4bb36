package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.NetNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Marks the packets of chosen clients to one destination address, a mark per client: an ipset {@code hash:ip}
 * set with the {@code skbinfo} extension per destination, and one permanent rule that puts a member's mark on
 * its packets before the routing decision:
 *
 * <pre>ip6tables -w -t mangle -I PREROUTING -d &lt;destination&gt; -j SET --map-set &lt;set&gt; src --map-mark</pre>
 *
 * (iptables for an IPv4 destination). Policy rules ({@code fwmark <mark> lookup <table>}) then route each
 * mark its own way: that is how the home agent steers clients (docs/route-switching.md).
 *
 * <p>Why a set and not a route per client: a client's mark is found by a hash lookup, and adding, re-marking
 * or removing one client never disturbs the lookup of another (the kernel publishes a changed bucket or table
 * whole, under RCU). A source-specific route per client does not have that property: inserting one into the
 * IPv6 routing tree links a new branch node before its children, so a concurrent lookup for another client
 * can fall back to the destination's plain route for a moment (docs/benchmarks.md, the redistribution reset).
 *
 * <p>Membership changes are ipset requests over nfnetlink ({@link IpSetNetlink}); only {@link #install} and
 * {@link #uninstall} spawn the firewall tool. The netlink socket belongs to the namespace it was opened in;
 * afterwards any thread may use this object, one request at a time.
 */
public final class ClientMarks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientMarks.class);
    /** Clients per destination: far more than one home agent steers; ≈ 100 bytes of kernel memory each. */
    public static final int DEFAULT_CAPACITY = 65_536;
    private static final Duration NETLINK_TIMEOUT = Duration.ofSeconds(5);

    private final NetNamespace ns;
    private final IpSetNetlink ipset;
    private final int capacity;
    private final Set<InetAddress> installed = new HashSet<>();

    private ClientMarks(NetNamespace ns, IpSetNetlink ipset, int capacity) {
        this.ns = ns;
        this.ipset = ipset;
        this.capacity = capacity;
    }

    /** Opens the netlink socket in {@code ns} (null: the calling thread's namespace). */
    public static ClientMarks open(NetNamespace ns) throws IOException {
        return open(ns, DEFAULT_CAPACITY);
    }

    public static ClientMarks open(NetNamespace ns, int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        try {
            IpSetNetlink s = ns == null ? IpSetNetlink.open(NETLINK_TIMEOUT) : ns.call(() -> IpSetNetlink.open(NETLINK_TIMEOUT));
            return new ClientMarks(ns, s, capacity);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot open the ipset socket" + (ns == null ? "" : " in " + ns) + ": " + e, e);
        }
    }

    /**
     * The set of a destination: "ds-mark-" and a CRC-32 of the address, as the address itself is too long for
     * an ipset name; the same name in every run, so a restarted process finds its marks.
     */
    public static String setName(InetAddress destination) {
        CRC32 crc = new CRC32();
        crc.update(plain(destination).getAddress());
        return String.format("ds-mark-%08x-%d", crc.getValue(), destination.getAddress().length == 4 ? 4 : 6);
    }

    /**
     * Creates the destination's set (kept with its members if it exists) and inserts its rule unless it is there.
     * Idempotent; spawns the firewall tool once per destination and process.
     */
    public synchronized void install(InetAddress destination) throws IOException {
        InetAddress d = plain(destination);
        if (installed.contains(d)) {
            return;
        }
        String set = setName(d);
        try {
            ipset.createHashIp(set, InflightSet.Family.of(d) == InflightSet.Family.IPV4, capacity, true);
        } catch (IpSetNetlink.IpSetException e) {
            if (e.code() != IpSetNetlink.ERR_EXIST) {
                throw new IOException(e.getMessage(), e);
            }
            // an earlier run's set, grown past its first size: kept with its members (a set of that name without
            // marks would refuse the first mark with the kernel's "skbinfo" error)
        }
        Firewall.ensure(ns, InflightSet.Family.of(d), rule(d));
        installed.add(d);
        log.info("client marks for {}: set {}, rule mangle PREROUTING{}", d.getHostAddress(), set, ns == null ? "" : " in " + ns);
    }

    /**
     * From the next packet on, {@code client}'s packets to {@code destination} carry {@code mark} (all 32 bits;
     * not 0). A client marked already gets the new mark in one step: never a packet without either.
     */
    public void mark(InetAddress destination, InetAddress client, int mark) throws IOException {
        if (mark == 0) {
            throw new IllegalArgumentException("mark 0 is no mark: unmark the client instead");
        }
        sameFamily(destination, client);
        try {
            ipset.add(setName(destination), plain(client), mark);
        } catch (IpSetNetlink.IpSetException e) {
            if (e.code() == IpSetNetlink.ERR_HASH_FULL) {
                throw new IOException("cannot mark " + client.getHostAddress() + ": the set of " + destination.getHostAddress()
                        + " holds " + capacity + " clients already", e);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Removes {@code client}'s mark: its packets are routed like anyone's again. Not marked is not an error. */
    public void unmark(InetAddress destination, InetAddress client) throws IOException {
        sameFamily(destination, client);
        try {
            ipset.delete(setName(destination), plain(client));
        } catch (IpSetNetlink.IpSetException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Every marked client of {@code destination} with its mark, as the kernel lists them; empty if no set exists. */
    public Map<InetAddress, Integer> marks(InetAddress destination) throws IOException {
        try {
            return ipset.listMarks(setName(destination));
        } catch (IpSetNetlink.IpSetException e) {
            if (e.code() == Errno.ENOENT) {
                return Map.of();
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Deletes the destination's rule, then its set (and with it every mark). */
    public synchronized void uninstall(InetAddress destination) throws IOException {
        InetAddress d = plain(destination);
        installed.remove(d);
        if (!Firewall.remove(ns, InflightSet.Family.of(d), rule(d))) {
            throw new IOException("could not delete the mark rule of " + d.getHostAddress());
        }
        for (int attempt = 0; ; attempt++) {
            try {
                ipset.destroy(setName(d));
                return;
            } catch (IpSetNetlink.IpSetException e) {
                if (e.code() == Errno.ENOENT) {
                    return;
                }
                if (e.code() != IpSetNetlink.ERR_BUSY || attempt == 50) {
                    throw new IOException(e.getMessage(), e);
                }
                sleep(); // the kernel may hold a deleted rule's reference for a moment
            }
        }
    }

    /** Closes the netlink socket; the sets, rules and marks stay in the kernel. */
    @Override
    public void close() {
        ipset.close();
    }

    static List<String> rule(InetAddress destination) {
        return List.of("-t", "mangle", "PREROUTING", "-d", plain(destination).getHostAddress(), "-j", "SET", "--map-set",
                setName(destination), "src", "--map-mark");
    }

    private static void sameFamily(InetAddress destination, InetAddress client) {
        if (destination.getAddress().length != client.getAddress().length) {
            throw new IllegalArgumentException("client " + client.getHostAddress() + " and destination "
                    + destination.getHostAddress() + " are not of one family");
        }
    }

    private static InetAddress plain(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
