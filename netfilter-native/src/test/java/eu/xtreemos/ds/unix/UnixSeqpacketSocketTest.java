package eu.xtreemos.ds.unix;

import com.sun.jna.LastErrorException;
import eu.xtreemos.ds.kernel.LibC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(30)
class UnixSeqpacketSocketTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    record Pair(UnixSeqpacketServer server, UnixSeqpacketSocket client, UnixSeqpacketSocket accepted) {
    }

    /** A server at dir/name and one connection to it, each side with its own limits. */
    private Pair pair(String name, UnixSocketLimits serverLimits, UnixSocketLimits clientLimits) throws IOException {
        UnixSeqpacketServer server = track(UnixSeqpacketServer.bind(dir.resolve(name), 0600, serverLimits));
        server.listen();
        UnixSeqpacketSocket client = track(UnixSeqpacketSocket.connect(dir.resolve(name), clientLimits));
        UnixSeqpacketSocket accepted = track(server.accept());
        return new Pair(server, client, accepted);
    }

    private Pair pair() throws IOException {
        return pair("s", UnixSocketLimits.DEFAULT, UnixSocketLimits.DEFAULT);
    }

    private static int openFile(Path p) {
        return LibC.open(p.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
    }

    @Test
    void messagesKeepTheirBoundaries() throws Exception {
        Pair p = pair();
        Random r = new Random(42);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] m = new byte[1 + r.nextInt(i % 10 == 0 ? 60_000 : 300)];
            r.nextBytes(m);
            sent.add(m);
        }
        // the sender runs ahead of the receiver as far as the socket buffer allows
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try {
                for (byte[] m : sent) {
                    p.client().send(m);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        for (byte[] m : sent) {
            try (UnixMessage got = p.accepted().receive()) {
                assertArrayEquals(m, got.data());
                assertEquals(0, got.fdCount());
            }
        }
        sender.get(10, TimeUnit.SECONDS);
        p.accepted().send("reply".getBytes(StandardCharsets.UTF_8));
        try (UnixMessage got = p.client().receive()) {
            assertEquals("reply", new String(got.data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void largeMessagesUpToAConfiguredLimitFit() throws Exception {
        UnixSocketLimits big = new UnixSocketLimits(1 << 20, 4);
        Pair p = pair("s", big, big);
        byte[] m = new byte[1 << 20];
        new Random(7).nextBytes(m);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try {
                p.client().send(m);
                p.client().send(m);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        for (int i = 0; i < 2; i++) {
            try (UnixMessage got = p.accepted().receive()) {
                assertArrayEquals(m, got.data());
            }
        }
        sender.get(10, TimeUnit.SECONDS);
    }

    @Test
    void fdsArriveOpenCloseOnExecAndInOrder() throws Exception {
        Pair p = pair();
        Path a = Files.writeString(dir.resolve("a"), "A");
        Path b = Files.writeString(dir.resolve("b"), "B");
        int fa = openFile(a);
        int fb = openFile(b);
        try {
            p.client().send(new byte[] {1}, fa, fb, fa);
        } finally {
            LibC.close(fa);
            LibC.close(fb);
        }
        try (UnixMessage m = p.accepted().receive()) {
            assertEquals(3, m.fdCount());
            int[] fds = m.takeFds();
            try {
                assertEquals(a.toString(), TestSupport.fdTarget(fds[0]));
                assertEquals(b.toString(), TestSupport.fdTarget(fds[1]));
                assertEquals(a.toString(), TestSupport.fdTarget(fds[2]));
                for (int fd : fds) {
                    assertEquals(LibC.FD_CLOEXEC, LibC.fcntl(fd, LibC.F_GETFD, 0) & LibC.FD_CLOEXEC);
                }
            } finally {
                UnixMessage.closeAll(fds);
            }
        }
    }

    @Test
    void fdsNotTakenAreClosedWithTheMessage() throws Exception {
        Pair p = pair();
        int f = openFile(Files.writeString(dir.resolve("f"), "x"));
        int before = TestSupport.openFds();
        p.client().send(new byte[] {1}, f, f);
        UnixMessage m = p.accepted().receive();
        assertEquals(before + 2, TestSupport.openFds());
        int kept = m.takeFd(1);
        m.close();
        assertEquals(before + 1, TestSupport.openFds());
        assertThrows(IllegalStateException.class, () -> m.takeFd(0));
        LibC.close(kept);
        LibC.close(f);
        assertEquals(before - 1, TestSupport.openFds());
    }

    @Test
    void oversizedMessageIsRejectedWithItsFdsClosedAndTheConnectionStaysUsable() throws Exception {
        Pair p = pair("s", new UnixSocketLimits(1024, 8), UnixSocketLimits.DEFAULT);
        int f = openFile(Files.writeString(dir.resolve("f"), "x"));
        int before = TestSupport.openFds();
        p.client().send(new byte[4096], f, f);
        p.client().send("next".getBytes(StandardCharsets.UTF_8));
        MessageRejectedException e = assertThrows(MessageRejectedException.class, () -> p.accepted().receive());
        assertTrue(e.getMessage().contains("4096 bytes") && e.getMessage().contains("1024 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("2 fds received were closed"), e.getMessage());
        assertEquals(before, TestSupport.openFds(), "fds leaked");
        try (UnixMessage m = p.accepted().receive()) {
            assertEquals("next", new String(m.data(), StandardCharsets.UTF_8));
        }
        // a smaller per-call limit works the same way
        p.client().send(new byte[100]);
        assertThrows(MessageRejectedException.class, () -> p.accepted().receive(99));
        LibC.close(f);
    }

    @Test
    void senderRefusesWhatBreaksItsLimits() throws Exception {
        Pair p = pair("s", UnixSocketLimits.DEFAULT, new UnixSocketLimits(1000, 2));
        int f = openFile(Files.writeString(dir.resolve("f"), "x"));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.client().send(new byte[1], f, f, f));
            assertTrue(e.getMessage().contains("too many fds"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.client().send(new byte[1001]));
            assertThrows(IllegalArgumentException.class, () -> p.client().send(new byte[0]));
        } finally {
            LibC.close(f);
        }
        p.client().send(new byte[] {7});
        try (UnixMessage m = p.accepted().receive()) {
            assertArrayEquals(new byte[] {7}, m.data()); // nothing of the refused sends arrived
        }
    }

    @Test
    void tooManyFdsAreRefusedAndClosed() throws Exception {
        // maxFds 2: the control buffer holds exactly 2 fds, the kernel cuts the rest (MSG_CTRUNC);
        // maxFds 3: the buffer has room for a 4th fd, so 4 arrive and the count check refuses them
        for (int limit : new int[] {2, 3}) {
            Pair p = pair("s" + limit, new UnixSocketLimits(1024, limit), UnixSocketLimits.DEFAULT);
            int f = openFile(Files.writeString(dir.resolve("f"), "x"));
            int before = TestSupport.openFds();
            p.client().send(new byte[] {1}, f, f, f, f, f);
            p.client().send(new byte[] {2}, f);
            MessageRejectedException e = assertThrows(MessageRejectedException.class, () -> p.accepted().receive());
            assertTrue(e.getMessage().contains("more fds than the limit of " + limit), e.getMessage());
            assertEquals(before, TestSupport.openFds(), "fds leaked with limit " + limit);
            try (UnixMessage m = p.accepted().receive()) {
                assertArrayEquals(new byte[] {2}, m.data());
                assertEquals(1, m.fdCount());
            }
            assertEquals(before, TestSupport.openFds());
            LibC.close(f);
        }
    }

    @Test
    void endOfStreamWhenThePeerCloses() throws Exception {
        Pair p = pair();
        p.client().send(new byte[] {1});
        p.client().close();
        try (UnixMessage m = p.accepted().receive()) {
            assertArrayEquals(new byte[] {1}, m.data());
        }
        assertNull(p.accepted().receive());
        IOException e = assertThrows(IOException.class, () -> p.accepted().send(new byte[] {1}));
        assertTrue(e.getMessage().contains("peer closed"), e.getMessage());
    }

    @Test
    void closeWakesABlockedAccept() throws Exception {
        UnixSeqpacketServer server = UnixSeqpacketServer.bind(dir.resolve("s"));
        server.listen();
        int before = TestSupport.openFds();
        CompletableFuture<Object> accept = CompletableFuture.supplyAsync(() -> {
            try {
                return server.accept();
            } catch (Exception e) {
                return e;
            }
        });
        TestSupport.awaitBlockedIn(TestSupport.ACCEPT4, server.fd());
        assertFalse(accept.isDone());
        server.close();
        Object r = accept.get(5, TimeUnit.SECONDS);
        assertInstanceOf(AsynchronousCloseException.class, r);
        assertEquals(before - 1, TestSupport.openFds(), "the server fd is closed");
        assertFalse(Files.exists(dir.resolve("s")), "the socket file is removed");
        assertThrows(ClosedChannelException.class, server::accept);
    }

    @Test
    void closeWakesABlockedReceiveAndThePeerSeesTheEnd() throws Exception {
        Pair p = pair();
        int before = TestSupport.openFds();
        CompletableFuture<Object> receive = CompletableFuture.supplyAsync(() -> {
            try {
                return p.accepted().receive();
            } catch (Exception e) {
                return e;
            }
        });
        TestSupport.awaitBlockedIn(TestSupport.RECVMSG, p.accepted().fd());
        assertFalse(receive.isDone());
        p.accepted().close();
        assertInstanceOf(AsynchronousCloseException.class, receive.get(5, TimeUnit.SECONDS));
        assertEquals(before - 1, TestSupport.openFds());
        assertNull(p.client().receive());
        assertThrows(ClosedChannelException.class, () -> p.accepted().receive());
        assertThrows(ClosedChannelException.class, () -> p.accepted().send(new byte[] {1}));
    }

    @Test
    void closeWakesABlockedSend() throws Exception {
        Pair p = pair();
        CompletableFuture<Object> flood = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] m = new byte[60_000];
                while (true) { // nobody reads: the send buffer fills and send blocks
                    p.client().send(m);
                }
            } catch (Exception e) {
                return e;
            }
        });
        TestSupport.awaitBlockedIn(TestSupport.SENDMSG, p.client().fd());
        assertFalse(flood.isDone());
        p.client().close();
        assertInstanceOf(AsynchronousCloseException.class, flood.get(5, TimeUnit.SECONDS));
    }

    @Test
    void staleSocketFileIsReplaced() throws Exception {
        Path path = dir.resolve("s");
        // a server that went away without removing its socket file
        ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        gone.bind(UnixDomainSocketAddress.of(path));
        gone.close();
        assertTrue(Files.exists(path));
        try (UnixSeqpacketServer server = UnixSeqpacketServer.bind(path)) {
            server.listen();
            try (UnixSeqpacketSocket c = UnixSeqpacketSocket.connect(path); UnixSeqpacketSocket s = server.accept()) {
                c.send(new byte[] {5});
                try (UnixMessage m = s.receive()) {
                    assertArrayEquals(new byte[] {5}, m.data());
                }
            }
        }
    }

    @Test
    void liveSocketIsNotReplaced() throws Exception {
        Path path = dir.resolve("s");
        try (UnixSeqpacketServer live = UnixSeqpacketServer.bind(path)) {
            live.listen();
            IOException e = assertThrows(IOException.class, () -> UnixSeqpacketServer.bind(path));
            assertTrue(e.getMessage().contains("another process is listening on it"), e.getMessage());
            // the live server is unharmed; it only saw the probe: a connection closed without a message
            try (UnixSeqpacketSocket probe = live.accept()) {
                assertNull(probe.receive());
            }
            try (UnixSeqpacketSocket c = UnixSeqpacketSocket.connect(path); UnixSeqpacketSocket s = live.accept()) {
                c.send(new byte[] {1});
                s.receive().close();
            }
        }
        // a live listener of another socket type is not replaced either
        try (ServerSocketChannel stream = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stream.bind(UnixDomainSocketAddress.of(path));
            IOException e = assertThrows(IOException.class, () -> UnixSeqpacketServer.bind(path));
            assertTrue(e.getMessage().contains("another socket type"), e.getMessage());
            IOException c = assertThrows(IOException.class, () -> UnixSeqpacketSocket.connect(path));
            assertTrue(c.getMessage().contains("is not a SOCK_SEQPACKET socket"), c.getMessage());
        }
    }

    @Test
    void pathThatIsNotASocketIsRefusedAndLeftAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "keep me");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> UnixSeqpacketServer.bind(file));
        assertTrue(e.getMessage().contains("not a socket (a regular file)"), e.getMessage());
        assertEquals("keep me", Files.readString(file));

        Path sub = Files.createDirectory(dir.resolve("sub"));
        e = assertThrows(FileAlreadyExistsException.class, () -> UnixSeqpacketServer.bind(sub));
        assertTrue(e.getMessage().contains("a directory"), e.getMessage());

        try (UnixSeqpacketServer live = UnixSeqpacketServer.bind(dir.resolve("real"))) {
            Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
            e = assertThrows(FileAlreadyExistsException.class, () -> UnixSeqpacketServer.bind(link));
            assertTrue(e.getMessage().contains("a symbolic link"), e.getMessage());
        }
    }

    @Test
    void socketFileGetsTheRequestedModeAndIsRemovedOnClose() throws Exception {
        Path path = dir.resolve("s");
        try (UnixSeqpacketServer s = UnixSeqpacketServer.bind(path)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        }
        assertFalse(Files.exists(path));
        try (UnixSeqpacketServer s = UnixSeqpacketServer.bind(path, 0660, UnixSocketLimits.DEFAULT)) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            // before listen() nothing can connect
            IOException e = assertThrows(IOException.class, () -> UnixSeqpacketSocket.connect(path));
            assertTrue(e.getMessage().contains("nothing is listening"), e.getMessage());
        }
    }

    @Test
    void connectFailuresSayWhy() {
        IOException e = assertThrows(IOException.class, () -> UnixSeqpacketSocket.connect(dir.resolve("none")));
        assertTrue(e.getMessage().contains("no socket at"), e.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> UnixSeqpacketSocket.connect(Path.of("/" + "x".repeat(120))));
        assertTrue(tooLong.getMessage().contains("too long"), tooLong.getMessage());
    }

    @Test
    void peerCredentialsOfThisProcess() throws Exception {
        Pair p = pair();
        long pid = ProcessHandle.current().pid();
        int uid = LibC.geteuid();
        int gid = statusId("Gid:");
        for (UnixSeqpacketSocket s : List.of(p.client(), p.accepted())) {
            PeerCredentials c = s.peerCredentials();
            assertEquals(new PeerCredentials((int) pid, uid, gid), c);
            int[] groups = s.peerGroups();
            int[] fromProc = c.supplementaryGroupsFromProc();
            Arrays.sort(groups);
            Arrays.sort(fromProc);
            assertArrayEquals(fromProc, groups);
        }
    }

    @Test
    void receivedFdsAreClosedWhenTheReceiverIsClosedMidway() throws Exception {
        // a message still queued when the receiving socket is closed: the kernel releases its fds
        Pair p = pair();
        int f = openFile(Files.writeString(dir.resolve("f"), "x"));
        int before = TestSupport.openFds();
        p.client().send(new byte[] {1}, f);
        p.accepted().close();
        assertEquals(before - 1, TestSupport.openFds());
        LibC.close(f);
    }

    @BeforeEach
    void checkNoLeftoverFromJna() {
        LibC.geteuid(); // load JNA before any fd is counted
    }

    static int statusId(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Integer.parseInt(line.substring(key.length()).trim().split("\\s+")[1]); // effective
            }
        }
        throw new IOException("no " + key);
    }

    @SuppressWarnings("unused")
    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
        }
    }
}
