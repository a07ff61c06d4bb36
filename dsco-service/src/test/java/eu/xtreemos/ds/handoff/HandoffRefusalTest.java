package eu.xtreemos.ds.handoff;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A state record damaged on its way to the receiver is refused with a reason, and the donor's
 * connection is not lost: it is re-activated where it was and carries data both ways again.
 * Real sockets in a scratch namespace; a small relay between donor and receiver does the damage.
 */
class HandoffRefusalTest {
    static ScratchNamespace scratch;
    static HandoffReceiver receiver;
    static final AtomicInteger redirects = new AtomicInteger();

    /** Blocks with ip6tables on loopback, as the testbed's filter does on a node. */
    static final ClientFilter FILTER = new ClientFilter() {
        @Override
        public void block(InetAddress client) throws IOException {
            rule("-I");
        }

        @Override
        public void unblock(InetAddress client) throws IOException {
            rule("-D");
        }

        void rule(String op) throws IOException {
            try {
                assertEquals(0, scratch.exec("ip6tables", "-w", op, "INPUT", "-p", "tcp", "--dport", "7000", "-j", "DROP"));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        scratch = new ScratchNamespace("dsho");
        receiver = new HandoffReceiver("receiver", FILTER, (c, n) -> redirects.incrementAndGet(),
                (c, ch, s) -> fail("nothing may be adopted"), Duration.ofSeconds(2));
        scratch.ns.call(() -> {
            receiver.bind(new InetSocketAddress(InetAddress.getByName("::1"), 7100));
            return null;
        });
        scratch.ns.start("receiver", receiver);
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    /** A relay to the receiver that changes the stream: flips one byte at {@code flipAt}, or cuts it at {@code cutAt}. */
    static InetSocketAddress relay(long flipAt, long cutAt) throws Exception {
        ServerSocket s = scratch.ns.call(() -> new ServerSocket(0, 1, InetAddress.getByName("::1")));
        scratch.ns.start("relay", () -> {
            try (s; Socket in = s.accept(); Socket out = new Socket(InetAddress.getByName("::1"), 7100)) {
                Thread back = new Thread(() -> pump(out, in, Long.MAX_VALUE, -1));
                back.start();
                pump(in, out, cutAt, flipAt);
                if (cutAt != Long.MAX_VALUE) {
                    out.shutdownOutput();
                }
                back.join();
            } catch (Exception e) {
                // the test's assertions tell what went wrong
            }
        });
        return new InetSocketAddress(InetAddress.getByName("::1"), s.getLocalPort());
    }

    static void pump(Socket from, Socket to, long cutAt, long flipAt) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            long pos = 0;
            int b;
            while (pos < cutAt && (b = in.read()) >= 0) {
                out.write(pos == flipAt ? b ^ 0x40 : b);
                pos++;
            }
            out.flush();
        } catch (IOException e) {
            // peer closed
        }
    }

    record Pair(SocketChannel client, SocketChannel server) {
    }

    static Pair connect() throws Exception {
        return scratch.ns.call(() -> {
            try (ServerSocketChannel l = ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress(InetAddress.getByName("::1"), 7000));
                SocketChannel c = SocketChannel.open(l.getLocalAddress());
                return new Pair(c, l.accept());
            }
        });
    }

    static void assertAlive(Pair p) throws IOException {
        for (SocketChannel[] dir : new SocketChannel[][] {{p.client, p.server}, {p.server, p.client}}) {
            ByteBuffer out = ByteBuffer.wrap("still here".getBytes());
            dir[0].write(out);
            ByteBuffer in = ByteBuffer.allocate(10);
            while (in.hasRemaining()) {
                assertTrue(dir[1].read(in) >= 0, "connection closed");
            }
            assertEquals("still here", new String(in.array()));
        }
    }

    void donateAndExpectRefusal(InetSocketAddress to, String reason) throws Exception {
        Pair p = connect();
        assertAlive(p);
        HandoffDonor donor = new HandoffDonor(FILTER, Duration.ofMillis(100), Duration.ofSeconds(2));
        InetAddress client = InetAddress.getByName("::1");
        HandoffException e = assertThrows(HandoffException.class, () -> scratch.ns.call(
                () -> donor.donate(client, List.of(p.server), "app".getBytes(), to)));
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
        assertAlive(p); // re-activated in place, filter lifted
        assertEquals(0, redirects.get(), "a refused handoff must not redirect the client");
        p.client.close();
        p.server.close();
    }

    @Test
    void corruptedStateIsRefusedAndTheDonorKeepsTheClient() throws Exception {
        // offer header: magic 4 + version 2 + family 1 + address 16 + app length 4 + "app" 3 + count 2 + length 4 = 36;
        // byte 36 + 20 is inside the state record's header.
        donateAndExpectRefusal(relay(56, Long.MAX_VALUE), "CRC-32 mismatch");
    }

    @Test
    void truncatedOfferLeavesTheDonorServing() throws Exception {
        donateAndExpectRefusal(relay(-1, 100), "failed");
    }

    @Test
    void unreachableReceiverLeavesTheDonorServing() throws Exception {
        donateAndExpectRefusal(new InetSocketAddress(InetAddress.getByName("::1"), 1), "failed");
    }
}
