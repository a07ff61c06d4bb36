package eu.xtreemos.ds.e2e.saga;

import eu.xtreemos.ds.bench.ProcStats;
import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.saga.examples.GeckoEcho;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Clients of a protected service survive the crash of the node serving them (docs/fault-tolerance.md): GeckoEcho,
 * protected, serves a client streaming both ways on three connections and a client making requests (64 bytes, their
 * echo awaited); both are handed to server1. Then, 20 times, at a random moment, the node serving them is crashed —
 * its link cut, its dsco and application killed at once — and its backup must take both clients over: every byte comes
 * back exactly once and in order (the echo of each byte depends on its position, which only the handler's
 * checkpointed state knows), no connection is reset. The crashed node comes back and becomes the backup of the
 * node now serving. Each crash's client-visible stall is printed, median and worst.
 */
public class ProtectedCrashTest {
    static final int CRASHES = Integer.getInteger("protect.crashes", 20);
    static final int REQUEST = 64;

    /** One connection making requests: sends REQUEST bytes, waits for their echo, checks it; keeps each latency. */
    public static final class RequestClient implements AutoCloseable {
        final SocketChannel channel;
        public final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        /** Start (ns) and latency (ns) of every request. */
        final List<long[]> requests = Collections.synchronizedList(new ArrayList<>());
        final Thread thread;
        public volatile boolean running = true;
        public volatile long answered;

        RequestClient(NetNamespace ns, InetSocketAddress service) throws Exception {
            this(ns, null, service);
        }

        /** From address {@code local} of the namespace (null: the one the kernel picks). */
        public RequestClient(NetNamespace ns, InetAddress local, InetSocketAddress service) throws Exception {
            channel = ns.call(() -> {
                SocketChannel c = SocketChannel.open();
                if (local != null) {
                    c.bind(new InetSocketAddress(local, 0));
                }
                c.connect(service);
                return c;
            });
            thread = new Thread(this::run, "request-client");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            ByteBuffer out = ByteBuffer.allocate(REQUEST), in = ByteBuffer.allocate(REQUEST);
            long position = 0;
            try {
                while (running) {
                    out.clear();
                    for (int i = 0; i < REQUEST; i++) {
                        out.put(GeckoHandoffTest.sent(7, position + i));
                    }
                    out.flip();
                    long t0 = System.nanoTime();
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                    in.clear();
                    while (in.hasRemaining()) {
                        if (channel.read(in) < 0) {
                            errors.add("the server closed the request connection after " + answered + " requests");
                            return;
                        }
                    }
                    requests.add(new long[] {t0, System.nanoTime() - t0});
                    for (int i = 0; i < REQUEST; i++) {
                        if (in.get(i) != GeckoEcho.scramble(GeckoHandoffTest.sent(7, position + i), position + i)) {
                            errors.add("request " + answered + ": wrong byte at " + (position + i));
                            return;
                        }
                    }
                    position += REQUEST;
                    answered++;
                    Thread.sleep(5);
                }
            } catch (IOException | InterruptedException e) {
                if (running) {
                    errors.add("request connection failed after " + answered + " requests: " + e);
                }
            }
        }

        /** Ms from {@code atNanos} until the first answer after it: the stall the requester saw. */
        public double stallAt(long atNanos) {
            long first = Long.MAX_VALUE;
            synchronized (requests) {
                for (long[] r : requests) {
                    long end = r[0] + r[1];
                    if (end > atNanos) {
                        first = Math.min(first, end);
                    }
                }
            }
            return first == Long.MAX_VALUE ? Double.NaN : (first - atNanos) / 1e6;
        }

