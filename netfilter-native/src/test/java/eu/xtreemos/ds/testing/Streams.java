package eu.xtreemos.ds.testing;

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

/**
 * Deterministic byte streams over TCP channels, read and written with a deadline: a byte lost by the code under
 * test must fail the test within seconds, not leave it blocked in a read that never returns.
 */
public final class Streams {
    /** The deadline of {@link #write(SocketChannel, int, long, int)}: generous, for a loaded machine. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private Streams() {
    }

    public static byte pattern(int id, long i) {
        long x = (i + id * 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return (byte) (x >>> 56);
    }

    public static byte[] bytes(int id, long from, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = pattern(id, from + i);
        }
        return b;
    }

    /** Writes all of it within {@link #WRITE_TIMEOUT}. */
    public static void write(SocketChannel ch, int id, long from, int len) throws IOException {
        write(ch, id, from, len, WRITE_TIMEOUT);
    }

    /** Writes all of it within the timeout (the peer must read meanwhile, or the send buffer hold it). */
    public static void write(SocketChannel ch, int id, long from, int len, Duration timeout) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes(id, from, len));
        boolean wasBlocking = ch.isBlocking();
        ch.configureBlocking(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector s = Selector.open()) {
            ch.register(s, SelectionKey.OP_WRITE);
            while (b.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    fail("wrote " + b.position() + " of " + len + " bytes of stream " + id + " in " + timeout);
                }
                if (ch.write(b) == 0) {
                    s.select(left);
                    s.selectedKeys().clear();
                }
            }
            ch.keyFor(s).cancel();
            s.selectNow();
        } finally {
            ch.configureBlocking(wasBlocking);
        }
    }

    /** Reads exactly len bytes within the timeout and checks them against the pattern. */
    public static void read(SocketChannel ch, int id, long from, int len, Duration timeout) throws IOException {
        byte[] b = readExactly(ch, len, timeout, "stream " + id);
        for (int i = 0; i < len; i++) {
            if (b[i] != pattern(id, from + i)) {
                fail("stream " + id + " differs at byte " + (from + i));
            }
        }
    }

    /** Exactly len bytes, read within the timeout; fails naming {@code what} at the deadline or at EOF. */
    public static byte[] readExactly(SocketChannel ch, int len, Duration timeout, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        boolean wasBlocking = ch.isBlocking();
        ch.configureBlocking(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector s = Selector.open()) {
            ch.register(s, SelectionKey.OP_READ);
            while (b.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    fail("read " + b.position() + " of " + len + " bytes of " + what + " in " + timeout);
                }
                s.select(left);
                s.selectedKeys().clear();
                if (ch.read(b) < 0) {
                    fail("EOF after " + b.position() + " of " + len + " bytes of " + what);
                }
            }
            ch.keyFor(s).cancel();
            s.selectNow();
        } finally {
            ch.configureBlocking(wasBlocking);
        }
        return b.array();
    }

    /** Fails if anything can be read now (the channel is left as it was). */
    public static void assertNothingReadable(SocketChannel ch) throws IOException {
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
    public static SocketChannel connect(InetAddress from, InetSocketAddress to) throws IOException {
        SocketChannel c = SocketChannel.open(from instanceof java.net.Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.bind(new InetSocketAddress(from, 0));
        c.connect(to);
        return c;
    }
}
