package eu.xtreemos.ds.probe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import eu.xtreemos.ds.kernel.Errno;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.kernel.ProcSys;
import eu.xtreemos.ds.kernel.UserNamespaces;
import eu.xtreemos.ds.nfq.ClientMarks;
import eu.xtreemos.ds.nfq.PacketQueue;
import eu.xtreemos.ds.nft.AddressRewriting;
import eu.xtreemos.ds.rtnl.IpPrefix;
import eu.xtreemos.ds.rtnl.RouteTable;
import eu.xtreemos.ds.rtnl.Seg6Encap;
import eu.xtreemos.ds.tcp.RawTcpSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.SocketEngine;
import eu.xtreemos.ds.xfrm.MobileIpv6Xfrm;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds out what this kernel can do by doing it, in the manner of {@code criu check}: each capability is exercised
 * for real (a connection dumped and restored, a packet queued, a seg6 route added, ...) in a scratch network
 * namespace that only the probing thread enters, so the host's own namespace is never touched and nothing is left
 * behind: the namespace goes when the thread ends. A kernel option's absence shows as the kernel's own refusal,
 * which the result carries with the option that provides the capability.
 *
 * <p>The kernel does not change while a process runs, so the probe runs once per process ({@link #results}).
 */
public final class KernelProbe {
    /** One capability's verdict: available, or why not. */
    public record Result(Capability capability, boolean available, String detail) {
        /** "title (needs OPTIONS): why", for logs and skip reasons. */
        public String reason() {
            return available ? capability.title() + ": available" : capability.title() + " (needs " + capability.kernelOptions() + "): " + detail;
        }
    }

    private static final long PROBE_TIMEOUT_SECONDS = 30;
    private static volatile Map<Capability, Result> results;

    private KernelProbe() {
    }

    /** Every capability's verdict, probed on the first call. */
    public static Map<Capability, Result> results() {
        Map<Capability, Result> r = results;
        if (r == null) {
            synchronized (KernelProbe.class) {
                if (results == null) {
                    results = Collections.unmodifiableMap(probeAll());
                }
                r = results;
            }
        }
        return r;
    }

    public static Result result(Capability c) {
        return results().get(c);
    }

    public static boolean has(Capability c) {
        return result(c).available();
    }

    /**
     * A start-up failure, explained: when the kernel lacks {@code c}, an exception naming it (and the option that
     * provides it) with {@code failure} as its cause; otherwise {@code failure} itself. Probes only on failure, so a
     * healthy start pays nothing.
     */
    public static IOException explain(Capability c, Exception failure) {
        Result r;
        try {
            r = result(c);
        } catch (RuntimeException e) {
            return failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
        }
        if (r.available()) {
            return failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
        }
        return new IOException(failure.getMessage() + "; the kernel lacks " + r.reason(), failure);
    }

    /** The kernel's release, as uname prints it. */
    public static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    private static Map<Capability, Result> probeAll() {
        Map<Capability, Result> out = new EnumMap<>(Capability.class);
        out.put(Capability.USER_NAMESPACES, guarded(Capability.USER_NAMESPACES, KernelProbe::userNamespaces));
        // A JVM of its own (a process with threads cannot enter a new user namespace): started first, it runs
        // while this one probes in its scratch namespace.
        CompletableFuture<Result> userNsNetwork = CompletableFuture.supplyAsync(
                () -> guarded(Capability.USER_NAMESPACE_NETWORK, KernelProbe::userNamespaceNetwork));
        CompletableFuture<Map<Capability, Result>> scratch = new CompletableFuture<>();
        Thread t = new Thread(() -> scratch.complete(inScratchNamespace()), "kernel-probe");
        t.setDaemon(true);
        t.start();
        try {
            out.putAll(scratch.get(PROBE_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fillMissing(out, "interrupted while probing");
        } catch (ExecutionException | TimeoutException e) {
            fillMissing(out, "the probe did not finish: " + e);
        }
        try {
            out.put(Capability.USER_NAMESPACE_NETWORK, userNsNetwork.get(PROBE_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fillMissing(out, "interrupted while probing");
        } catch (ExecutionException | TimeoutException e) {
            fillMissing(out, "the probe did not finish: " + e);
        }
        return out;
    }

    private static void fillMissing(Map<Capability, Result> out, String why) {
        for (Capability c : Capability.values()) {
            out.putIfAbsent(c, new Result(c, false, why));
        }
    }

    /**
     * Runs on a thread of its own, which moves to a new network namespace and dies with it. Without CAP_SYS_ADMIN
     * (a container given only CAP_NET_ADMIN) it probes in the namespace it is in, with names of its own, and
     * removes what it added.
     */
    private static Map<Capability, Result> inScratchNamespace() {
        Map<Capability, Result> out = new EnumMap<>(Capability.class);
        boolean scratch;
        try {
            LibC.unshare(LibC.CLONE_NEWNET);
            scratch = true;
            exec(List.of("ip", "link", "set", "lo", "up"));
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EPERM || LibC.geteuid() != 0) {
                fillMissing(out, "cannot create a scratch network namespace to probe in (" + Errno.describe(e)
                        + (e.getErrorCode() == Errno.EPERM ? "; the probe needs root" : "") + ")");
                return out;
            }
            scratch = false;
        } catch (IOException e) {
            fillMissing(out, "cannot bring up loopback in the scratch namespace: " + e.getMessage());
            return out;
        }
        boolean cleanUp = !scratch;
        out.put(Capability.TCP_REPAIR, guarded(Capability.TCP_REPAIR, KernelProbe::tcpRepair));
        out.put(Capability.NFQUEUE, guarded(Capability.NFQUEUE, () -> nfqueue(cleanUp)));
        out.put(Capability.IPSET_SKBINFO, guarded(Capability.IPSET_SKBINFO, () -> ipsetMarks(cleanUp)));
        out.put(Capability.SRV6, guarded(Capability.SRV6, () -> srv6(cleanUp)));
        out.put(Capability.MIP6_XFRM, guarded(Capability.MIP6_XFRM, KernelProbe::mip6));
        out.put(Capability.NFT_REWRITE, guarded(Capability.NFT_REWRITE, KernelProbe::nftRewrite));
        return out;
    }

    private interface Probe {
        /** Returns what was done (available), or throws why not. */
        String run() throws Exception;
    }

    private static Result guarded(Capability c, Probe p) {
        try {
            return new Result(c, true, p.run());
        } catch (Exception | LinkageError e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Result(c, false, m.replace('\n', ' '));
        }
    }

    /** A loopback connection with bytes in flight is frozen, dumped, closed, restored and activated; the bytes arrive. */
    private static String tcpRepair() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            server.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            byte[] hello = "probe".getBytes(StandardCharsets.US_ASCII);
            RawTcpSocket client = RawTcpSocket.open(false);
            try {
                client.connect((InetSocketAddress) server.getLocalAddress());
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
            try (SocketChannel accepted = server.accept()) {
                SocketEngine.freeze(client.fd());
                ConnectionState s = SocketEngine.dump(client.fd());
                client.close(); // in repair mode: nothing is sent
                RawTcpSocket target = RawTcpSocket.open(false);
                try {
                    RestoredConnection r = SocketEngine.restore(s, target);
                    r.activate();
                    Memory m = new Memory(hello.length);
                    m.write(0, hello, 0, hello.length);
                    if (LibC.send(target.fd(), m, hello.length, 0) != hello.length) {
                        throw new IOException("the restored socket took fewer bytes than written");
                    }
                    ByteBuffer got = ByteBuffer.allocate(hello.length);
                    accepted.configureBlocking(false);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    while (got.hasRemaining() && System.nanoTime() < deadline) {
                        if (accepted.read(got) < 0) {
                            throw new IOException("the restored connection was closed");
                        }
                        Thread.sleep(1);
                    }
                    if (got.hasRemaining()) {
                        throw new IOException("the restored connection did not deliver its bytes within 2 s");
                    }
                } finally {
                    target.close();
                }
            }
        }
        return "a loopback connection dumped, restored and activated; its bytes arrived";
    }

    /** An NFQUEUE rule installs and a packet reaches the queue's reader. */
    private static String nfqueue(boolean cleanUp) throws Exception {
        int queue = 4242;
        List<String> rule = List.of("OUTPUT", "-d", "::1", "-p", "udp", "--dport", "9", "-m", "comment", "--comment", "ds-kernel-probe",
                "-j", "NFQUEUE", "--queue-num", Integer.toString(queue));
        exec(concat(List.of("ip6tables", "-w", "-t", "mangle", "-I"), rule));
        try (PacketQueue q = PacketQueue.open(queue, null); DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("::1"))) {
            s.send(new DatagramPacket(new byte[8], 8, InetAddress.getByName("::1"), 9));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (q.counters().queued() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("a packet sent through the NFQUEUE rule did not reach the queue within 2 s");
                }
                Thread.sleep(1);
            }
        } finally {
            if (cleanUp) {
                exec(concat(List.of("ip6tables", "-w", "-t", "mangle", "-D"), rule));
            }
        }
        return "ip6tables -j NFQUEUE installed; a packet reached the queue's reader";
    }

    /** A marking set and its SET --map-mark rule install, and a member takes a mark. */
    private static String ipsetMarks(boolean cleanUp) throws Exception {
        Inet6Address service = (Inet6Address) InetAddress.getByName("fd00:d5:7e::1");
        try (ClientMarks marks = ClientMarks.open(null, 16)) {
            try {
                marks.install(service);
                marks.mark(service, InetAddress.getByName("fd00:d5:7e::2"), 0x100);
            } finally {
                if (cleanUp) {
                    marks.uninstall(service);
                }
            }
        }
        return "hash:ip set with skbinfo and a SET --map-mark rule installed; a member marked";
    }

    private static String srv6(boolean cleanUp) throws Exception {
        if (!Files.exists(Path.of("/proc/sys/net/ipv6/conf/all/seg6_enabled"))) {
            throw new IOException("no /proc/sys/net/ipv6/conf/all/seg6_enabled");
        }
        IpPrefix probe = IpPrefix.parse("fd00:d5:7e::1/128");
        try (RouteTable routes = RouteTable.open()) {
            routes.replaceSeg6Route(probe, List.of((Inet6Address) InetAddress.getByName("fd00:d5:7e::2")), Seg6Encap.Mode.INLINE, "lo");
            if (cleanUp) {
                routes.deleteRoute(probe, null, true);
            }
        } catch (RuntimeException e) {
            throw new IOException("adding an 'encap seg6 mode inline' route: " + e.getMessage(), e);
        }
        return "an 'encap seg6 mode inline' route added; seg6_enabled present";
    }

    private static String mip6() throws Exception {
        try (MobileIpv6Xfrm x = MobileIpv6Xfrm.open()) {
            x.requireMobileIpv6();
        } catch (RuntimeException e) {
            throw new IOException("a Mobile IPv6 routing-header XFRM state: " + e.getMessage(), e);
        }
        return "a type 2 routing header XFRM state installed and removed";
    }

    /** The exact rules of both sides of the nft data plane load, and a binding's elements go in. */
    private static String nftRewrite() throws Exception {
        AddressRewriting.probe();
        return "the node's and the client's rewriting tables loaded; a binding's elements added";
    }

    /**
     * An ordinary user (nobody, when probing as root) makes a user namespace with its own mount, network and PID
     * namespaces and mounts a tmpfs in it, as the rootless testbed does.
     */
    private static String userNamespaces() throws Exception {
        Path max = Path.of("/proc/sys/user/max_user_namespaces");
        if (Files.exists(max) && ProcSys.read(max).equals("0")) {
            throw new IOException(max + " is 0");
        }
        Path clone = Path.of("/proc/sys/kernel/unprivileged_userns_clone");
        if (Files.exists(clone) && ProcSys.read(clone).equals("0")) {
            throw new IOException(clone + " is 0");
        }
        List<String> cmd = new ArrayList<>();
        // As root of the host, as an ordinary user; inside a user namespace already, there is no other user to be.
        if (LibC.geteuid() == 0 && !UserNamespaces.nested()) {
            cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        cmd.addAll(List.of("unshare", "--user", "--map-root-user", "--mount", "--net", "--pid", "--fork", "--mount-proc",
                "mount", "-t", "tmpfs", "ds-kernel-probe", "/tmp"));
        exec(cmd);
        return "'" + String.join(" ", cmd) + "' succeeded";
    }

    /** The argument of {@link #main} that runs {@link #inUserNamespace} (in a process started by unshare). */
    private static final String IN_USER_NAMESPACE = "--in-user-namespace";

    /**
     * In a new user namespace that owns a new network namespace, where the process has CAP_NET_ADMIN of that user
     * namespace only (as a rootless testbed's dsco): a connection is repaired and a packet queued ({@link #inUserNamespace}
     * in a JVM that unshare starts there).
     */
    private static String userNamespaceNetwork() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--net",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), KernelProbe.class.getName(), IN_USER_NAMESPACE));
        exec(cmd);
        return "in a network namespace of a user namespace, as its root: a connection dumped, restored and activated,"
                + " a packet queued through ip6tables -j NFQUEUE";
    }

    /** Runs the TCP_REPAIR and NFQUEUE probes here; exits 0, or 1 with the reason on stdout. */
    private static void inUserNamespace() {
        try {
            exec(List.of("ip", "link", "set", "lo", "up"));
            tcpRepair();
            nfqueue(false);
            System.exit(0);
        } catch (Exception | LinkageError e) {
            System.out.println(e.getMessage() == null ? e.toString() : e.getMessage());
            System.exit(1);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Runs a command in the calling thread's namespaces; throws with its output when it fails. */
    private static void exec(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
        }
    }

    /** One line per capability: "[ok] title — needed by" or "[missing] title — needed by: why (needs options)". */
    public static List<String> report() {
        List<String> lines = new ArrayList<>();
        for (Result r : results().values()) {
            Capability c = r.capability();
            lines.add(String.format("%-9s %s%n          needed by: %s%n          %s", r.available() ? "[ok]" : "[missing]", c.title(), c.neededBy(),
                    r.available() ? r.detail() : r.detail() + " (needs " + c.kernelOptions() + ")"));
        }
        return lines;
    }

    /** Prints the report; exits 1 if a capability is missing. */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(IN_USER_NAMESPACE)) {
            inUserNamespace();
        }
        System.out.println("kernel " + kernelRelease());
        report().forEach(System.out::println);
        System.exit(results().values().stream().allMatch(Result::available) ? 0 : 1);
    }
}
