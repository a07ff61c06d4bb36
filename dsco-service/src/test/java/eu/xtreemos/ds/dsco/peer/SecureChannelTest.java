package eu.xtreemos.ds.dsco.peer;

import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class SecureChannelTest {
    static ScratchNamespace scratch;
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

    @BeforeAll
    static void ns() throws Exception {
        scratch = new ScratchNamespace("dspc");
    }

    @AfterAll
    static void cleanup() throws Exception {
        scratch.close();
    }

    /**
     * A read that waits longer fails the test: a java.net.Socket read ignores interrupts, so without a socket
     * timeout a frame that never comes would block the test until the build is killed.
     */
    static final int READ_TIMEOUT_MILLIS = 20_000;

    /** Connects a pair of sockets inside the scratch namespace; their reads time out after {@link #READ_TIMEOUT_MILLIS}. */
    static Socket[] pair() throws Exception {
        return pair(scratch);
    }

    /** Like {@link #pair()}, in another test's scratch namespace. */
    static Socket[] pair(ScratchNamespace in) throws Exception {
        return in.ns.call(() -> {
            try (ServerSocket l = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
                Socket c = new Socket(InetAddress.getByName("::1"), l.getLocalPort());
                Socket s = l.accept();
                c.setSoTimeout(READ_TIMEOUT_MILLIS);
                s.setSoTimeout(READ_TIMEOUT_MILLIS);
                return new Socket[] {c, s};
            }
        });
    }

    /** The responder's channel, waited for as long as a read may take. */
    static SecureChannel responder(CompletableFuture<SecureChannel> r) throws Exception {
        return r.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    static CompletableFuture<SecureChannel> respond(Socket s, byte[] key) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return SecureChannel.open(s, key, "server1", false, 1 << 20);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void carriesMessagesBothWaysBetweenKeyHolders() throws Exception {
        Socket[] p = pair();
        CompletableFuture<SecureChannel> r = respond(p[1], KEY);
        try (SecureChannel a = SecureChannel.open(p[0], KEY, "contact", true, 1 << 20); SecureChannel b = responder(r)) {
            assertEquals("server1", a.peerName());
            assertEquals("contact", b.peerName());
            byte[] big = new byte[500_000];
            Arrays.fill(big, (byte) 3);
            a.send("prepare".getBytes());
            a.send(big);
            assertEquals("prepare", new String(b.receive()));
            assertArrayEquals(big, b.receive());
            b.send("prepared".getBytes());
            assertEquals("prepared", new String(a.receive()));
        }
    }

    @Test
    void aNodeWithoutTheClusterKeyIsRefusedOnBothSides() throws Exception {
        Socket[] p = pair();
        byte[] wrong = KEY.clone();
        wrong[0] ^= 1;
        CompletableFuture<SecureChannel> r = respond(p[1], wrong);
        PeerAuthException e = assertThrows(PeerAuthException.class, () -> SecureChannel.open(p[0], KEY, "contact", true, 1 << 20));
        assertTrue(e.getMessage().contains("no cluster key in common"), e.getMessage());
        Exception other = assertThrows(Exception.class, () -> responder(r));
        assertInstanceOf(ExecutionException.class, other, "the responder failed, it did not time out");
        assertInstanceOf(PeerAuthException.class, other.getCause().getCause());
        p[0].close();
        p[1].close();
    }

    @Test
    void anAlteredFrameIsRefused() throws Exception {
        Socket[] p = pair();
        CompletableFuture<SecureChannel> r = respond(p[1], KEY);
        try (SecureChannel a = SecureChannel.open(p[0], KEY, "contact", true, 1 << 20); SecureChannel b = responder(r)) {
            // A frame with a valid length but content not sealed with the session key.
            OutputStream raw = p[0].getOutputStream();
            raw.write(new byte[] {0, 0, 0, 40});
            raw.write(new byte[40]);
            raw.flush();
            assertThrows(PeerAuthException.class, b::receive);
        }
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItIsRead() throws Exception {
        Socket[] p = pair();
        CompletableFuture<SecureChannel> r = respond(p[1], KEY);
        try (SecureChannel a = SecureChannel.open(p[0], KEY, "contact", true, 1 << 20); SecureChannel b = responder(r)) {
            assertThrows(IOException.class, () -> a.send(new byte[(1 << 20) + 1]));
            p[0].getOutputStream().write(new byte[] {0x7f, 0, 0, 0});
            p[0].getOutputStream().flush();
            PeerAuthException e = assertThrows(PeerAuthException.class, b::receive);
            assertTrue(e.getMessage().contains("limit"), e.getMessage());
        }
    }

    @Test
    void aRecordedSessionCannotBeReplayed() throws Exception {
        // Session 1: record every byte the initiator sends.
        Socket[] p = pair();
        java.io.ByteArrayOutputStream recorded = new java.io.ByteArrayOutputStream();
        CompletableFuture<SecureChannel> r = respond(p[1], KEY);
        java.io.OutputStream tap = new java.io.FilterOutputStream(p[0].getOutputStream()) {
            @Override
            public void write(int b) throws IOException {
                recorded.write(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                recorded.write(b, off, len);
                out.write(b, off, len);
            }
        };
        Socket tapped = new Socket() {
            @Override
            public java.io.InputStream getInputStream() throws IOException {
                return p[0].getInputStream();
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                return tap;
            }
        };
        try (SecureChannel a = SecureChannel.open(tapped, KEY, "contact", true, 1 << 20); SecureChannel b = responder(r)) {
            a.send("commit handoff 42".getBytes());
            assertEquals("commit handoff 42", new String(b.receive()));
        }
        p[0].close();
        // Session 2: an attacker plays the recording to a fresh responder.
        Socket[] q = pair();
        CompletableFuture<SecureChannel> victim = respond(q[1], KEY);
        q[0].getOutputStream().write(recorded.toByteArray());
        q[0].getOutputStream().flush();
        Exception e = assertThrows(Exception.class, () -> responder(victim));
        assertInstanceOf(ExecutionException.class, e, "the responder failed, it did not time out");
        assertInstanceOf(PeerAuthException.class, e.getCause().getCause(), String.valueOf(e.getCause()));
        q[0].close();
    }

    @Test
    void somethingElseThanAPeerIsRefused() throws Exception {
        Socket[] p = pair();
        p[1].getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
        assertThrows(PeerAuthException.class, () -> SecureChannel.open(p[0], KEY, "contact", true, 1 << 20));
        p[0].close();
        p[1].close();
    }
}
