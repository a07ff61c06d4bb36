package eu.xtreemos.ds.nfq;

import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.SocketEngine;
import eu.xtreemos.ds.testing.Background;
import eu.xtreemos.ds.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static eu.xtreemos.ds.nfq.Packets.ip;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The packet filter on three namespaces (see {@link Testbed}): a client, node B that holds the client's
 * packets, node C where taken packets are injected into a connection restored from B.
 */
class PacketQueueTest {
    static final int QUEUE = 5;
    static final Duration WAIT = Duration.ofSeconds(10);
    static Testbed tb;

    InflightSet set;
    PacketQueue queue;
    final List<AutoCloseable> closing = new ArrayList<>();
    /** The clients whose packets the handler holds; anything else it accepts. */
    final Set<InetAddress> holding = ConcurrentHashMap.newKeySet();
    /** Every source address the handler saw. */
    final Set<InetAddress> seen = ConcurrentHashMap.newKeySet();
    /** Size of the largest packet the handler saw, and how many had a wrong TCP checksum. */
    final java.util.concurrent.atomic.AtomicInteger largest = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger badChecksums = new java.util.concurrent.atomic.AtomicInteger();
    final PacketHandler policy = p -> {
        seen.add(p.client());
        largest.accumulateAndGet(p.data().length, Math::max);
        if (!Packets.tcpChecksumOk(p.data())) {
            badChecksums.incrementAndGet();
        }
        return holding.contains(p.client()) ? PacketHandler.Decision.HOLD : PacketHandler.Decision.ACCEPT;
    };

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

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (queue != null) {
            queue.close();
        }
        if (set != null) {
            set.uninstall();
        }
        tb.switchTo(false);
    }

    static String[] family(String fam) {
        return fam.equals("ipv6")
                ? new String[] {Testbed.SVC6, Testbed.CLIENT6, Testbed.OTHER6}
                : new String[] {Testbed.SVC4, Testbed.CLIENT4, Testbed.OTHER4};
    }

    void start(PacketQueue.Limits limits) throws Exception {
        set = new InflightSet(tb.b.ns, "dsq", QUEUE, List.of(ip(Testbed.SVC6), ip(Testbed.SVC4)));
        set.install();
        queue = PacketQueue.open(tb.b.ns, QUEUE, policy, limits);
    }

    <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    ServerSocketChannel listenOnB(String svc) throws Exception {
        return closeLater(tb.b.ns.call(() -> {
            ServerSocketChannel l = ServerSocketChannel.open();
            l.bind(new InetSocketAddress(ip(svc), 0));
            return l;
        }));
    }

    SocketChannel connect(String from, ServerSocketChannel l) throws Exception {
        InetSocketAddress to = (InetSocketAddress) l.getLocalAddress();
        return closeLater(tb.client.ns.call(() -> Streams.connect(ip(from), to)));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    /** Releases a client's held packets and stops holding new ones, in one step. */
    int release(InetAddress client) throws IOException {
        set.remove(client);
        int[] n = {0};
        queue.atomically(() -> {
            holding.remove(client);
            n[0] = queue.releaseHeld(client);
        });
        return n[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv6", "ipv4"})
    void heldDataIsReleasedInOrderWithoutResetAndOthersAreUntouched(String fam) throws Exception {
        String[] a = family(fam);
        InetAddress client = ip(a[1]), other = ip(a[2]);
        start(PacketQueue.Limits.DEFAULT);
        ServerSocketChannel l = listenOnB(a[0]);
        SocketChannel c1 = connect(a[1], l);
        SocketChannel s1 = closeLater(l.accept());
        SocketChannel c2 = connect(a[2], l);
        SocketChannel s2 = closeLater(l.accept());
        long rstsB = Testbed.tcpCounter(tb.b, "OutRsts");
        long resetsClient = Testbed.tcpCounter(tb.client, "EstabResets");

        holding.add(client);
        set.add(client);
        int len = 200_000;
        Background writer = closeLater(new Background("writer"));
        writer.start("the held client's writer", () -> Streams.write(c1, 1, 0, len)); // blocks while its packets are held
        // The other client is not in flight: its bytes flow, and none of its packets reach the queue.
        Streams.write(c2, 2, 0, 50_000);
        Streams.read(s2, 2, 0, 50_000, WAIT);
        await("packets are held", () -> queue.heldCount(client) >= 5);
        Thread.sleep(600); // long enough for the client to retransmit at least once
        Streams.assertNothingReadable(s1);
        assertEquals(rstsB, Testbed.tcpCounter(tb.b, "OutRsts"), "node B sent a reset");
        assertEquals(Set.of(client), seen, "only the client in flight reaches the queue");
        // The client wrote in large chunks (GSO super-packets on the veth), yet every queued packet is a
        // wire-size segment with a complete checksum: the kernel segments and checksums them for us
        // because the queue does not ask for NFQA_CFG_F_GSO.
        assertTrue(largest.get() <= 1500, "largest queued packet " + largest.get());
        assertEquals(0, badChecksums.get(), "queued packets with a partial checksum");
        assertEquals(Set.of(client), queue.heldClients());
        assertTrue(set.contains(client) && !set.contains(other));

        PacketQueue.Counters before = queue.counters();
        assertEquals(before.queued(), before.held() + before.accepted(), before.toString());
        assertEquals(0, before.accepted());
        assertTrue(before.kernelWaiting() > 0, "the kernel keeps held packets: " + before);
        int released = release(client);
        assertEquals(before.heldNow(), released);
        Streams.read(s1, 1, 0, len, WAIT);
        writer.await(WAIT); // the writer's failure is this test's

        // The connection is healthy both ways, and nobody saw a reset.
        Streams.write(s1, 3, 0, 10_000);
        Streams.read(c1, 3, 0, 10_000, WAIT);
        Streams.write(c1, 1, len, 10_000);
        Streams.read(s1, 1, len, 10_000, WAIT);
        assertEquals(rstsB, Testbed.tcpCounter(tb.b, "OutRsts"));
        assertEquals(resetsClient, Testbed.tcpCounter(tb.client, "EstabResets"));
        PacketQueue.Counters after = queue.counters();
        assertEquals(0, after.heldNow());
        assertEquals(released, after.released());
        assertEquals(0, after.overflow());
        assertEquals(0, after.dropped());
        assertEquals(Set.of(client), seen);
        assertEquals(0, after.kernelWaiting(), after.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipv6", "ipv4"})
    void takenPacketsAreDroppedHereAndDeliveredWhereTheConnectionWasRestored(String fam) throws Exception {
        String[] a = family(fam);
        InetAddress client = ip(a[1]), svc = ip(a[0]);
        start(PacketQueue.Limits.DEFAULT);
        ServerSocketChannel l = listenOnB(a[0]);
        SocketChannel c = connect(a[1], l);
        SocketChannel sB = closeLater(l.accept());
        Streams.write(c, 1, 0, 1000);
        Streams.read(sB, 1, 0, 1000, WAIT);
        Streams.write(sB, 2, 0, 1000);
        Streams.read(c, 2, 0, 1000, WAIT);
        long rstsB = Testbed.tcpCounter(tb.b, "OutRsts");

        // The handoff starts: B holds the client's packets; the client writes five segments.
        holding.add(client);
        set.add(client);
        for (int i = 0; i < 5; i++) {
            Streams.write(c, 1, 1000 + i * 1000L, 1000); // TCP_NODELAY: one segment each
        }
        await("five segments are held", () -> queue.heldCount(client) >= 5);

        int fd = ChannelSocket.fdOf(sB);
        SocketEngine.freeze(fd);
        ConnectionState state = SocketEngine.dump(fd);
        assertEquals(0, state.recvQueue().length, "nothing of the held data reached B's socket");
        sB.close(); // in repair mode: silent

        List<byte[]> taken = queue.takeHeld(client);
        assertTrue(taken.size() >= 5, "taken " + taken.size());
        long firstSeq = IpPacket.parse(taken.get(0)).seq();
        long expectSeq = -1;
        for (int i = 0; i < 5; i++) {
            IpPacket p = IpPacket.parse(taken.get(i));
            assertTrue(p.isTcp(), p.toString());
            assertEquals(client, p.src());
            assertEquals(svc, p.dst());
            assertEquals(1000, p.tcpDataLength(), p.toString());
            if (expectSeq >= 0) {
                assertEquals(expectSeq, p.seq(), "in order");
            }
            expectSeq = (p.seq() + 1000) & 0xffffffffL;
        }
        // The take emptied the client's queue; the client, unacknowledged, may retransmit meanwhile, so
        // whatever is held now must be a retransmission of the five taken segments and nothing new.
        List<byte[]> late = queue.takeHeld(client);
        for (byte[] b : late) {
            IpPacket p = IpPacket.parse(b);
            long offset = (p.seq() - firstSeq) & 0xffffffffL;
            assertTrue(p.isTcp() && offset + p.tcpDataLength() <= 5000, "held after the take, not a retransmission: " + p);
        }
        PacketQueue.Counters k = queue.counters();
        assertEquals(taken.size() + late.size(), k.taken());
        assertEquals(taken.size() + late.size(), k.dropped());

        // Node C: restore the connection, then inject what B took.
        byte[] wire = ConnectionStateCodec.encode(state);
        RestoredConnection r = tb.c.ns.call(() ->
                SocketEngine.restore(ConnectionStateCodec.decode(wire), ChannelSocket.open(state.ipv4())));
        r.activate();
        SocketChannel sC = closeLater(((ChannelSocket) r.socket()).channel());
        try (PacketInjector inj = PacketInjector.open(tb.c.ns)) {
            inj.injectAll(taken);
        }
        Streams.read(sC, 1, 1000, 5000, WAIT);

        // The route switches to C; B drops what still arrives; the connection lives on at C, both ways.
        tb.switchTo(true);
        Streams.write(c, 1, 6000, 20_000);
        Streams.read(sC, 1, 6000, 20_000, WAIT);
        Streams.write(sC, 2, 1000, 20_000);
        Streams.read(c, 2, 1000, 20_000, WAIT);
        set.remove(client);
        queue.dropHeld(client);
        assertEquals(rstsB, Testbed.tcpCounter(tb.b, "OutRsts"), "node B sent a reset");
        assertEquals(0, Testbed.tcpCounter(tb.c, "OutRsts"), "node C sent a reset");
    }

    @Test
    void beyondTheBoundsPacketsAreDroppedAndCountedThenRetransmitted() throws Exception {
        InetAddress c1a = ip(Testbed.CLIENT6), c2a = ip(Testbed.OTHER6);
        start(PacketQueue.Limits.of(3, 5));
        ServerSocketChannel l = listenOnB(Testbed.SVC6);
        SocketChannel c1 = connect(Testbed.CLIENT6, l);
        SocketChannel s1 = closeLater(l.accept());
        SocketChannel c2 = connect(Testbed.OTHER6, l);
        SocketChannel s2 = closeLater(l.accept());
        long rstsB = Testbed.tcpCounter(tb.b, "OutRsts");

        holding.addAll(List.of(c1a, c2a));
        set.add(c1a);
        set.add(c2a);
        for (int i = 0; i < 10; i++) {
            Streams.write(c1, 1, i * 100L, 100);
        }
        await("the first client overflows", () -> queue.counters().overflow() >= 7);
        assertEquals(3, queue.heldCount(c1a));
        for (int i = 0; i < 5; i++) {
            Streams.write(c2, 2, i * 100L, 100);
        }
        await("the total overflows", () -> queue.counters().overflow() >= 10);
        assertEquals(2, queue.heldCount(c2a));
        assertEquals(5, queue.heldCount());
        PacketQueue.Counters k = queue.counters();
        assertEquals(k.overflow(), k.dropped(), k.toString());
        assertEquals(5, k.held());

        release(c1a);
        release(c2a);
        Streams.read(s1, 1, 0, 1000, WAIT); // the dropped segments come again, retransmitted
        Streams.read(s2, 2, 0, 500, WAIT);
        assertEquals(rstsB, Testbed.tcpCounter(tb.b, "OutRsts"));
    }

    @Test
    void withoutAReaderInFlightPacketsAreDroppedNotAnsweredWithReset() throws Exception {
        set = new InflightSet(tb.b.ns, "dsq", QUEUE, List.of(ip(Testbed.SVC6)));
        set.install();
        InetAddress client = ip(Testbed.CLIENT6);
        ServerSocketChannel l = listenOnB(Testbed.SVC6);
        SocketChannel c = connect(Testbed.CLIENT6, l);
        SocketChannel s = closeLater(l.accept());
        long rstsB = Testbed.tcpCounter(tb.b, "OutRsts");
        set.add(client); // no PacketQueue reads queue 5
        Streams.write(c, 1, 0, 5000);
        Thread.sleep(500);
        Streams.assertNothingReadable(s);
        set.remove(client);
        Streams.read(s, 1, 0, 5000, WAIT); // retransmitted once the client is out of flight
        assertEquals(rstsB, Testbed.tcpCounter(tb.b, "OutRsts"));
    }

    @Test
    void aQueueBoundTwiceIsRefusedAndCloseIsIdempotent() throws Exception {
        queue = PacketQueue.open(tb.b.ns, QUEUE, PacketHandler.HOLD_ALL, PacketQueue.Limits.DEFAULT);
        IOException e = assertThrows(IOException.class,
                () -> PacketQueue.open(tb.b.ns, QUEUE, PacketHandler.HOLD_ALL, PacketQueue.Limits.DEFAULT));
        assertTrue(e.getMessage().contains("bound by another socket"), e.getMessage());
        queue.close();
        queue.close();
        assertEquals(List.of(), queue.takeHeld(ip(Testbed.CLIENT6)));
        queue = PacketQueue.open(tb.b.ns, QUEUE, PacketHandler.HOLD_ALL, PacketQueue.Limits.DEFAULT); // free again
    }
    @Test
    void releasesFromSeveralThreadsWhilePacketsArriveKeepEveryStreamInOrder() throws Exception {
        start(PacketQueue.Limits.DEFAULT);
        ServerSocketChannel l = listenOnB(Testbed.SVC6);
        String[] from = {Testbed.CLIENT6, Testbed.OTHER6};
        int rounds = 20, chunk = 3000;
        SocketChannel[] c = new SocketChannel[2], s = new SocketChannel[2];
        for (int i = 0; i < 2; i++) {
            c[i] = connect(from[i], l);
            s[i] = closeLater(l.accept());
        }
        try (Background streams = new Background("streams")) {
            for (int i = 0; i < 2; i++) {
                int k = i;
                InetAddress client = ip(from[i]);
                streams.start("client " + k + ": hold, write, release", () -> { // the reader reads meanwhile
                    for (int r = 0; r < rounds; r++) {
                        holding.add(client);
                        set.add(client);
                        Streams.write(c[k], 10 + k, (long) r * chunk, chunk);
                        Thread.sleep(3);
                        release(client);
                    }
                });
                streams.start("reader " + k, () -> Streams.read(s[k], 10 + k, 0, rounds * chunk, WAIT));
            }
            streams.await(WAIT.multipliedBy(2)); // a failure in any of them, or one still running, fails the test
        }
        PacketQueue.Counters k = queue.counters();
        assertTrue(k.released() > 0, k.toString());
        assertEquals(0, k.heldNow(), k.toString());
        assertEquals(0, k.dropped(), k.toString());
    }

    @Test
    void aFailingHandlerLetsPacketsThroughAndIsCounted() throws Exception {
        set = new InflightSet(tb.b.ns, "dsq", QUEUE, List.of(ip(Testbed.SVC6)));
        set.install();
        queue = PacketQueue.open(tb.b.ns, QUEUE, p -> {
            throw new IllegalStateException("handler bug");
        }, PacketQueue.Limits.DEFAULT);
        ServerSocketChannel l = listenOnB(Testbed.SVC6);
        SocketChannel c = connect(Testbed.CLIENT6, l);
        SocketChannel s = closeLater(l.accept());
        set.add(ip(Testbed.CLIENT6));
        Streams.write(c, 1, 0, 5000);
        Streams.read(s, 1, 0, 5000, WAIT);
        PacketQueue.Counters k = queue.counters();
        assertTrue(k.handlerErrors() > 0 && k.handlerErrors() == k.accepted() && k.queued() == k.accepted(), k.toString());
    }

    @Test
    void closingDropsWhatIsHeldAndTheClientRecoversByRetransmission() throws Exception {
        start(PacketQueue.Limits.DEFAULT);
        InetAddress client = ip(Testbed.CLIENT6);
        ServerSocketChannel l = listenOnB(Testbed.SVC6);
        SocketChannel c = connect(Testbed.CLIENT6, l);
        SocketChannel s = closeLater(l.accept());
        holding.add(client);
        set.add(client);
        Streams.write(c, 1, 0, 5000);
        await("packets are held", () -> queue.heldCount(client) >= 1);
        queue.close();
        assertEquals(0, queue.heldCount());
        set.remove(client);
        Streams.read(s, 1, 0, 5000, WAIT);
    }
    /**
     * A connection restored on the node that held its packets (freeze, dump, close, restore in place):
     * the held packets were early-demultiplexed to the old socket before they reached INPUT, and a released
     * (reinjected) packet still belongs to it — the closed socket discards it silently and the data waits
     * for the client's retransmission timeout (≈ 200 ms measured). Taking them and injecting them again goes
     * through a new lookup and reaches the new socket at once. (Unfreezing the same socket and releasing
     * is immediate too.)
     */
    @Test
    void afterARestoreInPlaceHeldPacketsAreTakenAndInjectedRatherThanReleased() throws Exception {
        start(PacketQueue.Limits.DEFAULT);
        InetAddress client = ip(Testbed.CLIENT6);
        ServerSocketChannel l = listenOnB(Testbed.SVC6);
        SocketChannel c = connect(Testbed.CLIENT6, l);
        SocketChannel s = l.accept();
        Streams.write(c, 1, 0, 100);
        Streams.read(s, 1, 0, 100, WAIT);
        holding.add(client);
        set.add(client);
        Streams.write(c, 1, 100, 1000);
        await("the segment is held", () -> queue.heldCount(client) == 1);
        int fd = ChannelSocket.fdOf(s);
        SocketEngine.freeze(fd);
        ConnectionState st = SocketEngine.dump(fd);
        s.close();
        RestoredConnection r = tb.b.ns.call(() -> SocketEngine.restore(st, ChannelSocket.open(false)));
        r.activate();
        SocketChannel restored = closeLater(((ChannelSocket) r.socket()).channel());
        set.remove(client);
        try (PacketInjector inj = PacketInjector.open(tb.b.ns)) {
            long t0 = System.nanoTime();
            inj.injectAll(queue.takeHeld(client));
            Streams.read(restored, 1, 100, 1000, WAIT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 100, "delivered after " + ms + " ms: that is a retransmission, not the injected packet");
        }
    }
}
