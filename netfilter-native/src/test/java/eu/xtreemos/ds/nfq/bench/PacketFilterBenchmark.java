package eu.xtreemos.ds.nfq.bench;

import eu.xtreemos.ds.nfq.InflightSet;
import eu.xtreemos.ds.nfq.PacketHandler;
import eu.xtreemos.ds.nfq.PacketInjector;
import eu.xtreemos.ds.nfq.PacketQueue;
import eu.xtreemos.ds.tcp.ScratchNamespace;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures of the packet filter, on two namespaces joined by a veth pair (client fd00:d5:ee::1, node
 * fd00:d5:ee::2 with the service address fd00:d5:ee::100 on lo):
 * <ol>
 *   <li>InflightSet: add / remove / contains, from a thread outside the namespace; for comparison, the
 *       per-client ip6tables rule a naive design would spawn;</li>
 *   <li>ping-pong round trip of 1-byte messages: no rule, rule installed but client not in flight, client
 *       in flight with every packet accepted by the queue's reader;</li>
 *   <li>hold then release: queue latency (client send to reader), release call, release to the server
 *       application reading the data; per packet when k packets are released at once;</li>
 *   <li>take then inject (the shipping path, here back into the same node).</li>
 * </ol>
 * Run as root after {@code mvn -f netfilter-native/pom.xml test} (which compiles it):
 * <pre>
 * cd netfilter-native && M=~/.m2/repository && java --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
 *   -cp target/classes:target/test-classes:$M/net/java/dev/jna/jna/5.19.1/jna-5.19.1.jar:$M/org/slf4j/slf4j-api/2.0.20/slf4j-api-2.0.20.jar \
 *   eu.xtreemos.ds.nfq.bench.PacketFilterBenchmark [rounds]
 * </pre>
 */
public final class PacketFilterBenchmark {
    static final String SVC = "fd00:d5:ee::100", CLIENT = "fd00:d5:ee::1";
    static final int QUEUE = 7;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        System.out.printf(Locale.ROOT, "# packet filter benchmark, %d rounds, %s, %d CPUs, Java %s%n", rounds,
                System.getProperty("os.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try (ScratchNamespace cl = new ScratchNamespace("dsqbc"); ScratchNamespace node = new ScratchNamespace("dsqbn")) {
            link(cl, node);
            InetAddress svc = InetAddress.getByName(SVC), client = InetAddress.getByName(CLIENT);
            InflightSet set = new InflightSet(node.ns, "dsqbench", QUEUE, List.of(svc));
            try {
                inflightSet(set, node, rounds * 10);

                ServerSocketChannel l = node.ns.call(() -> {
                    ServerSocketChannel ch = ServerSocketChannel.open();
                    ch.bind(new InetSocketAddress(svc, 0), 1024);
                    return ch;
                });
                InetSocketAddress to = (InetSocketAddress) l.getLocalAddress();

                set.uninstall();
                pingPong("no rule", cl, l, to, rounds);
                set.install();
                pingPong("rule, client not in flight", cl, l, to, rounds);
                try (PacketQueue q = PacketQueue.open(node.ns, QUEUE, PacketHandler.ACCEPT_ALL, PacketQueue.Limits.DEFAULT)) {
                    set.add(client);
                    pingPong("client in flight, reader accepts each packet", cl, l, to, rounds);
                    set.remove(client);
                    System.out.println("  counters: " + q.counters());
                }

                holdRelease(set, cl, l, to, client, node, rounds);
                l.close();
            } finally {
                set.uninstall();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------

    static void inflightSet(InflightSet set, ScratchNamespace node, int n) throws Exception {
        set.install();
        InetAddress[] addrs = new InetAddress[1000];
        for (int i = 0; i < addrs.length; i++) {
            addrs[i] = InetAddress.getByName("fd00:d5:ee::1:" + Integer.toHexString(i));
        }
        long[] add = new long[n], remove = new long[n];
        for (int i = 0; i < n; i++) {
            InetAddress a = addrs[i % addrs.length];
            long t0 = System.nanoTime();
            set.add(a);
            long t1 = System.nanoTime();
            set.remove(a);
            long t2 = System.nanoTime();
            add[i] = t1 - t0;
            remove[i] = t2 - t1;
        }
        System.out.println("\n## InflightSet (from a thread outside the namespace), µs per call");
        row("add", add);
        row("remove", remove);
        for (InetAddress a : addrs) {
            set.add(a);
        }
        int m = Math.max(50, n / 100);
        long[] contains = new long[m];
        for (int i = 0; i < m; i++) {
            long t0 = System.nanoTime();
            if (!set.contains(addrs[i % addrs.length])) {
                throw new IllegalStateException("lost an entry");
            }
            contains[i] = System.nanoTime() - t0;
        }
        row("contains (netlink test, 1000 members)", contains);
        set.clear();
        long[] spawn = new long[10];
        for (int i = 0; i < spawn.length; i++) {
            String src = addrs[i].getHostAddress();
            long t0 = System.nanoTime();
            node.exec("ip6tables", "-w", "-I", "INPUT", "-p", "tcp", "-s", src, "-d", SVC, "-j", "NFQUEUE", "--queue-num", "7");
            node.exec("ip6tables", "-w", "-D", "INPUT", "-p", "tcp", "-s", src, "-d", SVC, "-j", "NFQUEUE", "--queue-num", "7");
            spawn[i] = (System.nanoTime() - t0) / 2;
        }
        row("for comparison: one spawned ip6tables -I or -D (ip netns exec)", spawn);
    }

    static void pingPong(String what, ScratchNamespace cl, ServerSocketChannel l, InetSocketAddress to, int rounds)
            throws Exception {
        SocketChannel c = cl.ns.call(() -> {
            SocketChannel ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress(InetAddress.getByName(CLIENT), 0));
            ch.connect(to);
            return ch;
        });
        SocketChannel s = l.accept();
        s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Thread echo = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocate(1);
            try {
                while (true) {
                    b.clear();
                    if (s.read(b) < 0) {
                        return;
                    }
                    b.flip();
                    s.write(b);
                }
            } catch (IOException e) {
                // closed
            }
        });
        echo.start();
        ByteBuffer b = ByteBuffer.allocate(1);
        int warm = Math.max(200, rounds / 10);
        long[] rtt = new long[rounds];
        for (int i = -warm; i < rounds; i++) {
            long t0 = System.nanoTime();
            b.clear();
            c.write(b);
            b.clear();
            c.read(b);
            if (i >= 0) {
                rtt[i] = System.nanoTime() - t0;
            }
        }
        c.close();
        s.close();
        echo.join(1000);
        if (what.startsWith("no rule")) {
            System.out.println("\n## Ping-pong round trip, 1-byte messages, µs (one packet each way: the ACK rides on the reply)");
        }
        row(what, rtt);
    }

