package eu.xtreemos.ds.demo;

import eu.xtreemos.ds.handoff.HandoffDonor;
import eu.xtreemos.ds.handoff.HandoffException;
import eu.xtreemos.ds.handoff.HandoffReceiver;
import eu.xtreemos.ds.handoff.HandoffTimeline;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live-handoff demo: a namespace testbed, the stateful stream service on every server node, one
 * client streaming both ways over several connections, and handoffs back and forth between the nodes.
 * Prints one timeline line per handoff and a summary; {@link #run} returns the figures so a test can
 * assert them.
 */
public final class HandoffDemo {
    public static final int SERVICE_PORT = 7000;
    public static final int HANDOFF_PORT = 7100;

    /** What to run. */
    public record Options(String name, int site, int servers, int handoffs, int connections,
                          long bytesPerSecond, Duration interval, boolean verbose) {
        public Options {
            if (handoffs < 1) {
                throw new IllegalArgumentException("handoffs must be at least 1, got " + handoffs);
            }
            if (connections < 1 || connections > 16) {
                throw new IllegalArgumentException("connections must be 1..16, got " + connections);
            }
            if (bytesPerSecond < 1000) {
                throw new IllegalArgumentException("rate must be at least 1000 bytes/s, got " + bytesPerSecond);
            }
        }
    }

    /** What happened. */
    public record Result(int handoffs, int failedHandoffs, List<Double> gapsMillis, List<Double> dumpMicrosPerConn,
                         List<Double> restoreMicrosPerConn, List<Double> totalMillis, long bytesUp, long bytesDown,
                         List<String> errors) {
        public double median(List<Double> xs) {
            List<Double> s = new ArrayList<>(xs);
            s.sort(null);
            return s.isEmpty() ? 0 : s.get(s.size() / 2);
        }

        public double worst(List<Double> xs) {
            return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    private final Options o;
    private final PrintStream out;

    public HandoffDemo(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    public Result run() throws Exception {
        out.printf("Bringing up testbed '%s': ha, contact, %d server node(s), 1 client ...%n", o.name(), o.servers());
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec(o.name(), o.servers(), 1, o.site()))) {
            return run(tb);
        }
    }

    private Result run(NamespaceTestbed tb) throws Exception {
        InetSocketAddress service = new InetSocketAddress(tb.serviceAddress(), SERVICE_PORT);
        Map<String, NetNamespace> ns = new LinkedHashMap<>();
        Map<String, StreamService> services = new HashMap<>();
        List<HandoffReceiver> receivers = new ArrayList<>();
        Map<String, HandoffDonor> donors = new HashMap<>();
        StreamClient client = null;
        try {
            for (String node : tb.serverNodes()) {
                NetNamespace n = NetNamespace.open(tb.ns(node));
                ns.put(node, n);
                StreamService svc = StreamService.start(node, n, service, o.bytesPerSecond());
                services.put(node, svc);
                IptablesClientFilter filter = new IptablesClientFilter(tb, node);
                HandoffReceiver r = new HandoffReceiver(node, filter, tb::steer, svc::adopt, Duration.ofSeconds(5));
                n.call(() -> {
                    r.bind(new InetSocketAddress(tb.nodeAddress(node), HANDOFF_PORT));
                    return null;
                });
                n.start("handoff-receiver-" + node, r);
                receivers.add(r);
                donors.put(node, new HandoffDonor(filter, Duration.ofMillis(100), Duration.ofSeconds(5)));
            }
            String clientName = tb.clients().get(0);
            InetAddress clientAddr = tb.clientAddress(clientName);
            NetNamespace clientNs = NetNamespace.open(tb.ns(clientName));
            ns.put(clientName, clientNs);
            client = StreamClient.start(clientNs, service, 1, o.connections(), o.bytesPerSecond());
            out.printf("Client %s streams %d connection(s) to [%s]:%d, %.1f MB/s each way per connection%n",
                    clientAddr.getHostAddress(), o.connections(), service.getAddress().getHostAddress(), SERVICE_PORT,
                    o.bytesPerSecond() / 1e6);
            Thread.sleep(o.interval().toMillis());

            List<String> nodes = tb.serverNodes();
            String at = nodes.get(0);
            List<Double> gaps = new ArrayList<>(), dump = new ArrayList<>(), restore = new ArrayList<>(), total = new ArrayList<>();
            int failed = 0;
            for (int i = 1; i <= o.handoffs(); i++) {
                String to = nodes.get(i % nodes.size() == 0 && nodes.size() > 1 ? 0 : i % nodes.size());
                if (to.equals(at)) {
                    to = nodes.get((nodes.indexOf(at) + 1) % nodes.size());
                }
                StreamService from = services.get(at);
                StreamService.Detached d = from.detach(clientAddr).get();
                HandoffDonor donor = donors.get(at);
                InetSocketAddress receiver = new InetSocketAddress(tb.nodeAddress(to), HANDOFF_PORT);
                HandoffTimeline t;
                try {
                    t = ns.get(at).call(() -> donor.donate(clientAddr, d.channels(), d.appState(), receiver));
                } catch (HandoffException e) {
                    failed++;
                    from.reattach(d);
                    out.printf("handoff %3d %-8s -> %-8s FAILED: %s%n", i, at, to, e.getMessage());
                    Thread.sleep(o.interval().toMillis());
                    continue;
                }
                from.forget(d.conns());
                long start = t.startNanos();
                Thread.sleep(o.interval().toMillis());
                double gap = client.worstGapMillis(start, start + t.totalNanos());
                int n = d.channels().size();
                gaps.add(gap);
                dump.add(t.nanos("freeze+dump") / 1e3 / n);
                restore.add(t.nanos("restore") / 1e3 / n);
                total.add(t.totalNanos() / 1e6);
                if (o.verbose() || i <= 5 || i % 10 == 0 || i == o.handoffs()) {
                    out.printf("handoff %3d %-8s -> %-8s %d conns | %s | total %.1f ms | client gap %.1f ms | verified up %s down %s%n",
                            i, at, to, n, t, t.totalNanos() / 1e6, gap, mb(sum(client, true)), mb(sum(client, false)));
                }
                at = to;
            }
            out.println("Stopping the client's writers and draining ...");
            client.stopWriting();
            StreamService last = services.get(at);
            StreamClient c = client;
            waitFor(() -> matches(c, last, true), "the server to receive everything the client sent");
            last.stopWriting();
            waitFor(() -> matches(c, last, false), "the client to receive everything the server sent");
            List<String> errors = new ArrayList<>(client.errors());
            for (StreamService s : services.values()) {
                errors.addAll(s.errors());
            }
            if (!matches(client, last, true) || !matches(client, last, false)) {
                errors.add("byte counts differ: " + describe(client, last));
            }
            Result r = new Result(o.handoffs(), failed, gaps, dump, restore, total, sum(client, true), sum(client, false), errors);
            summary(r);
            return r;
        } finally {
            if (client != null) {
                client.close();
            }
            for (HandoffReceiver r : receivers) {
                r.close();
            }
            for (StreamService s : services.values()) {
                s.close();
            }
            ns.values().forEach(NetNamespace::close);
        }
    }

    private void summary(Result r) {
        out.println();
        out.printf("Handoffs: %d done, %d failed%n", r.handoffs() - r.failedHandoffs(), r.failedHandoffs());
        out.printf("Client-visible gap per handoff: median %.1f ms, worst %.1f ms (pauses over 2 ms)%n",
                r.median(r.gapsMillis()), r.worst(r.gapsMillis()));
        out.printf("Dump per connection: median %.0f us; restore per connection: median %.0f us%n",
                r.median(r.dumpMicrosPerConn()), r.median(r.restoreMicrosPerConn()));
        out.printf("Handoff duration (flush to release): median %.1f ms, worst %.1f ms%n",
                r.median(r.totalMillis()), r.worst(r.totalMillis()));
        out.printf("Bytes verified, in order and exactly once: client->server %d, server->client %d%n",
                r.bytesUp(), r.bytesDown());
        out.println(r.errors().isEmpty() ? "Errors: none (no reset, no wrong byte)" : "ERRORS: " + r.errors());
    }

    private static boolean matches(StreamClient c, StreamService s, boolean up) {
        Map<Integer, long[]> pos = s.positions();
        for (int k = 0; k < c.connections(); k++) {
            long[] p = pos.get(c.connId(k));
            if (p == null || (up ? p[0] != c.sent(k) : p[1] != c.received(k))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(StreamClient c, StreamService s) {
        StringBuilder b = new StringBuilder();
        Map<Integer, long[]> pos = s.positions();
        for (int k = 0; k < c.connections(); k++) {
            long[] p = pos.getOrDefault(c.connId(k), new long[2]);
            b.append(String.format("[conn %d: client sent %d, server got %d; server sent %d, client got %d] ",
                    c.connId(k), c.sent(k), p[0], p[1], c.received(k)));
        }
        return b.toString();
    }

    private static long sum(StreamClient c, boolean up) {
        long s = 0;
        for (int k = 0; k < c.connections(); k++) {
            s += up ? c.sent(k) : c.received(k);
        }
        return s;
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static void waitFor(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
