package eu.xtreemos.ds.tcp;

import eu.xtreemos.ds.testing.Background;
import eu.xtreemos.ds.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Moves a live loopback connection out of its socket and into a new one, in a scratch namespace,
 * with data queued both ways, and checks that every byte arrives exactly once and in order.
 */
class SocketEngineTest {
    static ScratchNamespace scratch;

    @BeforeAll
    static void namespace() throws Exception {
        scratch = new ScratchNamespace("dsnf");
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    /** How long a read or write of a test stream may take: a byte lost on the way fails the test, it does not hang it. */
    static final Duration WAIT = Duration.ofSeconds(20);

    static void writePattern(SocketChannel ch, int id, long from, int len) throws IOException {
        Streams.write(ch, id, from, len, WAIT);
    }

    /** Reads exactly len bytes within {@link #WAIT} and checks them against the pattern. */
    static void readPattern(SocketChannel ch, int id, long from, int len) throws IOException {
        Streams.read(ch, id, from, len, WAIT);
    }

    record Pair(SocketChannel client, SocketChannel server, int port) {
    }

    static Pair connect(String host) throws Exception {
        return scratch.ns.call(() -> {
            InetAddress a = InetAddress.getByName(host);
            try (ServerSocketChannel l = ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress(a, 0));
                SocketChannel c = SocketChannel.open(l.getLocalAddress());
                SocketChannel s = l.accept();
                return new Pair(c, s, ((InetSocketAddress) l.getLocalAddress()).getPort());
            }
        });
    }

