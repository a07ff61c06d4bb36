package eu.xtreemos.ds.kernel;

import eu.xtreemos.ds.tcp.ChannelSocket;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import eu.xtreemos.ds.tcp.SocketEngine;
import eu.xtreemos.ds.testing.Streams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Typed options and tcp_info on a real loopback connection, in a scratch namespace. */
class LinuxSocketTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static ScratchNamespace scratch;

    @BeforeAll
    static void namespace() throws Exception {
        scratch = new ScratchNamespace("dsls");
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (scratch != null) {
            scratch.close();
        }
    }

    record Pair(SocketChannel client, SocketChannel server) implements AutoCloseable {
        LinuxSocket clientSocket() {
            return new LinuxSocket(new ChannelSocket(client).fd());
        }

        LinuxSocket serverSocket() {
            return new LinuxSocket(new ChannelSocket(server).fd());
        }

        @Override
        public void close() throws Exception {
            client.close();
            server.close();
        }
    }

    static Pair connect() throws Exception {
        return scratch.ns.call(() -> {
            try (ServerSocketChannel l = ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
                SocketChannel c = SocketChannel.open(l.getLocalAddress());
                return new Pair(c, l.accept());
            }
        });
    }

    @Test
    void tcpInfoAfterATransferCountsWhatWasSentAndAcknowledged() throws Exception {
        int bytes = 300_000;
        try (Pair p = connect()) {
            Streams.write(p.client, 7, 0, bytes, WAIT);
            Streams.read(p.server, 7, 0, bytes, WAIT);
            assertTrue(SocketEngine.flush(p.clientSocket().fd(), WAIT), "the client's send queue was not acknowledged");

            TcpInfo sender = p.clientSocket().tcpInfo();
            TcpInfo receiver = p.serverSocket().tcpInfo();
            assertTrue(sender.length() >= 232, "the kernel filled " + sender.length() + " bytes of tcp_info");
            assertTrue(sender.established() && receiver.established(), sender + " / " + receiver);
            // bytes_acked and bytes_received count the SYN's sequence number too on some kernels: allow one.
            assertTrue(sender.bytesAcked() >= bytes && sender.bytesAcked() <= bytes + 1, sender.toString());
            assertTrue(receiver.bytesReceived() >= bytes && receiver.bytesReceived() <= bytes + 1, receiver.toString());
            assertTrue(sender.bytesSent() >= bytes, "bytes_sent " + sender.bytesSent());
            assertEquals(0, sender.unacked(), sender.toString());
            assertEquals(0, sender.notSentBytes(), sender.toString());
            assertTrue(sender.sendCongestionWindow() >= 2 && sender.sendCongestionWindow() < 1_000_000, sender.toString());
            assertTrue(sender.sendMss() > 0 && sender.sendMss() <= 65535, "snd_mss " + sender.sendMss());
            assertTrue(sender.rtt() > 0 && sender.rtt() < 1_000_000, "rtt " + sender.rtt());
            assertTrue(sender.segmentsOut() >= bytes / 65536, "segs_out " + sender.segmentsOut());
            assertTrue(receiver.segmentsIn() >= bytes / 65536, "segs_in " + receiver.segmentsIn());
            assertTrue(sender.dataSegmentsOut() > 0 && receiver.dataSegmentsIn() > 0);
            assertEquals(0, sender.totalRetrans(), "loopback retransmitted: " + sender);
            int opts = sender.options();
            assertNotEquals(0, opts & 1, "timestamps negotiated on loopback: options " + opts);
            assertEquals(sender.sendWindowScale(), receiver.receiveWindowScale(), "one side's send scale is the other's receive scale");
        }
    }

    @Test
    void typedOptionsReadBackWhatWasSet() throws Exception {
        try (Pair p = connect()) {
            LinuxSocket s = p.clientSocket();
            s.setTcpNoDelay(true);
            assertTrue(s.tcpNoDelay());
            s.setTcpNoDelay(false);
            assertFalse(s.tcpNoDelay());
            s.setKeepAlive(true);
            assertTrue(s.keepAlive());
            s.setTcpKeepIdle(77);
            s.setTcpKeepInterval(9);
            s.setTcpKeepCount(4);
            assertEquals(77, s.tcpKeepIdle());
            assertEquals(9, s.tcpKeepInterval());
            assertEquals(4, s.tcpKeepCount());
            s.setIpv6TrafficClass(0x20);
            assertEquals(0x20, s.ipv6TrafficClass());
            s.setIpv6UnicastHops(17);
            assertEquals(17, s.ipv6UnicastHops());
            s.setSendBufferSize(100_000);
            assertEquals(200_000, s.sendBufferSize(), "the kernel doubles SO_SNDBUF");
            assertEquals(LibC.AF_INET6, s.domain());
            assertEquals(LibC.SOCK_STREAM, s.type());
            assertEquals(LibC.IPPROTO_TCP, s.protocol());
            assertFalse(s.tcpCongestion().isEmpty());
            assertEquals(p.client.getLocalAddress(), s.localAddress());
            assertEquals(p.client.getRemoteAddress(), s.remoteAddress());
            assertEquals(0, s.sendQueueBytes());
        }
    }

    @Test
    void aFailedCallNamesTheCallTheErrorAndItsSymbol() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> new LinuxSocket(-1).setTcpNoDelay(true));
        assertEquals("setsockopt(TCP_NODELAY): Bad file descriptor (EBADF)", e.getMessage());
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("setsockopt(TCP_NODELAY)", e.call());
        assertEquals("EBADF", e.errnoName());
        assertEquals("errno 4095", Errno.name(4095));
    }

    @Test
    void anUnknownCongestionAlgorithmIsRefusedByName() throws Exception {
        try (Pair p = connect()) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> p.clientSocket().setTcpCongestion("nosuch"));
            assertEquals(Errno.ENOENT, e.errno(), e.getMessage());
            assertTrue(e.getMessage().startsWith("setsockopt(TCP_CONGESTION=nosuch): "), e.getMessage());
        }
    }
}