    static void holdRelease(InflightSet set, ScratchNamespace cl, ServerSocketChannel l, InetSocketAddress to,
                            InetAddress client, ScratchNamespace node, int rounds) throws Exception {
        AtomicLong lastReceived = new AtomicLong();
        PacketHandler hold = p -> {
            lastReceived.set(p.receivedNanos());
            return PacketHandler.Decision.HOLD;
        };
        try (PacketQueue q = PacketQueue.open(node.ns, QUEUE, hold, PacketQueue.Limits.DEFAULT)) {
            System.out.println("\n## Hold, then release (one 100-byte segment at a time), µs");
            SocketChannel c = connect(cl, to);
            SocketChannel s = l.accept();
            set.add(client);
            ByteBuffer msg = ByteBuffer.allocate(100), in = ByteBuffer.allocate(100);
            int warm = Math.max(100, rounds / 10);
            long[] queueLat = new long[rounds], call = new long[rounds], toApp = new long[rounds];
            for (int i = -warm; i < rounds; i++) {
                msg.clear();
                long t0 = System.nanoTime();
                c.write(msg);
                while (q.heldCount(client) == 0) {
                    Thread.onSpinWait();
                }
                long t1 = System.nanoTime();
                q.releaseHeld(client);
                long t2 = System.nanoTime();
                in.clear();
                while (in.hasRemaining()) {
                    s.read(in);
                }
                long t3 = System.nanoTime();
                if (i >= 0) {
                    queueLat[i] = lastReceived.get() - t0;
                    call[i] = t2 - t1;
                    toApp[i] = t3 - t1;
                }
            }
            row("client write → reader has the packet", queueLat);
            row("releaseHeld() call (1 packet)", call);
            row("releaseHeld() → server application has the bytes", toApp);
            c.close();
            s.close();

            System.out.println("\n## Release or take k held packets at once (10 connections per 100 packets), µs");
            for (int k : new int[] {10, 100, 1000}) {
                batch(k, true, set, cl, l, to, client, node, q, Math.max(5, rounds / (k * 2)));
            }
            for (int k : new int[] {10, 100, 1000}) {
                batch(k, false, set, cl, l, to, client, node, q, Math.max(5, rounds / (k * 2)));
            }
            System.out.println("  counters: " + q.counters());
        } finally {
            set.remove(client);
        }
    }

