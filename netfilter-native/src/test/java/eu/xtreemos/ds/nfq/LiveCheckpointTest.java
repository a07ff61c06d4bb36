package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.SocketEngine;
import eu.xtreemos.ds.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static eu.xtreemos.ds.nfq.Packets.ip;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A checkpoint of a live connection, the second mechanism of output commit (docs/fault-tolerance.md): the client's
 * packets are held for an instant, the server's socket frozen, dumped and taken out of repair mode where it is, the
 * packets released. Done 300 times while both directions stream (the server's application pausing for each, as an
 * application that checkpoints does), no byte is lost, reordered or reset, and every dump is consistent: its receive
 * queue holds exactly the bytes the server had not read, its send queue the bytes not yet acknowledged and unsent,
 * and sequence numbers never go back.
 */
class LiveCheckpointTest {
    static final int QUEUE = 8;
    static final int LEN = 2_400_000;
    /** Bytes per second each way: the streams last long enough for hundreds of checkpoints (veth moves GB/s). */
    static final long RATE = 1_500_000;
    static Testbed tb;

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

    static byte pattern(int stream, long offset) {
        return (byte) (offset * 131 + stream * 17 + (offset >> 11));
    }

    @Test
    void aStreamingConnectionCheckpointedRepeatedlyLosesNothingAndEveryDumpIsConsistent() throws Exception {
        InetAddress client = ip(Testbed.CLIENT6);
        Set<InetAddress> holding = ConcurrentHashMap.newKeySet();
        InflightSet set = new InflightSet(tb.b.ns, "dsk", QUEUE, List.of(ip(Testbed.SVC6)));
        set.install();
        long rstsB = Testbed.tcpCounter(tb.b, "OutRsts"), resetsClient = Testbed.tcpCounter(tb.client, "EstabResets");
        try (PacketQueue queue = PacketQueue.open(tb.b.ns, QUEUE,
                p -> holding.contains(p.client()) ? PacketHandler.Decision.HOLD : PacketHandler.Decision.ACCEPT,
                PacketQueue.Limits.DEFAULT);
             ServerSocketChannel l = tb.b.ns.call(() -> {
                 ServerSocketChannel s = ServerSocketChannel.open();
                 s.bind(new InetSocketAddress(ip(Testbed.SVC6), 0));
                 return s;
             });
             SocketChannel c = tb.client.ns.call(() -> Streams.connect(client, (InetSocketAddress) l.getLocalAddress()));
             SocketChannel s = l.accept()) {
            s.configureBlocking(false);
            int fd = ChannelSocket.fdOf(s);
            Object app = new Object(); // the server application's turn: it pauses while its connection is checkpointed
            long[] serverRead = {0}, serverWritten = {0};
            AtomicReference<String> error = new AtomicReference<>();
            Thread server = new Thread(() -> {
                ByteBuffer in = ByteBuffer.allocate(16384), out = ByteBuffer.allocate(4096);
                long start = System.nanoTime();
                try {
                    while (serverRead[0] < LEN || serverWritten[0] < LEN) {
                        boolean progress = false;
                        synchronized (app) {
                            in.clear();
                            int n = s.read(in);
                            for (int i = 0; i < n; i++) {
                                if (in.get(i) != pattern(1, serverRead[0] + i)) {
                                    error.compareAndSet(null, "server: wrong byte at " + (serverRead[0] + i));
                                    return;
                                }
                            }
                            serverRead[0] += Math.max(0, n);
                            out.clear();
                            long allowed = Math.min(LEN, RATE * (System.nanoTime() - start) / 1_000_000_000L);
                            int k = (int) Math.max(0, Math.min(out.capacity(), allowed - serverWritten[0]));
                            for (int i = 0; i < k; i++) {
                                out.put(pattern(2, serverWritten[0] + i));
                            }
                            out.flip();
                            int w = k == 0 ? 0 : s.write(out);
                            serverWritten[0] += w;
                            progress = n > 0 || w > 0;
                        }
                        if (!progress) {
                            Thread.sleep(1);
                        }
                    }
                } catch (Exception e) {
                    error.compareAndSet(null, "server: " + e);
                }
            }, "server");
            Thread clientSide = new Thread(() -> { // blocking: the client knows nothing of checkpoints
                try {
                    Thread writer = new Thread(() -> {
                        try {
                            ByteBuffer out = ByteBuffer.allocate(4096);
                            long start = System.nanoTime();
                            for (long off = 0; off < LEN; ) {
                                while (RATE * (System.nanoTime() - start) / 1_000_000_000L < off) {
                                    Thread.sleep(1);
                                }
                                out.clear();
                                int k = (int) Math.min(out.capacity(), LEN - off);
                                for (int i = 0; i < k; i++) {
                                    out.put(pattern(1, off + i));
                                }
                                out.flip();
                                while (out.hasRemaining()) {
                                    c.write(out);
                                }
                                off += k;
                            }
                        } catch (Exception e) {
                            error.compareAndSet(null, "client writer: " + e);
                        }
                    });
                    writer.start();
                    ByteBuffer in = ByteBuffer.allocate(16384);
                    for (long got = 0; got < LEN; ) {
                        in.clear();
                        int n = c.read(in);
                        if (n < 0) {
                            error.compareAndSet(null, "client: the server closed at " + got);
                            return;
                        }
                        for (int i = 0; i < n; i++) {
                            if (in.get(i) != pattern(2, got + i)) {
                                error.compareAndSet(null, "client: wrong byte at " + (got + i));
                                return;
                            }
                        }
                        got += n;
                    }
                    writer.join();
                } catch (Exception e) {
                    error.compareAndSet(null, "client: " + e);
                }
            }, "client");
            server.start();
            clientSide.start();

            List<Long> nanos = new ArrayList<>();
            int lastSend = 0, lastRecv = 0, checkpoints = 0;
            while (server.isAlive() && checkpoints < 300) {
                long t0 = System.nanoTime();
                ConnectionState st;
                long readAt, writtenAt;
                synchronized (app) {
                    holding.add(client);
                    set.add(client); // the client's packets wait: the socket must not take any while it is read
                    SocketEngine.freeze(fd);
                    st = SocketEngine.dump(fd);
                    SocketEngine.unfreeze(fd);
                    set.remove(client);
                    queue.atomically(() -> {
                        holding.remove(client);
                        queue.releaseHeld(client);
                    });
                    readAt = serverRead[0];
                    writtenAt = serverWritten[0];
                }
                nanos.add(System.nanoTime() - t0);
                // What the dump holds matches what the application read and wrote.
                byte[] rq = st.recvQueue();
                for (int i = 0; i < rq.length; i++) {
                    assertEquals(pattern(1, readAt + i), rq[i], "receive queue byte " + i + " of checkpoint " + checkpoints);
                }
                byte[] sq = st.sendQueue();
                long firstUnacked = writtenAt - sq.length; // the send queue ends with the last byte written
                for (int i = 0; i < sq.length; i++) {
                    assertEquals(pattern(2, firstUnacked + i), sq[i], "send queue byte " + i + " of checkpoint " + checkpoints);
                }
                if (checkpoints > 0) {
                    assertTrue(st.sendSeq() - lastSend >= 0 && st.recvSeq() - lastRecv >= 0, "sequence numbers never go back");
                }
                lastSend = st.sendSeq();
                lastRecv = st.recvSeq();
                checkpoints++;
                Thread.sleep(3);
            }
            server.join(60_000);
            clientSide.join(60_000);
            assertNull(error.get());
            assertFalse(server.isAlive() || clientSide.isAlive(), "the streams did not finish");
            assertEquals(LEN, serverRead[0]);
            assertTrue(checkpoints >= 100, "checkpoints taken while streaming: " + checkpoints);
            assertEquals(rstsB, Testbed.tcpCounter(tb.b, "OutRsts"), "no reset from the server");
            assertEquals(resetsClient, Testbed.tcpCounter(tb.client, "EstabResets"), "no reset at the client");
            nanos.sort(null);
            System.out.printf("%d checkpoints of a live connection (hold, freeze, dump, unfreeze, release): median %.1f µs, "
                    + "p99 %.1f µs%n", nanos.size(), nanos.get(nanos.size() / 2) / 1e3, nanos.get(nanos.size() * 99 / 100) / 1e3);
        } finally {
            set.uninstall();
        }
    }
}
