package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import static eu.xtreemos.ds.nfq.Packets.ip;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Deferred verdicts on the output path, the kernel mechanism of output commit (docs/fault-tolerance.md): the server
 * node's packets to a client are queued on the OUTPUT hook, the handler keeps their ids, and the client receives
 * nothing until they are accepted; then every byte arrives, in order, and the connection goes on.
 */
class DeferredVerdictTest {
    static final int QUEUE = 6;
    static Testbed tb;
    static final List<String> RULE = List.of("-t", "mangle", "OUTPUT", "-s", Testbed.SVC6, "-d", Testbed.CLIENT6, "-p", "tcp",
            "-j", "NFQUEUE", "--queue-num", String.valueOf(QUEUE));

    @BeforeAll
    static void testbed() throws Exception {
        tb = Testbed.create();
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (tb != null) {
            tb.close();
        }
    }

    @Test
    void outputHeldByDeferredVerdictsReachesTheClientOnlyWhenAcceptedAndInOrder() throws Exception {
        List<Integer> deferred = new ArrayList<>();
        PacketHandler deferData = p -> {
            if (p.ip().has(IpPacket.SYN)) {
                return PacketHandler.Decision.ACCEPT; // the handshake passes: nothing to commit yet
            }
            synchronized (deferred) {
                deferred.add(p.id());
            }
            return PacketHandler.Decision.DEFER;
        };
        List<String> rule = new ArrayList<>(RULE);
        rule.add(3, "1"); // -I OUTPUT 1
        List<String> check = new ArrayList<>(RULE);
        try (PacketQueue queue = PacketQueue.open(tb.b.ns, QUEUE, deferData, PacketQueue.Limits.DEFAULT);
             ServerSocketChannel l = tb.b.ns.call(() -> {
                 ServerSocketChannel s = ServerSocketChannel.open();
                 s.bind(new InetSocketAddress(ip(Testbed.SVC6), 0));
                 return s;
             })) {
            assertEquals(0, Firewall.run(tb.b.ns, InflightSet.Family.IPV6, "-I", rule), "ip6tables -I " + rule);
            try (SocketChannel client = tb.client.ns.call(() -> Streams.connect(ip(Testbed.CLIENT6),
                    (InetSocketAddress) l.getLocalAddress()));
                 SocketChannel server = l.accept()) {
                byte[] sent = new byte[20_000];
                for (int i = 0; i < sent.length; i++) {
                    sent[i] = (byte) (i * 31 + 7);
                }
                ByteBuffer out = ByteBuffer.wrap(sent);
                while (out.hasRemaining()) {
                    server.write(out);
                }
                client.configureBlocking(false);
                Thread.sleep(500);
                ByteBuffer in = ByteBuffer.allocate(sent.length);
                assertEquals(0, client.read(in), "nothing reaches the client while its packets are deferred");
                List<Integer> ids;
                synchronized (deferred) {
                    assertFalse(deferred.isEmpty(), "the server's data was queued on the output hook");
                    ids = new ArrayList<>(deferred);
                    deferred.clear();
                }
                queue.acceptDeferred(ids);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (in.hasRemaining() && System.nanoTime() < deadline) {
                    if (client.read(in) == 0) {
                        synchronized (deferred) { // retransmissions and what followed the first batch
                            queue.acceptDeferred(new ArrayList<>(deferred));
                            deferred.clear();
                        }
                        Thread.sleep(5);
                    }
                }
                assertArrayEquals(sent, in.array(), "every byte, in order, once accepted");
            } finally {
                Firewall.run(tb.b.ns, InflightSet.Family.IPV6, "-D", check);
            }
        }
    }
}
