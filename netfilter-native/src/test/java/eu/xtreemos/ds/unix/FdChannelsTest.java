package eu.xtreemos.ds.unix;

import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.tcp.ChannelSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A live TCP connection's fd goes over a UNIX socket, is wrapped with FdChannels on the other side
 * and carries data both ways, blocking and with a Selector.
 */
@Timeout(30)
class FdChannelsTest {
    @TempDir
    Path dir;

    /** A loopback TCP connection: the client end, and the accepted end. */
    record Tcp(SocketChannel client, SocketChannel accepted) {
    }

    static Tcp tcp(String host) throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            SocketChannel c = SocketChannel.open(l.getLocalAddress());
            return new Tcp(c, l.accept());
        }
    }

    /** Sends the fd of {@code ch} over a fresh UNIX socket pair and returns the received copy. */
    private int passOverUnixSocket(SocketChannel ch) throws IOException {
        try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(dir.resolve("pass.sock"))) {
            server.listen();
            try (UnixSeqpacketSocket a = UnixSeqpacketSocket.connect(server.path());
                 UnixSeqpacketSocket b = server.accept()) {
                a.send("here".getBytes(StandardCharsets.UTF_8), ChannelSocket.fdOf(ch));
                try (UnixMessage m = b.receive()) {
                    assertEquals(1, m.fdCount());
                    return m.takeFd(0);
                }
            }
        }
    }

    static void writeAll(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    static String readExactly(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("EOF after " + b.position() + " bytes");
            }
        }
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void passedFdBecomesAWorkingBlockingChannel(String host) throws Exception {
        Tcp t = tcp(host);
        try (SocketChannel client = t.client()) {
            writeAll(client, "queued before the handover;");
            int fd = passOverUnixSocket(t.accepted());
            String socketInode = TestSupport.fdTarget(fd); // "socket:[N]"
            assertEquals(TestSupport.fdTarget(ChannelSocket.fdOf(t.accepted())), socketInode);
            SocketAddressPair before = new SocketAddressPair(t.accepted());
            t.accepted().close(); // the donor's copy goes away; the connection lives on in fd
            try (SocketChannel ch = FdChannels.adopt(fd)) {
                assertTrue(ch.isOpen());
                assertTrue(ch.isConnected());
                assertTrue(ch.isBlocking());
                assertEquals(before, new SocketAddressPair(ch));
                assertEquals(fd, ChannelSocket.fdOf(ch));
                assertEquals("queued before the handover;", readExactly(ch, 27));
                writeAll(ch, "pong");
                assertEquals("pong", readExactly(client, 4));
                writeAll(client, "ping");
                assertEquals("ping", readExactly(ch, 4));
                // the usual socket options work on it
                ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                assertTrue(ch.getOption(java.net.StandardSocketOptions.TCP_NODELAY));
            }
            assertNotEquals(socketInode, TestSupport.fdTarget(fd), "the fd is closed with the channel");
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the peer sees the end of the stream");
        }
    }

    record SocketAddressPair(Object local, Object remote) {
        SocketAddressPair(SocketChannel ch) throws IOException {
            this(ch.getLocalAddress(), ch.getRemoteAddress());
        }
    }

    @Test
    void adoptedChannelWorksNonBlockingWithASelector() throws Exception {
        Tcp t = tcp("127.0.0.1");
        try (SocketChannel client = t.client(); Selector selector = Selector.open()) {
            int fd = passOverUnixSocket(t.accepted());
            t.accepted().close();
            SocketChannel ch = FdChannels.adopt(fd);
            ch.configureBlocking(false);
            assertEquals(0, ch.read(ByteBuffer.allocate(16)), "non-blocking read with nothing queued");
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            assertEquals(0, selector.selectNow());
            writeAll(client, "hello selector");
            assertEquals(1, selector.select(5_000));
            assertTrue(selector.selectedKeys().contains(key) && key.isReadable());
            ByteBuffer in = ByteBuffer.allocate(64);
            ch.read(in);
            assertEquals("hello selector", new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
            selector.selectedKeys().clear();

            key.interestOps(SelectionKey.OP_WRITE);
            assertEquals(1, selector.select(5_000));
            assertTrue(key.isWritable());
            ch.write(ByteBuffer.wrap("back".getBytes(StandardCharsets.UTF_8)));
            assertEquals("back", readExactly(client, 4));

            ch.close(); // registered: the JDK closes the fd once the selector drops the key
            selector.selectNow();
            assertEquals(-1, client.read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void refusesWhatIsNotAConnectedTcpSocketAndClosesIt() throws Exception {
        int unconnected = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        String target = TestSupport.fdTarget(unconnected);
        IOException e = assertThrows(IOException.class, () -> FdChannels.adopt(unconnected));
        assertTrue(e.getMessage().contains("not a connected socket"), e.getMessage());
        assertClosed(unconnected, target);

        int udp = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        String udpTarget = TestSupport.fdTarget(udp);
        e = assertThrows(IOException.class, () -> FdChannels.adopt(udp));
        assertTrue(e.getMessage().contains("not a TCP socket"), e.getMessage());
        assertClosed(udp, udpTarget);

        try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(dir.resolve("u"))) {
            int unix = UnixSeqpacketSocket.newSocket(0);
            String unixTarget = TestSupport.fdTarget(unix);
            e = assertThrows(IOException.class, () -> FdChannels.adopt(unix));
            assertTrue(e.getMessage().contains("not a TCP socket"), e.getMessage());
            assertClosed(unix, unixTarget);
        }
    }

    /** The fd no longer refers to that socket (it is closed; its number may have been reused since). */
    private static void assertClosed(int fd, String target) {
        assertNotNull(target);
        assertNotEquals(target, TestSupport.fdTarget(fd), "fd " + fd + " still open");
    }

    @Test
    void withoutAddOpensTheErrorSaysWhichFlag() throws Exception {
        String cp = String.join(":", TestSupport.helperClasspath().stream().map(Path::toString).toList());
        Process p = new ProcessBuilder(List.of(TestSupport.javaBinary(), "-cp", cp, NoOpensHelper.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertTrue(out.contains("IllegalStateException") && out.contains(FdChannels.REQUIRED_OPENS), out);
        assertTrue(out.contains("fd closed"), out);
    }
}