    static String firewall(String host) {
        return host.contains(":") ? "ip6tables" : "iptables";
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "127.0.0.1"})
    void movesConnectionWithQueuedDataBothWays(String host) throws Exception {
        Pair p = connect(host);
        int toServer = 300_000, toClient = 3_000_000;
        writePattern(p.client, 1, 0, toServer);
        readPattern(p.server, 1, 0, 100_000); // the rest waits in the receive queue and the client send queue
        // The client reads nothing yet: the server's send queue fills, part of it never sent.
        p.server.configureBlocking(false);
        long written = 0;
        ByteBuffer chunk = ByteBuffer.allocate(65536);
        for (int round = 0; round < 200 && written < toClient; round++) {
            chunk.clear();
            for (int i = 0; i < chunk.capacity(); i++) {
                chunk.put(Streams.pattern(2, written + i));
            }
            chunk.flip();
            int n = p.server.write(chunk);
            written += n;
            if (n == 0) {
                Thread.sleep(5);
            }
        }
        p.server.configureBlocking(true);

        String fw = firewall(host);
        String[] block = {fw, "-I", "INPUT", "-p", "tcp", "--dport", String.valueOf(p.port), "-j", "DROP"};
        assertEquals(0, scratch.exec(block));
        int fd = ChannelSocket.fdOf(p.server);
        SocketEngine.freeze(fd);
        ConnectionState dumped = SocketEngine.dump(fd);
        assertTrue(dumped.recvQueue().length > 50_000, "receive queue should hold unread data: " + dumped.describe());
        assertTrue(dumped.sendQueue().length > 0, "send queue should hold data");
        assertTrue(dumped.sendUnsent() > 0, "part of the send queue should be unsent: " + dumped.describe());
        byte[] wire = ConnectionStateCodec.encode(dumped);
        p.server.close(); // silent: in repair mode

        RestoredConnection r = scratch.ns.call(() ->
                SocketEngine.restore(ConnectionStateCodec.decode(wire), ChannelSocket.open(dumped.ipv4())));
        block[1] = "-D";
        assertEquals(0, scratch.exec(block));
        r.activate();
        SocketChannel server = ((ChannelSocket) r.socket()).channel();

        final long total = written;
        // The client is read in one thread and written in another: non-blocking throughout, so that neither
        // switches its mode under the other (Streams restores the mode it found).
        p.client.configureBlocking(false);
        try (Background client = new Background("client")) {
            client.start("the client's reader", () -> {
                readPattern(p.client, 2, 0, (int) total);
                readPattern(p.client, 2, total, 50_000);
            });
            readPattern(server, 1, 100_000, 200_000);        // the restored receive queue
            writePattern(p.client, 1, toServer, 10_000);      // and new data both ways
            readPattern(server, 1, toServer, 10_000);
            writePattern(server, 2, total, 50_000);
            client.await(WAIT); // every byte, in order: the reader's failure is this test's
        }
        p.client.close();
        server.close();
    }

    /**
     * Bytes sent and lost on the way: restored as sent, the new socket resends them only on its retransmission
     * timer; restored with {@link ConnectionState#resendingUnacknowledged}, it sends them at once.
     */
    @Test
    void bytesThePeerLacksAreSentAtOnceWhenRestoredAsUnsent() throws Exception {
        Pair plain = connect("::1");
        Pair resent = connect("::1");
        int len = 20_000;
        String[][] blocks = new String[2][];
        RestoredConnection[] restored = new RestoredConnection[2];
        Pair[] pairs = {plain, resent};
        for (int k = 0; k < 2; k++) {
            int serverPort = ((InetSocketAddress) pairs[k].server.getLocalAddress()).getPort();
            blocks[k] = new String[] {"ip6tables", "-I", "INPUT", "-p", "tcp", "--sport", String.valueOf(serverPort), "-j", "DROP"};
            assertEquals(0, scratch.exec(blocks[k]));
        }
        try {
            for (int k = 0; k < 2; k++) {
                writePattern(pairs[k].server, 6 + k, 0, len); // sent, and lost: the client never sees them
            }
            Thread.sleep(50);
            for (int k = 0; k < 2; k++) {
                int fd = ChannelSocket.fdOf(pairs[k].server);
                SocketEngine.freeze(fd);
                ConnectionState dumped = SocketEngine.dump(fd);
                assertEquals(len, dumped.sendSent(), "all bytes went out unacknowledged: " + dumped.describe());
                ConnectionState state = k == 0 ? dumped : dumped.resendingUnacknowledged();
                assertEquals(k == 0 ? len : 0, state.sendSent());
                pairs[k].server.close();
                restored[k] = scratch.ns.call(() -> SocketEngine.restore(state, ChannelSocket.open(false)));
            }
        } finally {
            for (String[] b : blocks) {
                b[1] = "-D";
                scratch.exec(b);
            }
        }
        for (RestoredConnection r : restored) {
            r.activate();
        }
        readPattern(resent.client, 7, 0, len);
        assertEquals(0, SocketEngine.totalRetransmits(restored[1].socket().fd()),
                "restored as unsent, the bytes went out as new data, not as a retransmission");
        readPattern(plain.client, 6, 0, len); // on the restored socket's retransmission timer (≈ 0.2 s here: see docs/connection-state.md)
        assertTrue(SocketEngine.totalRetransmits(restored[0].socket().fd()) > 0,
                "restored as sent, only a retransmission could bring the bytes");
        for (int k = 0; k < 2; k++) {
            pairs[k].client.close();
            ((ChannelSocket) restored[k].socket()).channel().close();
        }
    }

    @Test
    void unfreezeRevivesTheConnectionWhereItWas() throws Exception {
        Pair p = connect("::1");
        writePattern(p.server, 3, 0, 1000);
        readPattern(p.client, 3, 0, 1000);
        int fd = ChannelSocket.fdOf(p.server);
        SocketEngine.freeze(fd);
        byte[] wire = ConnectionStateCodec.encode(SocketEngine.dump(fd));
        byte[] corrupted = Arrays.copyOf(wire, wire.length - 1);
        assertThrows(InvalidStateException.class, () -> ConnectionStateCodec.decode(corrupted));
        SocketEngine.unfreeze(fd); // the handoff failed: keep serving here
        writePattern(p.server, 3, 1000, 1000);
        readPattern(p.client, 3, 1000, 1000);
        writePattern(p.client, 4, 0, 1000);
        readPattern(p.server, 4, 0, 1000);
        p.client.close();
        p.server.close();
    }

    @Test
    void flushWaitsForAcknowledgementAndTimesOut() throws Exception {
        Pair p = connect("::1");
        writePattern(p.server, 5, 0, 100_000);
        try (Background client = new Background("client")) {
            client.start("the client's reader", () -> readPattern(p.client, 5, 0, 100_000));
            assertTrue(SocketEngine.flush(ChannelSocket.fdOf(p.server), Duration.ofSeconds(5)));
            assertEquals(0, SocketEngine.sendQueueBytes(ChannelSocket.fdOf(p.server)));
            client.await(WAIT); // the client got the bytes flush saw acknowledged, each right
        }
        // Nobody reads now: the queue cannot drain, flush gives up after its timeout.
        p.server.configureBlocking(false);
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        while (p.server.write(b.clear()) > 0) {
            // fill until the window and the buffer are full
        }
        long t0 = System.nanoTime();
        assertFalse(SocketEngine.flush(ChannelSocket.fdOf(p.server), Duration.ofMillis(200)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 190 && ms < 2000, "flush returned after " + ms + " ms");
        p.client.close();
        p.server.close();
    }

    /**
     * awaitSent returns once everything written is on the wire, acknowledged or not (the client's ACKs are dropped
     * here), where flush waits for the acknowledgement in vain; with the client's window full it gives up after its
     * timeout.
     */
    @Test
    void awaitSentDoesNotWaitForTheAcknowledgement() throws Exception {
        Pair p = connect("::1");
        int fd = ChannelSocket.fdOf(p.server);
        String[] block = {"ip6tables", "-I", "INPUT", "-p", "tcp", "--dport", String.valueOf(p.port()), "-j", "DROP"};
        assertEquals(0, scratch.exec(block));
        try {
            writePattern(p.server, 8, 0, 4000); // within the initial window: sent at once, never acknowledged
            assertTrue(SocketEngine.awaitSent(fd, Duration.ofSeconds(5)), "the bytes were not sent");
            assertEquals(4000, SocketEngine.sendQueueBytes(fd), "the bytes were acknowledged after all");
            assertFalse(SocketEngine.flush(fd, Duration.ofMillis(100)), "flush saw an acknowledgement that was dropped");
        } finally {
            block[1] = "-D";
            assertEquals(0, scratch.exec(block));
        }
        readPattern(p.client, 8, 0, 4000); // the server's retransmission, once the ACKs pass again
        assertTrue(SocketEngine.flush(fd, Duration.ofSeconds(10)));

        // The client reads nothing: its window fills and bytes stay unsent; awaitSent gives up after its timeout.
        p.server.configureBlocking(false);
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        while (p.server.write(b.clear()) > 0) {
            // fill until the window and the buffer are full
        }
        long t0 = System.nanoTime();
        assertFalse(SocketEngine.awaitSent(fd, Duration.ofMillis(200)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 190 && ms < 2000, "awaitSent returned after " + ms + " ms");
        p.client.close();
        p.server.close();
    }

    @Test
    void dumpRefusesASocketThatIsNotEstablished() throws Exception {
        scratch.ns.run(() -> {
            try (SocketChannel ch = SocketChannel.open()) {
                int fd = ChannelSocket.fdOf(ch);
                SocketEngine.freeze(fd);
                SocketRepairException e = assertThrows(SocketRepairException.class, () -> SocketEngine.dump(fd));
                assertTrue(e.getMessage().contains("ESTABLISHED"), e.getMessage());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }
}