        @Override
        public void close() throws Exception {
            running = false;
            channel.close();
            thread.join(2000);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // 20 crashes, each with a restart of the crashed node
    void everyClientContinuesOnTheBackupAfterEachCrashWithEveryByteOnceAndInOrder() throws Exception {
        Random random = new Random();
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec("eprot", 2, 2, 46));
             DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", 0,
                     Map.of("service." + DscoCluster.SERVICE + ".protected", "true"), 1,
                     new DscoCluster.Application("eu.xtreemos.ds.saga.examples.GeckoEcho",
                             List.of("ds://[${address}]:${port}?socket=${socket}"))))) {
            cluster.awaitGroup();
            DscoCluster.Service s = cluster.services().get(0);
            InetSocketAddress service = new InetSocketAddress(s.address(), s.port());
            String streamer = tb.clients().get(0), requester = tb.clients().get(1);
            try (NetNamespace ns1 = NetNamespace.open(tb.ns(streamer));
                 NetNamespace ns2 = NetNamespace.open(tb.ns(requester));
                 GeckoHandoffTest.StreamingClient stream = new GeckoHandoffTest.StreamingClient(ns1, service);
                 RequestClient requests = new RequestClient(ns2, service)) {
                Thread.sleep(500);
                List<InetAddress> clients = List.of(tb.clientAddress(streamer), tb.clientAddress(requester));
                try (DscoClient operator = DscoClient.connect(cluster.socket("contact"))) {
                    for (InetAddress c : clients) {
                        operator.requestHandoff(s.id(), c, "server1");
                    }
                }
                String serving = "server1", backup = "server2";
                List<Double> streamStalls = new ArrayList<>(), requestStalls = new ArrayList<>();
                for (int crash = 1; crash <= CRASHES; crash++) {
                    awaitBackedUp(cluster.socket(backup), backup, clients.size());
                    Thread.sleep(200 + random.nextInt(1300));
                    tb.cutLink(serving); // the node dies: its link and its processes at once
                    long t0 = System.nanoTime(); // from here nothing more comes from the dead node
                    long[] before = echoed(stream);
                    long answeredBefore = requests.answered;
                    cluster.killDsco(serving);
                    cluster.killApps(serving);
                    double streamStall = awaitProgress(stream, before, t0, requests, answeredBefore);
                    double requestStall = requests.stallAt(t0); // awaitProgress saw an answer after the crash
                    streamStalls.add(streamStall);
                    requestStalls.add(requestStall);
                    System.out.printf("crash %d of %s: %s took over; the streams stalled %.0f ms, a request %.0f ms; load %s%n", crash,
                            serving, backup, streamStall, requestStall, ProcStats.load());
                    // The node restarts as a machine does after a crash, without the TCP state of before: the killed
                    // application's sockets linger in this namespace's kernel (closing, their FIN never let out).
                    tb.exec(serving, "ss", "-K", "-tn", "state", "all");
                    tb.restoreLink(serving);
                    cluster.startDsco(serving);
                    cluster.startApp(serving);
                    cluster.awaitGroup();
                    String dead = serving;
                    serving = backup;
                    backup = dead;
                }
                assertEveryByteEchoedOnce(stream, requests);
                System.out.printf("%d crashes: streams stalled median %.0f ms, worst %.0f ms; requests median %.0f ms, worst %.0f ms;"
                                + " %s; %d requests answered%n", CRASHES, median(streamStalls), Collections.max(streamStalls),
                        median(requestStalls), Collections.max(requestStalls), stream.counts(), requests.answered);
                String logs = Files.readString(cluster.app("server1").log()) + Files.readString(cluster.app("server2").log());
                assertFalse(logs.isEmpty(), "the applications logged");
            } catch (AssertionError | Exception e) {
                System.out.println(cluster.logs());
                for (String node : List.of("contact", "server1", "server2")) { // the service's sockets and counters
                    try {
                        System.out.println("--- sockets on " + node + "\n" + tb.exec(node, "ss", "-tin", "sport", "=", ":" + s.port()));
                        try (DscoClient c = DscoClient.connect(cluster.socket(node))) {
                            System.out.println("--- protect stats on " + node + ": " + c.stats().entrySet().stream()
                                    .filter(x -> x.getKey().startsWith("protect.")).toList());
                        }
                    } catch (Exception x) {
                        System.out.println("--- " + node + ": " + x.getMessage());
                    }
                }
                try (var logs = Files.list(cluster.directory().resolve("log"))) { // what protection did, for the failure
                    for (var log : logs.filter(f -> f.getFileName().toString().startsWith("dsco-")).sorted().toList()) {
                        System.out.println("--- protection in " + log.getFileName());
                        Files.readAllLines(log).stream().filter(l -> l.contains(".p.") || l.contains("Membership")
                                || l.contains("took over") || l.contains("refused")).forEach(System.out::println);
                    }
                }
                throw e;
            }
        }
    }

    /**
     * Stops both clients sending, then checks: no error on either, every byte the streams sent echoed once. The echo may
     * drain slowly after many crashes; it fails once nothing came back for 30 s.
     */
    public static void assertEveryByteEchoedOnce(GeckoHandoffTest.StreamingClient stream, RequestClient requests) throws InterruptedException {
        stream.writing = false;
        requests.running = false;
        long echoed = -1, lastProgress = System.currentTimeMillis();
        while (!stream.allEchoed() && stream.errors.isEmpty() && System.currentTimeMillis() - lastProgress < 30_000) {
            long now = LongStream.of(echoed(stream)).sum();
            if (now != echoed) {
                echoed = now;
                lastProgress = System.currentTimeMillis();
            }
            Thread.sleep(50);
        }
        assertTrue(stream.errors.isEmpty(), "the streaming client saw: " + stream.errors);
        assertTrue(requests.errors.isEmpty(), "the requesting client saw: " + requests.errors);
        assertTrue(stream.allEchoed(), "every byte sent must come back exactly once: " + stream.counts());
    }

    /** Waits until {@code backup}'s dsco (API socket {@code socket}) holds checkpoints of {@code clients} clients: a crash now loses none. */
    public static void awaitBackedUp(Path socket, String backup, int clients) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        String held = "-";
        while (System.currentTimeMillis() < deadline) {
            try (DscoClient c = DscoClient.connect(socket)) {
                held = c.stats().getOrDefault("protect.backup_clients", "-");
            }
            if (held.equals(String.valueOf(clients))) {
                return;
            }
            Thread.sleep(50);
        }
        fail(backup + " holds checkpoints of " + held + " clients, not " + clients + ", after 20 s");
    }

    public static long[] echoed(GeckoHandoffTest.StreamingClient c) {
        long[] r = new long[GeckoHandoffTest.CONNECTIONS];
        for (int k = 0; k < r.length; k++) {
            r[k] = c.echoed.get(k);
        }
        return r;
    }

    /** Ms from the crash until every stream received again and a request was answered; fails after 20 s. */
    public static double awaitProgress(GeckoHandoffTest.StreamingClient c, long[] before, long t0, RequestClient requests, long answered)
            throws Exception {
        return awaitProgress(c, before, t0, requests, answered, 20_000);
    }

    /** As {@link #awaitProgress(GeckoHandoffTest.StreamingClient, long[], long, RequestClient, long)}, failing after {@code limitMillis}. */
    public static double awaitProgress(GeckoHandoffTest.StreamingClient c, long[] before, long t0, RequestClient requests, long answered,
                                       long limitMillis) throws Exception {
        long deadline = t0 + limitMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            long[] now = echoed(c);
            boolean all = requests.answered > answered;
            for (int k = 0; k < now.length; k++) {
                all &= now[k] > before[k];
            }
            if (all) {
                return (System.nanoTime() - t0) / 1e6;
            }
            assertTrue(c.errors.isEmpty() && requests.errors.isEmpty(), "the clients saw: " + c.errors + " " + requests.errors);
            Thread.sleep(1);
        }
        fail("the clients did not continue within " + limitMillis / 1000 + " s of the crash: " + c.counts() + ", " + requests.answered
                + " requests");
        return 0;
    }

    public static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
