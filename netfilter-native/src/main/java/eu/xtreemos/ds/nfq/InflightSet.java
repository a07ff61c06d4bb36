package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.NetNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The clients whose TCP packets to the service addresses go to an NFQUEUE instead of the local stack:
 * an ipset {@code hash:ip} set per address family, matched by one permanent rule per service address,
 * installed once at start:
 *
 * <pre>ip6tables -w -I INPUT -p tcp -d &lt;svc&gt; -m set --match-set &lt;name&gt;6 src -j NFQUEUE --queue-num &lt;N&gt;</pre>
 *
 * (iptables and {@code <name>4} for IPv4). A client not in a set costs one hash lookup per packet and
 * never reaches the queue. Membership changes are ipset requests over nfnetlink ({@link IpSetNetlink}):
 * no process, a few microseconds, effective for the next packet; a set holds up to {@link #capacity()}
 * clients (65,536 by default; the kernel's {@code hash:ip} maxelem), and a full set refuses a new member
 * rather than evicting one.
 *
 * <p>No {@code --queue-bypass}: without a reader (the daemon is not started yet, or died) the kernel drops
 * an in-flight client's packets, and the client retransmits. With bypass they would go to the local stack,
 * which during a handoff has no socket for them (not yet restored, or already frozen and closed) and
 * answers with a reset that kills the connection.
 *
 * <p>The netlink socket is opened once, at {@link #install()}, by a thread inside the namespace; it stays
 * bound to that namespace's sets, so afterwards any thread may change them. This class assumes it is the
 * only writer of its sets.
 */
public final class InflightSet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InflightSet.class);
    /** Clients per family by default: far beyond any burst of handoffs, ≈ 100 bytes of kernel memory each. */
    public static final int DEFAULT_CAPACITY = 65_536;
    private static final Duration NETLINK_TIMEOUT = Duration.ofSeconds(5);

    public enum Family {
        IPV4("iptables", "4"), IPV6("ip6tables", "6");

        final String tool;
        final String suffix;

        Family(String tool, String suffix) {
            this.tool = tool;
            this.suffix = suffix;
        }

        public static Family of(InetAddress a) {
            return a instanceof Inet4Address ? IPV4 : IPV6;
        }
    }

    /** Thrown by {@link #add} when a set is full. */
    public static final class FullException extends IllegalStateException {
        FullException(String message) {
            super(message);
        }
    }

    private final NetNamespace ns;
    private final String name;
    private final int queueNum;
    private final List<InetAddress> services;
    private final int capacity;

    private IpSetNetlink ipset;
    private final Map<Family, String> sets = new EnumMap<>(Family.class);
    private boolean installed;

    /** Like {@link #InflightSet(NetNamespace, String, int, Collection, int)} with {@link #DEFAULT_CAPACITY}. */
    public InflightSet(NetNamespace ns, String name, int queueNum, Collection<InetAddress> services) {
        this(ns, name, queueNum, services, DEFAULT_CAPACITY);
    }

    /**
     * @param ns       the namespace whose INPUT chain and sets to use; null for the calling thread's one
     * @param name     base name of the sets ({@code name + "6"} and {@code name + "4"}): letters, digits,
     *                 '-' and '_', at most 30 characters (ipset names are at most 31)
     * @param queueNum the NFQUEUE number the rules send to (a {@link PacketQueue} must read it)
     * @param services the service addresses (at least one; either family or both)
     * @param capacity how many clients of one family can be in flight at once
     */
    public InflightSet(NetNamespace ns, String name, int queueNum, Collection<InetAddress> services, int capacity) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,30}")) {
            throw new IllegalArgumentException("bad in-flight set name '" + name + "' (1-30 letters, digits, '-', '_')");
        }
        if (services == null || services.isEmpty()) {
            throw new IllegalArgumentException("no service address");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.ns = ns;
        this.name = name;
        this.queueNum = queueNum;
        this.services = List.copyOf(new LinkedHashSet<>(services));
        this.capacity = capacity;
    }

    /** The name of the ipset for a family. */
    public String listName(Family f) {
        return name + f.suffix;
    }

    /** How many clients of one family can be in flight at once (the sets' maxelem). */
    public int capacity() {
        return capacity;
    }

    /**
     * Creates the sets and inserts the rules that are missing (one per service address, at the head of
     * INPUT). The sets start empty: members left by a previous run are flushed (their packets were being
     * dropped for want of a reader). Idempotent. Spawns (i)ptables, 5–20 ms each: call it at start, not
     * per client; nothing after it spawns a process.
     */
    public synchronized void install() throws IOException {
        install(false);
    }

    /**
     * Like {@link #install()}, but a previous run's members stay in flight (their packets keep going to the
     * queue): for a daemon that restarts and decides client by client which to let go.
     */
    public synchronized void installKeepingMembers() throws IOException {
        install(true);
    }

    private void install(boolean keepMembers) throws IOException {
        if (installed) {
            return;
        }
        try {
            ipset = inNamespace(() -> IpSetNetlink.open(NETLINK_TIMEOUT));
            for (Family f : families()) {
                String set = listName(f);
                createOrReplace(set, f, keepMembers);
                if (!keepMembers) {
                    ipset.flush(set);
                }
                sets.put(f, set);
            }
            for (InetAddress svc : services) {
                Firewall.ensure(ns, Family.of(svc), rule(svc));
            }
        } catch (IOException | RuntimeException e) {
            closeSocket();
            if (e instanceof IpSetNetlink.IpSetException) {
                throw new IOException(e.getMessage(), e);
            }
            throw e;
        }
        installed = true;
        log.info("in-flight sets {} installed for {} (queue {}{}, capacity {} per family)",
                families().stream().map(this::listName).toList(), services, queueNum,
                ns == null ? "" : ", " + ns, capacity);
    }

    /**
     * A set left by an earlier run with another capacity (or family) is destroyed and made anew, unless a
     * rule still uses it (another process's: then its size stays, and we say so).
     */
    private void createOrReplace(String set, Family f, boolean keepExisting) {
        try {
            ipset.createHashIp(set, f == Family.IPV4, capacity);
        } catch (IpSetNetlink.IpSetException e) {
            if (e.code() != IpSetNetlink.ERR_EXIST && e.code() != IpSetNetlink.ERR_TYPE_MISMATCH) {
                throw e;
            }
            if (keepExisting && e.code() == IpSetNetlink.ERR_EXIST) {
                return; // a crashed run's set, with its members
            }
            try {
                ipset.destroy(set);
            } catch (IpSetNetlink.IpSetException busy) {
                log.warn("ipset {} exists with other settings and is in use; keeping it as it is", set);
                return;
            }
            ipset.createHashIp(set, f == Family.IPV4, capacity);
        }
    }

    /** Removes the rules, then the sets. Idempotent. */
    public synchronized void uninstall() throws IOException {
        installed = false;
        IOException failure = null;
        for (InetAddress svc : services) {
            List<String> rule = rule(svc);
            if (!Firewall.remove(ns, Family.of(svc), rule)) {
                failure = new IOException(Family.of(svc).tool + " -D " + String.join(" ", rule) + " failed");
            }
        }
        if (ipset == null && failure == null) {
            try {
                ipset = inNamespace(() -> IpSetNetlink.open(NETLINK_TIMEOUT)); // sets of an earlier install
            } catch (RuntimeException e) {
                failure = new IOException(e.getMessage(), e);
            }
        }
        if (ipset != null) {
            for (Family f : families()) {
                failure = destroy(listName(f), failure);
            }
        }
        sets.clear();
        closeSocket();
        if (failure != null) {
            throw failure;
        }
    }

    /** Destroys a set; the kernel may still hold a deleted rule's reference for a moment, so busy is retried. */
    private IOException destroy(String set, IOException failure) {
        for (int attempt = 0; ; attempt++) {
            try {
                ipset.destroy(set);
                return failure;
            } catch (IpSetNetlink.IpSetException e) {
                if (e.code() == Errno.ENOENT) {
                    return failure;
                }
                if (e.code() != IpSetNetlink.ERR_BUSY || attempt == 50) {
                    return failure != null ? failure : new IOException(e.getMessage(), e);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return new IOException("interrupted while destroying ipset " + set, ie);
                }
            }
        }
    }

    public synchronized boolean installed() {
        return installed;
    }

    /**
     * Puts {@code client} in flight: from the next packet on, its TCP packets to the service addresses are
     * queued. Idempotent.
     *
     * @throws FullException if the set already holds {@link #capacity()} other clients
     * @throws IllegalArgumentException if no service address has the client's family
     */
    public void add(InetAddress client) throws IOException {
        String set = set(client);
        InetAddress a = plain(client);
        try {
            ipset.add(set, a);
        } catch (IpSetNetlink.IpSetException e) {
            if (e.code() == IpSetNetlink.ERR_HASH_FULL) {
                throw new FullException("in-flight set " + set + " is full (" + capacity + " clients); "
                        + a.getHostAddress() + " cannot be held");
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Takes {@code client} out of flight: its packets go to the local stack again. Idempotent. */
    public void remove(InetAddress client) throws IOException {
        String set = set(client);
        try {
            ipset.delete(set, plain(client));
        } catch (IpSetNetlink.IpSetException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Whether {@code client} is in its family's set, as the kernel reports it. */
    public boolean contains(InetAddress client) throws IOException {
        String set = set(client);
        try {
            return ipset.test(set, plain(client));
        } catch (IpSetNetlink.IpSetException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The clients in flight, both families, as the kernel lists them. */
    public Set<InetAddress> members() throws IOException {
        Set<InetAddress> all = new LinkedHashSet<>();
        for (String set : installedSets()) {
            try {
                all.addAll(ipset.list(set));
            } catch (IpSetNetlink.IpSetException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return all;
    }

    /** Empties both sets. */
    public void clear() throws IOException {
        for (String set : installedSets()) {
            try {
                ipset.flush(set);
            } catch (IpSetNetlink.IpSetException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /** Same as {@link #uninstall()}. */
    @Override
    public void close() throws IOException {
        uninstall();
    }

    // ------------------------------------------------------------------------------------------------

    List<String> rule(InetAddress svc) {
        Family f = Family.of(svc);
        return List.of("INPUT", "-p", "tcp", "-d", plain(svc).getHostAddress(), "-m", "set", "--match-set",
                listName(f), "src", "-j", "NFQUEUE", "--queue-num", Integer.toString(queueNum));
    }

    private List<Family> families() {
        return services.stream().map(Family::of).distinct().sorted().toList();
    }

    private synchronized List<String> installedSets() {
        if (!installed) {
            throw new IllegalStateException("in-flight set " + name + " is not installed");
        }
        return new ArrayList<>(sets.values());
    }

    private synchronized String set(InetAddress client) {
        if (!installed) {
            throw new IllegalStateException("in-flight set " + name + " is not installed");
        }
        String set = sets.get(Family.of(client));
        if (set == null) {
            throw new IllegalArgumentException("no " + Family.of(client) + " service address in " + services
                    + " for client " + client.getHostAddress());
        }
        return set;
    }

    /** The address without scope id. */
    private static InetAddress plain(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private synchronized void closeSocket() {
        if (ipset != null) {
            ipset.close();
            ipset = null;
        }
    }

    private interface Call<T> {
        T call() throws IOException;
    }

    private <T> T inNamespace(Call<T> c) throws IOException {
        if (ns == null) {
            return c.call();
        }
        try {
            return ns.call(c::call);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