    /** k packets held over k/10 connections (10 segments fit in the initial window), then released or taken. */
    static void batch(int k, boolean release, InflightSet set, ScratchNamespace cl, ServerSocketChannel l,
                      InetSocketAddress to, InetAddress client, ScratchNamespace node, PacketQueue q, int reps)
            throws Exception {
        int conns = Math.max(1, k / 10), per = k / conns;
        List<SocketChannel> cs = new ArrayList<>(), ss = new ArrayList<>();
        set.remove(client);
        for (int i = 0; i < conns; i++) {
            cs.add(connect(cl, to));
            ss.add(l.accept());
        }
        long[] call = new long[reps], toApp = new long[reps], inject = new long[reps];
        ByteBuffer msg = ByteBuffer.allocate(100);
        try (PacketInjector inj = release ? null : PacketInjector.open(node.ns)) {
            for (int r = 0; r < reps; r++) {
                set.add(client);
                for (SocketChannel c : cs) {
                    for (int j = 0; j < per; j++) {
                        msg.clear();
                        c.write(msg);
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (q.heldCount(client) < conns * per) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("only " + q.heldCount(client) + " of " + conns * per + " held");
                    }
                    Thread.onSpinWait();
                }
                set.remove(client); // so that what is injected below is not queued again
                long t0 = System.nanoTime(), t1, t2;
                if (release) {
                    q.releaseHeld(client);
                    t1 = System.nanoTime();
                    t2 = t1;
                } else {
                    List<byte[]> taken = q.takeHeld(client);
                    t1 = System.nanoTime();
                    inj.injectAll(taken);
                    t2 = System.nanoTime();
                }
                ByteBuffer in = ByteBuffer.allocate(100 * per);
                for (SocketChannel s : ss) {
                    in.clear();
                    while (in.hasRemaining()) {
                        s.read(in);
                    }
                }
                long t3 = System.nanoTime();
                call[r] = t1 - t0;
                inject[r] = t2 - t1;
                toApp[r] = t3 - t0;
            }
        }
        for (SocketChannel c : cs) {
            c.close();
        }
        for (SocketChannel s : ss) {
            s.close();
        }
        String n = String.format(Locale.ROOT, "k=%d", conns * per);
        if (release) {
            row(n + " releaseHeld() call", call);
            rowPer(n + " release → all bytes read, per packet", toApp, conns * per);
        } else {
            row(n + " takeHeld() call", call);
            rowPer(n + " inject all, per packet", inject, conns * per);
            rowPer(n + " take → injected → all bytes read, per packet", toApp, conns * per);
        }
    }

    static SocketChannel connect(ScratchNamespace cl, InetSocketAddress to) throws Exception {
        return cl.ns.call(() -> {
            SocketChannel ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress(InetAddress.getByName(CLIENT), 0));
            ch.connect(to);
            return ch;
        });
    }

    static void row(String what, long[] nanos) {
        rowPer(what, nanos, 1);
    }

    static void rowPer(String what, long[] nanos, int per) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double d = 1000.0 * per;
        System.out.printf(Locale.ROOT, "  %-62s median %9.2f  p90 %9.2f  p99 %9.2f  (n=%d)%n", what,
                NearestRank.of(s, 50) / d, NearestRank.of(s, 90) / d, NearestRank.of(s, 99) / d,
                s.length);
    }

    static void link(ScratchNamespace cl, ScratchNamespace node) throws Exception {
        for (ScratchNamespace n : List.of(cl, node)) {
            must(n, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
        }
        must(cl, "sysctl", "-qw", "net.ipv4.tcp_autocorking=0"); // one segment per write, even back to back
        must(cl, "ip", "link", "add", "c0", "type", "veth", "peer", "name", "n0", "netns", node.name);
        must(cl, "ip", "addr", "add", CLIENT + "/64", "dev", "c0", "nodad");
        must(node, "ip", "addr", "add", "fd00:d5:ee::2/64", "dev", "n0", "nodad");
        must(node, "ip", "addr", "add", SVC + "/128", "dev", "lo", "nodad");
        must(cl, "ip", "link", "set", "c0", "up");
        must(node, "ip", "link", "set", "n0", "up");
        must(cl, "ip", "-6", "route", "add", SVC + "/128", "via", "fd00:d5:ee::2");
        Thread.sleep(1100); // linkwatch: IPv6 on a new veth is ready within a second
    }

    static void must(ScratchNamespace n, String... cmd) throws Exception {
        if (n.exec(cmd) != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed in " + n.name);
        }
    }
}
