package eu.xtreemos.ds.tcp;

import eu.xtreemos.ds.nfq.SocketMute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A frozen socket still sends what its timers decide (here: the delayed ACK it owes); muted, nothing it
 * sends reaches the peer, and unmuted and thawed it works as before.
 */
class SocketMuteTest {
    static ScratchNamespace scratch;
    static SocketMute mute;

    @BeforeAll
    static void namespace() throws Exception {
        scratch = new ScratchNamespace("dsmu");
        mute = SocketMute.install(scratch.ns);
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (mute != null) {
            mute.close();
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    record Pair(SocketChannel client, SocketChannel server) {
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

    /** Segments the client receives in the 300 ms after the server, owing it a delayed ACK, was frozen. */
    static long segmentsFromFrozenServer(Pair p, boolean muted) throws Exception {
        int serverFd = ChannelSocket.fdOf(p.server);
        int clientFd = ChannelSocket.fdOf(p.client);
        p.server.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, false); // the next ACK is delayed
        p.client.write(ByteBuffer.wrap(new byte[100]));
        if (muted) {
            SocketMute.mute(serverFd);
        }
        SocketEngine.freeze(serverFd);
        long before = SocketEngine.peerProgress(clientFd).segmentsIn();
        Thread.sleep(300);
        return SocketEngine.peerProgress(clientFd).segmentsIn() - before;
    }

    @Test
    void aMutedFrozenSocketSendsNothing() throws Exception {
        Pair control = connect();
        assertTrue(segmentsFromFrozenServer(control, false) > 0, "a frozen socket sends its delayed ACK (the reason to mute)");

        Pair p = connect();
        assertEquals(0, segmentsFromFrozenServer(p, true), "the muted frozen socket sent nothing");
        int fd = ChannelSocket.fdOf(p.server);
        SocketMute.unmute(fd);
        SocketEngine.unfreeze(fd);
        p.server.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        ByteBuffer got = ByteBuffer.allocate(3);
        while (got.hasRemaining()) {
            p.client.read(got);
        }
        assertArrayEquals(new byte[] {1, 2, 3}, got.array(), "unmuted and thawed, the socket sends again");
        for (Pair q : new Pair[] {control, p}) {
            q.client.close();
            q.server.close();
        }
    }
}
