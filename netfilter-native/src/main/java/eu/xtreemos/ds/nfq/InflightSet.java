package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.kernel.NetNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The clients whose TCP packets to the service addresses go to an NFQUEUE instead of the local stack:
 * an {@code xt_recent} list per address family, matched by one permanent rule per service address,
 * installed once at start:
 *
 * <pre>ip6tables -w -I INPUT -p tcp -d &lt;svc&gt; -m recent --name &lt;name&gt;6 --rcheck --rsource -j NFQUEUE --queue-num &lt;N&gt;</pre>
 *
 * (iptables and {@code <name>4} for IPv4). A client not in a list costs one hash lookup per packet and
 * never reaches the queue. Membership changes are a {@code write} of {@code +addr} or {@code -addr} to
 * {@code /proc/net/xt_recent/<list>}: no process, a few microseconds, effective for the next packet.
 *
 * <p>No {@code --queue-bypass}: without a reader (the daemon is not started yet, or died) the kernel drops
 * an in-flight client's packets, and the client retransmits. With bypass they would go to the local stack,
 * which during a handoff has no socket for them (not yet restored, or already frozen and closed) and
 * answers with a reset that kills the connection.
 *
 * <p>The proc files are opened once, at {@link #install()}, by a thread inside the namespace
 * ({@code /proc/thread-self}, so that it works on a thread that entered the namespace with setns, where
 * {@code /proc/self/net} would show the process's namespace); afterwards any thread may change the lists.
 * Two properties of {@code xt_recent} shape this class:
 * <ul>
 *   <li>the file takes one command per {@code write} at file offset 0 and answers ESPIPE at any other offset
 *       (the offset advances after each write, and {@code pwrite} is refused), so each command is an
 *       {@code lseek(0)} and a {@code write} on the kept descriptor;</li>
 *   <li>a list holds at most {@code ip_list_tot} addresses (module parameter, 100 by default, read-only
 *       once loaded; on a kernel with xt_recent built in, only the boot parameter
 *       {@code xt_recent.ip_list_tot=} changes it) and adding one more silently evicts the oldest entry —
 *       a client that would quietly stop being held. {@link #add} therefore refuses to go beyond it.</li>
 * </ul>
 * This class assumes it is the only writer of its lists.
 */
public final class InflightSet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InflightSet.class);
    private static final Path IP_LIST_TOT = Path.of("/sys/module/xt_recent/parameters/ip_list_tot");
    private static final int DEFAULT_CAPACITY = 100;
    private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile("[0-9a-fA-F:.]+");

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

    /** Thrown by {@link #add} when a list is full: adding would evict another client. */
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

    private final Map<Family, ListFile> lists = new EnumMap<>(Family.class);
    private boolean installed;

    /** One xt_recent list, its kept descriptor and our record of what we added (for the capacity check). */
    private static final class ListFile {
        final String list;
        final FileChannel ch;
        final Set<InetAddress> members = new HashSet<>();

        ListFile(String list, FileChannel ch) {
            this.list = list;
            this.ch = ch;
        }
    }

    /**
     * @param ns       the namespace whose INPUT chain and lists to use; null for the calling thread's one
     * @param name     base name of the lists ({@code name + "6"} and {@code name + "4"}): letters, digits,
     *                 '-' and '_'
     * @param queueNum the NFQUEUE number the rules send to (a {@link PacketQueue} must read it)
     * @param services the service addresses (at least one; either family or both)
     */
    public InflightSet(NetNamespace ns, String name, int queueNum, Collection<InetAddress> services) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,190}")) {
            throw new IllegalArgumentException("bad list name '" + name + "'");
        }
        if (services == null || services.isEmpty()) {
            throw new IllegalArgumentException("no service address");
        }
        this.ns = ns;
        this.name = name;
        this.queueNum = queueNum;
        this.services = List.copyOf(new LinkedHashSet<>(services));
        this.capacity = readCapacity();
    }

    /** The name of the list for a family. */
    public String listName(Family f) {
        return name + f.suffix;
    }

    /** How many clients of one family can be in flight at once (the kernel's ip_list_tot). */
    public int capacity() {
        return capacity;
    }

    /**
     * Inserts the rules that are missing (one per service address, at the head of INPUT) and opens the lists.
     * The lists start empty: entries left by a previous run are cleared (their packets were being dropped
     * for want of a reader). Idempotent. Spawns (i)ptables, 5–20 ms each: call it at start, not per client.
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
        for (InetAddress svc : services) {
            List<String> rule = rule(svc);
            if (firewall(Family.of(svc), "-C", rule) != 0) {
                int rc = firewall(Family.of(svc), "-I", rule);
                if (rc != 0) {
                    throw new IOException(Family.of(svc).tool + " -I INPUT " + String.join(" ", rule) + " failed (exit "
                            + rc + ")" + (ns == null ? "" : " in " + ns));
                }
            }
        }
        try {
            for (Family f : families()) {
                Path p = Path.of("/proc/thread-self/net/xt_recent", listName(f));
                FileChannel ch = inNamespace(() -> FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE));
                ListFile lf = new ListFile(listName(f), ch);
                lists.put(f, lf);
                if (keepMembers) {
                    lf.members.addAll(read(lf));
                } else {
                    command(lf, "/");
                }
            }
        } catch (IOException e) {
            closeLists();
            throw e;
        }
        installed = true;
        log.info("in-flight lists {} installed for {} (queue {}{}, capacity {} per family)",
                families().stream().map(this::listName).toList(), services, queueNum,
                ns == null ? "" : ", " + ns, capacity);
    }

    /** Removes the rules (and with them the kernel's lists). Idempotent. */
    public synchronized void uninstall() throws IOException {
        closeLists();
        installed = false;
        IOException failure = null;
        for (InetAddress svc : services) {
            List<String> rule = rule(svc);
            for (int i = 0; i < 16 && firewall(Family.of(svc), "-C", rule) == 0; i++) {
                if (firewall(Family.of(svc), "-D", rule) != 0) {
                    failure = new IOException(Family.of(svc).tool + " -D INPUT " + String.join(" ", rule) + " failed");
                    break;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    public synchronized boolean installed() {
        return installed;
    }

    /**
     * Puts {@code client} in flight: from the next packet on, its TCP packets to the service addresses are
     * queued. Idempotent.
     *
     * @throws FullException if the list already holds {@link #capacity()} other clients
     * @throws IllegalArgumentException if no service address has the client's family
     */
    public void add(InetAddress client) throws IOException {
        ListFile lf = list(client);
        synchronized (lf) {
            InetAddress a = plain(client);
            if (!lf.members.contains(a) && lf.members.size() >= capacity) {
                throw new FullException("in-flight list " + lf.list + " is full (" + capacity + " clients, the "
                        + "kernel's xt_recent ip_list_tot); adding " + a.getHostAddress() + " would evict another");
            }
            command(lf, "+" + a.getHostAddress());
            lf.members.add(a);
        }
    }

    /** Takes {@code client} out of flight: its packets go to the local stack again. Idempotent. */
    public void remove(InetAddress client) throws IOException {
        ListFile lf = list(client);
        synchronized (lf) {
            InetAddress a = plain(client);
            command(lf, "-" + a.getHostAddress());
            lf.members.remove(a);
        }
    }

    /** Whether {@code client} is in its family's list, as the kernel reports it (the proc file, parsed). */
    public boolean contains(InetAddress client) throws IOException {
        ListFile lf = list(client);
        return read(lf).contains(plain(client));
    }

    /** The clients in flight, both families, as the kernel reports them. */
    public Set<InetAddress> members() throws IOException {
        Set<InetAddress> all = new LinkedHashSet<>();
        for (ListFile lf : installedLists()) {
            all.addAll(read(lf));
        }
        return all;
    }

    /** Empties both lists. */
    public void clear() throws IOException {
        for (ListFile lf : installedLists()) {
            synchronized (lf) {
                command(lf, "/");
                lf.members.clear();
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
        return List.of("INPUT", "-p", "tcp", "-d", plain(svc).getHostAddress(), "-m", "recent", "--name",
                listName(f), "--rcheck", "--rsource", "-j", "NFQUEUE", "--queue-num", Integer.toString(queueNum));
    }

    private List<Family> families() {
        return services.stream().map(Family::of).distinct().sorted().toList();
    }

    private synchronized List<ListFile> installedLists() {
        if (!installed) {
            throw new IllegalStateException("in-flight set " + name + " is not installed");
        }
        return new ArrayList<>(lists.values());
    }

    private synchronized ListFile list(InetAddress client) {
        if (!installed) {
            throw new IllegalStateException("in-flight set " + name + " is not installed");
        }
        ListFile lf = lists.get(Family.of(client));
        if (lf == null) {
            throw new IllegalArgumentException("no " + Family.of(client) + " service address in " + services
                    + " for client " + client.getHostAddress());
        }
        return lf;
    }

    /** One command: the file insists on offset 0 for each write (ESPIPE otherwise). */
    private static void command(ListFile lf, String cmd) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(cmd.getBytes(StandardCharsets.US_ASCII));
        synchronized (lf.ch) {
            lf.ch.position(0);
            int n = lf.ch.write(b);
            if (n != b.limit()) {
                throw new IOException("short write of '" + cmd + "' to xt_recent list " + lf.list);
            }
        }
    }

    /** Parses lines like {@code src=fd00:00d5:... ttl: 0 last_seen: 4295259406 oldest_pkt: 1 4295259406}. */
    private static Set<InetAddress> read(ListFile lf) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long pos = 0;
        synchronized (lf.ch) {
            while (true) {
                if (!b.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(b.capacity() * 2);
                    b.flip();
                    bigger.put(b);
                    b = bigger;
                }
                int n = lf.ch.read(b, pos); // pread: leaves the write offset alone
                if (n <= 0) {
                    break;
                }
                pos += n;
            }
        }
        return parse(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
    }

    static Set<InetAddress> parse(String text) {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("src=")) {
                continue;
            }
            int end = line.indexOf(' ');
            String a = line.substring(4, end < 0 ? line.length() : end);
            if (!LITERAL.matcher(a).matches()) {
                continue; // only literals: never a name lookup
            }
            try {
                out.add(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                // not an address: skip
            }
        }
        return out;
    }

    /** The address without scope id, in the form the kernel parses (in4_pton / in6_pton). */
    private static InetAddress plain(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private synchronized void closeLists() {
        for (ListFile lf : lists.values()) {
            try {
                lf.ch.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        lists.clear();
    }

    private int firewall(Family f, String op, List<String> rule) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (ns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", ns.name()));
        }
        cmd.addAll(List.of(f.tool, "-w", op));
        cmd.addAll(rule);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0 && !op.equals("-C")) {
                log.warn("{} -> exit {}: {}", String.join(" ", cmd), p.exitValue(), out);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T inNamespace(IoCall<T> c) throws IOException {
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

    private static int readCapacity() {
        try {
            return Integer.parseInt(Files.readString(IP_LIST_TOT).trim());
        } catch (IOException | RuntimeException e) {
            return DEFAULT_CAPACITY; // unreadable (not root, or another kernel): the documented default
        }
    }
}
