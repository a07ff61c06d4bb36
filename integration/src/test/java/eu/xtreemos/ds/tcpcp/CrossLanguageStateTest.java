package eu.xtreemos.ds.tcpcp;

import com.sun.jna.Pointer;
import eu.xtreemos.ds.kernel.LibC;
import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ConnectionState;
import eu.xtreemos.ds.tcp.ConnectionStateCodec;
import eu.xtreemos.ds.tcp.InvalidStateException;
import eu.xtreemos.ds.tcp.RestoredConnection;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import eu.xtreemos.ds.tcp.SocketEngine;
import eu.xtreemos.ds.testing.Streams;
import eu.xtreemos.ds.unix.FdChannels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One state format, two implementations: a connection dumped by the Java engine is restored by the C
 * library, and one dumped by the C library is restored by the Java engine, with data queued both ways;
 * afterwards every byte arrives exactly once and in order. Runs in a scratch namespace on loopback.
 */
class CrossLanguageStateTest {
    static ScratchNamespace scratch;
    static TcpcpLibrary tcpcp;

    @BeforeAll
    static void setUp() throws Exception {
        scratch = new ScratchNamespace("dsxl");
        tcpcp = TcpcpLibrary.load();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    static byte at(int stream, long i) {
        return (byte) ((i * 131 + stream * 7 + (i >>> 9)) & 0xff);
    }

    static void write(SocketChannel ch, int stream, long from, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put(at(stream, from + i));
        }
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads n bytes within 20 s (bytes lost by the restore fail the test, they do not block it) and checks them. */
    static void expect(SocketChannel ch, int stream, long from, int n) throws IOException {
        byte[] b = Streams.readExactly(ch, n, Duration.ofSeconds(20), "stream " + stream);
        for (int i = 0; i < n; i++) {
            assertEquals(at(stream, from + i), b[i], "stream " + stream + " byte " + (from + i));
        }
    }

    record Pair(SocketChannel client, SocketChannel server, int port) {
    }

    /** A connection with 20 000 unread bytes at the server and 30 000 unread at the client. */
    static Pair busyPair(String host) throws Exception {
        return scratch.ns.call(() -> {
            try (ServerSocketChannel l = ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
                SocketChannel c = SocketChannel.open(l.getLocalAddress());
                SocketChannel s = l.accept();
                write(c, 1, 0, 20_000);
                write(s, 2, 0, 30_000);
                Thread.sleep(20); // let both arrive, so they sit in receive queues
                return new Pair(c, s, ((InetSocketAddress) l.getLocalAddress()).getPort());
            }
        });
    }

    String[] block(String host, int port, String op) {
        return new String[] {host.contains(":") ? "ip6tables" : "iptables", "-w", op, "INPUT", "-p", "tcp",
                "--dport", String.valueOf(port), "-j", "DROP"};
    }

    static void checkContinues(Pair p, SocketChannel restored) throws IOException {
        expect(restored, 1, 0, 20_000);   // the receive queue moved
        expect(p.client, 2, 0, 30_000);
        write(p.client, 1, 20_000, 5_000); // and both directions go on
        expect(restored, 1, 20_000, 5_000);
        write(restored, 2, 30_000, 5_000);
        expect(p.client, 2, 30_000, 5_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "127.0.0.1"})
    void javaDumpRestoresInC(String host) throws Exception {
        Pair p = busyPair(host);
        assertEquals(0, scratch.exec(block(host, p.port, "-I")));
        int fd = ChannelSocket.fdOf(p.server);
        SocketEngine.freeze(fd);
        byte[] record = ConnectionStateCodec.encode(SocketEngine.dump(fd));
        p.server.close();
        int restored = scratch.ns.call(() -> {
            int r = tcpcp.tcpcp_create(record, record.length);
            assertTrue(r >= 0, "tcpcp_create refused a Java record: " + tcpcp.tcpcp_last_error());
            return r;
        });
        assertEquals(0, scratch.exec(block(host, p.port, "-D")));
        assertEquals(0, tcpcp.tcpcp_activate(restored), tcpcp.tcpcp_last_error());
        try (SocketChannel s = FdChannels.adopt(restored)) {
            checkContinues(p, s);
        }
        p.client.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "127.0.0.1"})
    void cDumpRestoresInJava(String host) throws Exception {
        Pair p = busyPair(host);
        assertEquals(0, scratch.exec(block(host, p.port, "-I")));
        Pointer ici = tcpcp.tcpcp_get(ChannelSocket.fdOf(p.server));
        assertNotNull(ici, "tcpcp_get failed: " + tcpcp.tcpcp_last_error());
        byte[] record = ici.getByteArray(0, (int) tcpcp.tcpcp_size(ici));
        LibC.free(ici); // what tcpcp_get returned
        p.server.close();
        ConnectionState st = ConnectionStateCodec.decode(record);
        assertEquals(20_000, st.recvQueue().length);
        RestoredConnection r = scratch.ns.call(() -> SocketEngine.restore(st, ChannelSocket.open(st.ipv4())));
        assertEquals(0, scratch.exec(block(host, p.port, "-D")));
        r.activate();
        try (SocketChannel s = ((ChannelSocket) r.socket()).channel()) {
            checkContinues(p, s);
        }
        p.client.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 13, 60, 143, 150})
    void bothRefuseTheSameDamagedRecord(int offset) throws Exception {
        Pair p = busyPair("::1");
        int fd = ChannelSocket.fdOf(p.server);
        assertEquals(0, scratch.exec(block("::1", p.port, "-I")));
        SocketEngine.freeze(fd);
        byte[] record = ConnectionStateCodec.encode(SocketEngine.dump(fd));
        record[offset] ^= 0x20;
        assertThrows(InvalidStateException.class, () -> ConnectionStateCodec.decode(record));
        String refusal = scratch.ns.call(() -> // the reason is per thread
                tcpcp.tcpcp_create(record, record.length) == -1 ? tcpcp.tcpcp_last_error() : null);
        assertNotNull(refusal, "the C library accepted a damaged record");
        assertFalse(refusal.isEmpty());
        // The donor's connection is not lost: re-activated where it was.
        SocketEngine.unfreeze(fd);
        assertEquals(0, scratch.exec(block("::1", p.port, "-D")));
        checkContinues(p, p.server);
        p.client.close();
        p.server.close();
    }
}
