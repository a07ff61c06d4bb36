package eu.xtreemos.ds.dsco.peer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import eu.xtreemos.ds.tcp.ScratchNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;

import static eu.xtreemos.ds.dsco.peer.ForwardSecrecyHandshakeTest.NEW;
import static eu.xtreemos.ds.dsco.peer.ForwardSecrecyHandshakeTest.OLD;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A dsco's cluster port during a key rotation, over real sockets: it serves peers holding either of its keys,
 * and its log names why it refused a peer (another protocol version, no key in common).
 */
class PeerServerHandshakeTest {
    static ScratchNamespace scratch;
    static final int PORT = 7201;
    static final InetSocketAddress AT = new InetSocketAddress("::1", PORT);
    PeerServer server;
    Thread serving;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void ns() throws Exception {
        scratch = new ScratchNamespace("dsps");
    }

    @AfterAll
    static void cleanup() throws Exception {
        scratch.close();
    }

    @BeforeEach
    void serve() throws Exception {
        log.start();
        ((Logger) LoggerFactory.getLogger(PeerServer.class)).addAppender(log);
        server = scratch.ns.call(() -> new PeerServer(AT, ClusterKeys.of(NEW, OLD), "server1", Set.of("contact"),
                (peer, m) -> new PeerMessage.Result(true, "served " + peer)));
        serving = scratch.ns.start("peer-server", server::run);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        // A socket closed while a thread is blocked in accept is released when that thread leaves: until then
        // the next test's bind to the same port fails.
        serving.join(5000);
        ((Logger) LoggerFactory.getLogger(PeerServer.class)).detachAppender(log);
    }

    @Test
    void aNodeRotatingServesPeersHoldingEitherKey() throws Exception {
        for (ClusterKeys peer : new ClusterKeys[] {ClusterKeys.of(OLD), ClusterKeys.of(NEW), ClusterKeys.of(NEW, OLD)}) {
            PeerMessage answer = scratch.ns.call(() -> {
                try (PeerConnection c = PeerConnection.open(AT, null, peer, "contact", Duration.ofSeconds(5))) {
                    return c.call(new PeerMessage.Result(true, "hello"), Duration.ofSeconds(5));
                }
            });
            assertEquals(new PeerMessage.Result(true, "served contact"), answer, String.valueOf(peer));
        }
    }

    @Test
    void aPeerWithNoCommonKeyIsRefusedAndTheLogNamesTheKeyIds() throws Exception {
        byte[] other = "another key, another key, 32 b!!".getBytes();
        PeerAuthException e = assertThrows(PeerAuthException.class, () -> scratch.ns.call(
                () -> PeerConnection.open(AT, null, ClusterKeys.of(other), "contact", Duration.ofSeconds(5))));
        assertTrue(e.getMessage().contains("no cluster key in common"), e.getMessage());
        String line = awaitRefusal();
        assertTrue(line.contains("no cluster key in common") && line.contains(ClusterKeys.describe(ClusterKeys.of(other).ids())), line);
    }

    @Test
    void aPeerSpeakingTheOldHandshakeIsRefusedAndTheLogNamesTheVersions() throws Exception {
        scratch.ns.call(() -> {
            try (Socket s = new Socket(AT.getAddress(), PORT)) {
                OutputStream out = s.getOutputStream();
                out.write(ByteBuffer.allocate(4 + 2 + 1 + 7 + 32).putInt(0x44535043).putShort((short) 1).put((byte) 7)
                        .put("contact".getBytes()).put(new byte[32]).array());
                out.flush();
                s.setSoTimeout(5000); // a server that kept the link open would fail the test here
                s.getInputStream().readAllBytes(); // its hello, then the end of the stream: it closed the link
            }
            return null;
        });
        String line = awaitRefusal();
        assertTrue(line.contains("version 1") && line.contains("version 2"), line);
    }

    private String awaitRefusal() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (ILoggingEvent ev : log.list) {
                if (ev.getFormattedMessage().startsWith("refused cluster link")) {
                    return ev.getFormattedMessage();
                }
            }
            Thread.sleep(50);
        }
        return fail("no refusal logged: " + log.list);
    }
}
