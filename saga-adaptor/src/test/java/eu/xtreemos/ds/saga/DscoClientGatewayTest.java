package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.api.ApiMessage;
import eu.xtreemos.ds.dsco.api.Attr;
import eu.xtreemos.ds.dsco.api.Op;
import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.ds.unix.UnixMessage;
import eu.xtreemos.ds.unix.UnixSeqpacketServer;
import eu.xtreemos.ds.unix.UnixSeqpacketSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DscoClientGateway against a dsco stand-in on a real UNIX SOCK_SEQPACKET socket: a protected service as LIST_SERVICES
 * marks it, and CHECKPOINTs over kept connections (one connection for consecutive checkpoints, kept after a refusal,
 * replaced when it broke).
 */
class DscoClientGatewayTest {
    @TempDir
    Path dir;
    UnixSeqpacketServer server;
    final AtomicInteger accepted = new AtomicInteger();
    /** How the stand-in answers each request, in turn; an answer of null: it closes the connection instead. */
    final BlockingQueue<Function<ApiMessage, ApiMessage>> answers = new LinkedBlockingQueue<>();
    /** What each request it answered was: its op and how many fds came with it. */
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = UnixSeqpacketServer.bind(dir.resolve("dsco.sock"));
        server.listen();
        Thread t = new Thread(() -> {
            while (true) {
                UnixSeqpacketSocket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                accepted.incrementAndGet();
                toClose.add(s);
                Thread c = new Thread(() -> serve(s));
                c.setDaemon(true);
                c.start();
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private void serve(UnixSeqpacketSocket s) {
        try (s) {
            while (true) {
                try (UnixMessage m = s.receive()) {
                    if (m == null) {
                        return;
                    }
                    ApiMessage rq = ApiMessage.decode(m.data(), m.data().length);
                    ApiMessage answer = answers.take().apply(rq);
                    if (answer == null) {
                        return;
                    }
                    seen.add(rq.op() + " " + m.fdCount());
                    s.send(answer.encode());
                }
            }
        } catch (Exception e) {
            // the test ended or closed it
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A connected loopback socket, as a served client's would be. */
    SocketChannel connection() throws Exception {
        ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress("::1", 0));
        toClose.add(l);
        SocketChannel c = SocketChannel.open(l.getLocalAddress());
        SocketChannel s = l.accept();
        toClose.add(c);
        toClose.add(s);
        return s;
    }

    static Function<ApiMessage, ApiMessage> number(int n) {
        return rq -> ApiMessage.reply(rq, Status.OK).add(Attr.SEQNO, n);
    }

    @Test
    void listServicesTellsAProtectedService() throws Exception {
        InetAddress demo = InetAddress.getByName("fd00:5::1"), web = InetAddress.getByName("fd00:5::2");
        answers.add(rq -> ApiMessage.reply(rq, Status.OK)
                .add(Attr.SERVICE, "demo").add(Attr.ADDRESS, demo).add(Attr.PORT, (short) 7000).add(Attr.MODE, "protected")
                .add(Attr.SERVICE, "web").add(Attr.ADDRESS, web).add(Attr.PORT, (short) 80));
        try (DscoClientGateway g = DscoClientGateway.connect(server.path())) {
            assertEquals(List.of(new DscoGateway.Service("demo", List.of(demo), List.of(7000), true),
                    new DscoGateway.Service("web", List.of(web), List.of(80), false)), g.services());
        }
    }

    @Test
    void checkpointsShareAKeptConnectionWhichARefusalDoesNotEnd() throws Exception {
        InetAddress client = InetAddress.getByName("fd00:6::9");
        List<SocketChannel> two = List.of(connection(), connection());
        answers.add(number(1));
        answers.add(rq -> ApiMessage.error(rq, Status.FAILED, "backup b did not acknowledge"));
        answers.add(number(2));
        answers.add(number(3));
        try (DscoClientGateway g = DscoClientGateway.connect(server.path())) {
            assertEquals(1, g.checkpoint("demo", client, two, new byte[] {1}));
            DscoException refused = assertThrows(DscoException.class, () -> g.checkpoint("demo", client, two, new byte[] {2}));
            assertEquals("backup b did not acknowledge", refused.getMessage());
            assertEquals(2, g.checkpoint("demo", client, two, new byte[] {3}));
            assertEquals(3, g.checkpoint("demo", client, List.of(), new byte[0]), "the client ended: no fds");
            assertEquals(2, accepted.get(), "the gateway's query connection, and one for all the checkpoints");
        }
        assertEquals(List.of(Op.CHECKPOINT + " 2", Op.CHECKPOINT + " 2", Op.CHECKPOINT + " 2", Op.CHECKPOINT + " 0"), seen);
        assertTrue(two.get(0).isOpen() && two.get(1).isOpen(), "the sockets stay the caller's");
    }

    @Test
    void aKeptConnectionThatBrokeIsReplacedWithoutFailingTheCheckpoint() throws Exception {
        InetAddress client = InetAddress.getByName("fd00:6::9");
        List<SocketChannel> one = List.of(connection());
        answers.add(number(1));
        try (DscoClientGateway g = DscoClientGateway.connect(server.path())) {
            assertEquals(1, g.checkpoint("demo", client, one, new byte[0]));
            int before = accepted.get();
            answers.add(rq -> null); // the kept connection breaks (dsco restarted)...
            answers.add(number(2)); // ...and the restarted dsco answers on a new one
            assertEquals(2, g.checkpoint("demo", client, one, new byte[0]));
            assertEquals(before + 1, accepted.get());
        }
    }
}
