package eu.xtreemos.ds.e2e.saga;

import eu.xtreemos.ds.cluster.DscoCluster;
import eu.xtreemos.ds.dsco.client.DscoClient;
import eu.xtreemos.ds.kernel.NetNamespace;
import eu.xtreemos.ds.saga.examples.GeckoEcho;
import eu.xtreemos.ds.testbed.NamespaceTestbed;
import eu.xtreemos.ds.testbed.TestbedSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Gecko through real dsco daemons on a namespace testbed: the GeckoEcho example (saga-api and saga-gecko only,
 * run as user nobody on the contact node and on server1) serves a client that streams on three connections while
 * an operator has it handed back and forth. Each echoed byte depends on its position in the stream, which only the
 * handler's state knows, so a state lost or left behind shows as a wrong byte; the client checks every byte and,
 * at the end, that every byte it sent came back exactly once. Twice the client stops reading before the handoff,
 * so the server's output backs up — in the kernel's queues and in Gecko's own — and must all arrive afterwards.
 */
public class GeckoHandoffTest {
    public static final int CONNECTIONS = 3;
    static final long RATE = 400_000; // bytes per second per connection

    /** The client's byte at {@code position} of connection {@code k}. */
    public static byte sent(int k, long position) {
        long x = (position + (k + 1) * 0x632BE59BD9B4E019L) * 0xBF58476D1CE4E5B9L;
        return (byte) ((x ^ (x >>> 31)) >>> 40);
    }

    /** A client streaming on several connections and checking what comes back; knows nothing of handoffs (public: the Docker tests use it). */
    public static final class StreamingClient implements AutoCloseable {
        final List<SocketChannel> channels = new ArrayList<>();
        public final AtomicLongArray sent = new AtomicLongArray(CONNECTIONS), echoed = new AtomicLongArray(CONNECTIONS);
        public final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();
        public volatile boolean writing = true, reading = true, closed;

        public StreamingClient(NetNamespace ns, InetSocketAddress service) throws Exception {
            for (int k = 0; k < CONNECTIONS; k++) {
                SocketChannel ch = ns.call(() -> {
                    SocketChannel c = SocketChannel.open();
                    c.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024); // small and fixed: a pause backs the server up
                    c.connect(service);
                    return c;
                });
                channels.add(ch);
            }
            for (int k = 0; k < CONNECTIONS; k++) {
                int conn = k;
                threads.add(start("writer-" + k, () -> write(conn)));
                threads.add(start("reader-" + k, () -> read(conn)));
            }
        }

        private Thread start(String name, Runnable r) {
            Thread t = new Thread(r, "gecko-client-" + name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void write(int k) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            long t0 = System.nanoTime();
            try {
                while (writing) {
                    long due = (long) (RATE * (System.nanoTime() - t0) / 1e9);
                    long at = sent.get(k);
                    if (at >= due) {
                        Thread.sleep(2);
                        continue;
                    }
                    b.clear();
                    int n = (int) Math.min(b.capacity(), due - at);
                    for (int i = 0; i < n; i++) {
                        b.put(sent(k, at + i));
                    }
                    b.flip();
                    while (b.hasRemaining()) {
                        channels.get(k).write(b);
                    }
                    sent.addAndGet(k, n);
                }
            } catch (IOException | InterruptedException e) {
                if (!closed) {
                    errors.add("connection " + k + ": writing failed after " + sent.get(k) + " bytes: " + e);
                }
            }
        }

        private void read(int k) {
            ByteBuffer b = ByteBuffer.allocate(8192);
            try {
                while (!closed) {
                    if (!reading) {
                        Thread.sleep(5);
                        continue;
                    }
                    b.clear();
                    int n = channels.get(k).read(b);
                    if (n < 0) {
                        errors.add("connection " + k + ": the server closed it after " + echoed.get(k) + " bytes");
                        return;
                    }
                    long at = echoed.get(k);
                    for (int i = 0; i < n; i++) {
                        byte want = GeckoEcho.scramble(sent(k, at + i), at + i);
                        if (b.get(i) != want) {
                            errors.add("connection " + k + ": wrong byte at " + (at + i));
                            return;
                        }
                    }
                    echoed.addAndGet(k, n);
                }
            } catch (IOException | InterruptedException e) {
                if (!closed) {
                    errors.add("connection " + k + ": reading failed after " + echoed.get(k) + " bytes: " + e);
                }
            }
        }

        public boolean allEchoed() {
            for (int k = 0; k < CONNECTIONS; k++) {
                if (echoed.get(k) != sent.get(k)) {
                    return false;
                }
            }
            return true;
        }

        public String counts() {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < CONNECTIONS; k++) {
                s.append(String.format("[conn %d: sent %d, echoed %d] ", k, sent.get(k), echoed.get(k)));
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            writing = false;
            for (SocketChannel c : channels) {
                c.close();
            }
        }
    }

    @Test
    void theHandlersStateMovesWithTheClientBothWaysAndEveryByteComesBackOnce() throws Exception {
        try (NamespaceTestbed tb = NamespaceTestbed.up(new TestbedSpec("gk", 1, 1, 31));
             DscoCluster cluster = DscoCluster.start(tb, new DscoCluster.Options("hold", 0, Map.of(), 1,
                     new DscoCluster.Application("eu.xtreemos.ds.saga.examples.GeckoEcho",
                             List.of("ds://[${address}]:${port}?socket=${socket}"))))) {
            DscoCluster.Service s = cluster.services().get(0);
            String clientNode = tb.clients().get(0);
            try (NetNamespace ns = NetNamespace.open(tb.ns(clientNode));
                 StreamingClient client = new StreamingClient(ns, new InetSocketAddress(s.address(), s.port()))) {
                Thread.sleep(500);
                String at = "contact";
                int handoffs = 8;
                for (int i = 1; i <= handoffs; i++) {
                    String to = at.equals("contact") ? "server1" : "contact";
                    boolean backUp = i == 3 || i == 6;
                    if (backUp) {
                        client.reading = false; // the server's output piles up while the client keeps sending
                        Thread.sleep(1500);
                    }
                    try (DscoClient operator = DscoClient.connect(cluster.socket(at))) {
                        operator.requestHandoff(s.id(), tb.clientAddress(clientNode), to);
                    }
                    client.reading = true;
                    at = to;
                    Thread.sleep(300);
                }
                client.writing = false;
                long deadline = System.currentTimeMillis() + 20_000;
                while (!client.allEchoed() && client.errors.isEmpty() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(client.errors.isEmpty(), "the client saw: " + client.errors);
                assertTrue(client.allEchoed(), "every byte sent must come back exactly once: " + client.counts());
                for (int k = 0; k < CONNECTIONS; k++) {
                    assertTrue(client.sent.get(k) > RATE * 3, "connection " + k + " kept streaming: " + client.counts());
                }
                // Both nodes resumed the client from the state the other sent (GeckoEcho logs each resumption), and
                // when the client had stopped reading, output Gecko could not send yet travelled with it.
                String logs = "";
                for (String node : List.of("contact", "server1")) {
                    String log = Files.readString(cluster.app(node).log());
                    logs += log;
                    assertEquals(handoffs / 2, log.lines().filter(l -> l.startsWith("received ")).count(),
                            node + " resumed the client " + handoffs / 2 + " times; its log:\n" + log);
                }
                assertTrue(logs.lines().anyMatch(l -> l.startsWith("handed ") && !l.endsWith("with 0 bytes of output not sent yet")),
                        "a handoff carried unsent output:\n" + logs);
            } catch (AssertionError | Exception e) {
                System.out.println(cluster.logs());
                throw e;
            }
        }
    }
}
