package eu.xtreemos.ds.saga;

import eu.xtreemos.ds.dsco.api.Status;
import eu.xtreemos.ds.dsco.client.DscoException;
import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamState;
import org.ogf.saga.task.State;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** CHECKPOINT through the ds adaptor against an in-process dsco: what reaches dsco, the streams paused meanwhile, errors. */
class DsServerCheckpointTest {
    FakeDsco dsco;
    Session session;
    int port;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        dsco = new FakeDsco(port);
        session = SessionFactory.createSession(false);
    }

    DsServer server() throws Exception {
        URL u = URLFactory.createURL("ds://[::1]:" + port);
        DsServer s = new DsServer(session, u, DsUrl.parse(u, session), dsco.node("a"));
        toClose.add(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    Socket connect() throws Exception {
        Socket c = new Socket("::1", port);
        c.setSoTimeout(5000);
        toClose.add(c);
        return c;
    }

    static Buffer buf(String s) throws Exception {
        return BufferFactory.createBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    static String readN(InputStream in, int n) throws Exception {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    @Test
    void anUnprotectedServerRefusesCheckpointsBeforeAskingDsco() throws Exception {
        DsServer a = server();
        assertFalse(a.isProtected());
        connect();
        DistributedServerClient who = a.getClient(a.serve(5f));
        IncorrectStateException e = assertThrows(IncorrectStateException.class, () -> a.checkpoint(who, new byte[1]));
        assertTrue(e.getMessage().contains("service demo is not protected"), e.getMessage());
        assertThrows(IncorrectStateException.class, () -> a.checkpointEnded(who));
        assertTrue(dsco.checkpoints.isEmpty());
    }

    @Test
    void aCheckpointGivesDscoAllTheClientsLiveSocketsAndTheState() throws Exception {
        dsco.protectedService = true;
        DsServer a = server();
        assertTrue(a.isProtected());
        Socket one = connect(), two = connect();
        Stream s1 = a.serve(5f), s2 = a.serve(5f);
        DistributedServerClient who = a.getClient(s1);
        assertSame(who, a.getClient(s2));
        long n1 = a.checkpoint(who, "state-1".getBytes());
        Task<DistributedServer, Long> t = a.checkpoint(TaskMode.ASYNC, who, "state-2".getBytes());
        long n2 = t.getResult();
        assertTrue(n2 > n1, n1 + " then " + n2);
        List<FakeDsco.Checkpoint> cps = dsco.checkpointsOf(who.getAddress());
        assertEquals(2, cps.size());
        List<Integer> ports = List.of(one.getLocalPort(), two.getLocalPort()).stream().sorted().toList();
        assertEquals(ports, cps.get(0).ports(), "both connections, in the client's port order");
        assertEquals("state-1", new String(cps.get(0).state()));
        assertEquals("state-2", new String(cps.get(1).state()));
        // The channels stay the application's, live.
        assertEquals(StreamState.OPEN, s1.getState());
        s1.write(buf("after"));
        assertEquals("after", readN(one.getInputStream(), 5));
    }

    @Test
    void theStreamsArePausedDuringTheCheckpointAndResumedAfterIt() throws Exception {
        dsco.protectedService = true;
        DsServer a = server();
        Socket c = connect();
        Stream served = a.serve(5f);
        DistributedServerClient who = a.getClient(served);
        Buffer in = BufferFactory.createBuffer(16);
        Task<Stream, Integer> reader = served.read(TaskMode.ASYNC, in); // blocked: nothing sent yet
        Thread.sleep(100);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Task<Stream, Integer>> writers = new ArrayList<>();
        dsco.onCheckpoint = (client, channels) -> {
            try {
                c.getOutputStream().write("ping".getBytes());
                Task<Stream, Integer> w = served.write(TaskMode.ASYNC, buf("pong"));
                writers.add(w);
                Thread.sleep(200);
                seen.add("reader " + reader.getState() + ", writer " + w.getState() + ", client has " + c.getInputStream().available());
            } catch (Exception e) {
                seen.add(e.toString());
            }
        };
        a.checkpoint(who, new byte[0]);
        assertEquals(List.of("reader RUNNING, writer RUNNING, client has 0"), seen, "no read and no write during the dump");
        assertEquals(4, reader.getResult(), "the reader goes on afterwards");
        assertEquals("ping", new String(in.getData(), 0, 4));
        assertEquals(4, writers.get(0).getResult());
        assertEquals("pong", readN(c.getInputStream(), 4));
    }

    @Test
    void aThreadWaitingToWriteIsWokenForTheCheckpoint() throws Exception {
        dsco.protectedService = true;
        DsServer a = server();
        Socket c = connect();
        Stream served = a.serve(5f);
        served.setAttribute(Stream.BLOCKING, "False");
        Buffer chunk = BufferFactory.createBuffer(new byte[64 * 1024]);
        while (served.write(chunk) > 0) {
            // fill the socket: the client reads nothing
        }
        Task<Stream, Integer> waiting = served.waitFor(TaskMode.ASYNC, Activity.WRITE.getValue(), 10f);
        Thread.sleep(100);
        long t0 = System.nanoTime();
        a.checkpoint(a.getClient(served), new byte[0]);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "the checkpoint waited " + ms + " ms for a thread waiting to write");
        assertEquals(State.RUNNING, waiting.getState(), "it waits on after the checkpoint");
        c.close();
    }

    @Test
    void aFailedCheckpointResumesTheStreamsAndSaysWhy() throws Exception {
        dsco.protectedService = true;
        DsServer a = server();
        Socket c = connect();
        Stream served = a.serve(5f);
        DistributedServerClient who = a.getClient(served);
        dsco.onCheckpoint = (client, channels) -> {
            throw new DscoException(Status.FAILED, "backup b did not acknowledge");
        };
        NoSuccessException e = assertThrows(NoSuccessException.class, () -> a.checkpoint(who, new byte[0]));
        assertTrue(e.getMessage().contains("checkpoint of " + who.getAddress().getHostAddress() + ": ") && e.getMessage().contains("backup b did not acknowledge"),
                e.getMessage());
        dsco.onCheckpoint = (client, channels) -> {
            throw new DscoException(Status.UNKNOWN_OP, "unknown operation 43");
        };
        assertThrows(NotImplementedException.class, () -> a.checkpoint(who, new byte[0]));
        assertTrue(dsco.checkpoints.isEmpty());
        assertEquals(StreamState.OPEN, served.getState());
        c.getOutputStream().write("still".getBytes());
        Buffer in = BufferFactory.createBuffer(5);
        assertEquals(5, served.read(in));
        served.write(buf("here"));
        assertEquals("here", readN(c.getInputStream(), 4));
    }

    @Test
    void badCallsAreRefusedNamingWhatWasWrong() throws Exception {
        dsco.protectedService = true;
        DsServer a = server();
        Socket c = connect();
        Stream served = a.serve(5f);
        DistributedServerClient who = a.getClient(served);
        assertThrows(BadParameterException.class, () -> a.checkpoint(null, new byte[0]));
        BadParameterException big = assertThrows(BadParameterException.class, () -> a.checkpoint(who, new byte[64 * 1024 + 1]));
        assertTrue(big.getMessage().contains("65537 bytes, at most 65536"), big.getMessage());
        IncorrectStateException open = assertThrows(IncorrectStateException.class, () -> a.checkpointEnded(who));
        assertTrue(open.getMessage().contains("1 open stream(s)"), open.getMessage());
        c.close();
        served.close();
        IncorrectStateException gone = assertThrows(IncorrectStateException.class, () -> a.checkpoint(who, new byte[0]));
        assertTrue(gone.getMessage().contains("no open stream"), gone.getMessage());
        assertTrue(dsco.checkpoints.isEmpty());

        long n = a.checkpointEnded(who);
        FakeDsco.Checkpoint last = dsco.checkpoints.get(0);
        assertTrue(last.ended(), "no channels: the backup forgets the client");
        assertEquals(n, last.number());
        a.close();
        assertThrows(IncorrectStateException.class, () -> a.checkpoint(who, new byte[0]));
        assertThrows(IncorrectStateException.class, a::isProtected);
    }
}
