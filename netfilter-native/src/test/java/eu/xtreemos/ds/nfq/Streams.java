package eu.xtreemos.ds.nfq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/** Deterministic byte streams over TCP channels, read with a deadline. */
final class Streams {
    private Streams() {
    }

    static byte pattern(int id, long i) {
        long x = (i + id * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return (byte) (x >>> 56);
    }

    static byte[] bytes(int id, long from, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = pattern(id, from + i);
        }
        return b;
    }

    /** Writes all of it (the channel must be blocking). */
    static void write(SocketChannel ch, int id, long from, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes(id, from, len));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads exactly len bytes within the timeout and checks them against the pattern. */
    static void read(SocketChannel ch, int id, long from, int len, Duration timeout) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        boolean wasBlocking = ch.isBlocking();
        ch.configureBlocking(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector s = Selector.open()) {
            ch.register(s, SelectionKey.OP_READ);
            while (b.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    fail("read " + b.position() + " of " + len + " bytes of stream " + id + " in " + timeout);
                }
                s.select(left);
                s.selectedKeys().clear();
                if (ch.read(b) < 0) {
                    fail("EOF after " + b.position() + " of " + len + " bytes of stream " + id);
                }
            }
            ch.keyFor(s).cancel();
            s.selectNow();
        } finally {
            ch.configureBlocking(wasBlocking);
        }
        for (int i = 0; i < len; i++) {
            if (b.get(i) != pattern(id, from + i)) {
                fail("stream " + id + " differs at byte " + (from + i));
            }
        }
    }

    /** Fails if anything can be read now (the channel is left as it was). */
    static void assertNothingReadable(SocketChannel ch) throws IOException {
        boolean wasBlocking = ch.isBlocking();
        ch.configureBlocking(false);
        try {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            int n = ch.read(b);
            if (n != 0) {
                fail(n < 0 ? "unexpected EOF" : "unexpected " + n + " bytes");
            }
        } finally {
            ch.configureBlocking(wasBlocking);
        }
    }

    /** A blocking client channel bound to {@code from}, connected to {@code to}, with TCP_NODELAY. */
    static SocketChannel connect(InetAddress from, InetSocketAddress to) throws IOException {
        SocketChannel c = SocketChannel.open(from instanceof java.net.Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.bind(new InetSocketAddress(from, 0));
        c.connect(to);
        return c;
    }
}
