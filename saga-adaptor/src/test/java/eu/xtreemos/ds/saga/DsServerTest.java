package eu.xtreemos.ds.saga;

import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerClient;
import eu.xtreemos.xosaga.ReceivedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.Activity;
import org.ogf.saga.stream.Stream;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.stream.StreamState;
import org.ogf.saga.task.State;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** SAGA semantics of the ds adaptor against an in-process dsco: states, errors, callbacks, task forms, handoff. */
class DsServerTest {
    FakeDsco dsco;
    DsServer a, b;
    Session session;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        dsco = new FakeDsco(port);
        session = SessionFactory.createSession(false);
        a = server("ds://[::1]:" + port, "a");
        b = server("ds://127.0.0.1:" + port, "b");
    }

    DsServer server(String url, String node) throws Exception {
        URL u = URLFactory.createURL(url);
        DsServer s = new DsServer(session, u, DsUrl.parse(u, session), dsco.node(node));
        toClose.add(s);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    static Buffer buf(String s) throws Exception {
        return BufferFactory.createBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    static String read(Stream s) throws Exception {
        Buffer b = BufferFactory.createBuffer(1024);
        int n = s.read(b);
        return new String(b.getData(), 0, n, StandardCharsets.UTF_8);
    }

    /** A metric's attribute, inside a callback (which may throw no other exception). */
    static String attr(org.ogf.saga.monitoring.Metric m, String key) {
        try {
            return m.getAttribute(key);
        } catch (org.ogf.saga.error.SagaException e) {
            return e.toString();
        }
    }

    Stream client() throws Exception {
        Stream c = StreamFactory.createStream(session, a.getUrl());
        toClose.add(c);
        assertEquals(StreamState.NEW, c.getState());
        c.connect(5f);
        return c;
    }

    @Test
    void streamStatesNewOpenClosedDropped() throws Exception {
        Stream c = client();
        assertEquals(StreamState.OPEN, c.getState());
        Stream served = a.serve(5f);
        assertEquals(StreamState.OPEN, served.getState());
        assertThrows(IncorrectStateException.class, c::connect, "connect twice");
        c.write(buf("hello"));
        assertEquals("hello", read(served));
        List<String> states = Collections.synchronizedList(new ArrayList<>());
        served.addCallback(Stream.STREAM_STATE, (m, metric, ctx) -> {
            states.add(attr(metric, "Value"));
            return true;
        });
        c.close();
        assertEquals(StreamState.CLOSED, c.getState());
        assertThrows(IncorrectStateException.class, () -> c.write(buf("x")), "write on a closed stream");
        assertEquals(0, served.read(BufferFactory.createBuffer(10)), "the other side closed");
        assertEquals(StreamState.DROPPED, served.getState());
        assertEquals(List.of("DROPPED"), states);
        assertThrows(IncorrectStateException.class, () -> served.read(BufferFactory.createBuffer(10)));
    }

    @Test
    void closingADroppedStreamReleasesItsSocket() throws Exception {
        try (java.net.Socket c = new java.net.Socket("::1", a.getUrl().getPort())) {
            c.setSoTimeout(5000);
            Stream served = a.serve(5f);
            c.shutdownOutput(); // the client is done sending
            served.waitFor(Activity.READ.getValue(), 5f);
            assertEquals(0, served.read(BufferFactory.createBuffer(16)));
            assertEquals(StreamState.DROPPED, served.getState());
            served.close();
            assertEquals(-1, c.getInputStream().read(), "the server's side is closed too (FIN), not left half open");
        }
    }

    @Test
    void serverStatesAndClientConnectCallback() throws Exception {
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        a.addCallback(StreamServer.STREAMSERVER_CLIENTCONNECT, (m, metric, ctx) -> {
            fired.add(attr(metric, "Name"));
            return true;
        });
        assertNull(a.serve(0.1f), "no client: serve times out with null");
        client();
        assertNotNull(a.serve(5f));
        assertEquals(List.of(StreamServer.STREAMSERVER_CLIENTCONNECT), fired);
        a.close();
        assertThrows(IncorrectStateException.class, a::serve);
        assertThrows(IncorrectStateException.class, a::getUrl);
        a.close(); // twice is fine
    }

    @Test
    void timeoutsAndBadParameters() throws Exception {
        Stream c = client();
        Stream served = a.serve(5f);
        served.setAttribute(Stream.TIMEOUT, "0.2");
        assertThrows(TimeoutException.class, () -> served.read(BufferFactory.createBuffer(10)));
        assertEquals(0, served.waitFor(Activity.READ.getValue(), 0.1f));
        assertThrows(BadParameterException.class, () -> served.setAttribute(Stream.BLOCKING, "maybe"));
        assertThrows(PermissionDeniedException.class, () -> served.setAttribute(Stream.RELIABLE, "False"));
        assertThrows(BadParameterException.class, () -> c.read(BufferFactory.createBuffer(new byte[4]), 10));
        assertThrows(NotImplementedException.class, () -> a.permissionsCheck("*", 1));
    }

    @Test
    void asyncAndTaskFormsCompleteWithTheSameResultAsSync() throws Exception {
        Task<StreamServer, Stream> serving = a.serve(TaskMode.ASYNC, 5f);
        Stream c = client();
        Stream served = serving.getResult();
        assertEquals(StreamState.OPEN, served.getState());
        c.write(buf("abc"));
        Task<Stream, Integer> reading = served.read(TaskMode.TASK, BufferFactory.createBuffer(10));
        assertEquals(State.NEW, reading.getState());
        reading.run();
        assertEquals(3, reading.toCompletableFuture().get());
        Task<Stream, Integer> writing = served.write(TaskMode.SYNC, buf("xyz"));
        assertEquals(State.DONE, writing.getState());
        assertEquals(3, writing.getResult());
        assertEquals("xyz", read(c));
    }

    @Test
    void badUrlsAreIncorrectUrls() throws Exception {
        for (String bad : new String[] {"ds://[::1]", "ds://localhost:7000", "ds://[fd00::9]:" + dsco.port, "ds://[::1]:1",
                "ds://[::1]:7000?color=red"}) {
            URL u = URLFactory.createURL(bad);
            assertThrows(IncorrectURLException.class, () -> new DsServer(session, u, DsUrl.parse(u, session), dsco.node("a")), bad);
        }
    }

    @Test
    void aProcessDscoRefusesGetsAuthorizationFailed() throws Exception {
        dsco.refuseWith = "uid 4242 is not allowed to use dsco";
        URL u = URLFactory.createURL("ds://[::1]:" + (dsco.port + 1));
        AuthorizationFailedException e = assertThrows(AuthorizationFailedException.class,
                () -> new DsServer(session, u, DsUrl.parse(u, session), dsco.node("a")));
        assertTrue(e.getMessage().contains("api.users"), e.getMessage());
        dsco.refuseWith = null;
        assertThrows(PermissionDeniedException.class, () -> a.changeContactNode("b"));
    }

    @Test
    void groupChangesRaiseTheSagaExceptionOfDscosAnswer() throws Exception {
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                () -> a.addNode("c", InetAddress.getByName("fd00::c")));
        assertTrue(denied.getMessage().contains("ADD_NODE needs root or the admin group"), denied.getMessage());
        BadParameterException unknown = assertThrows(BadParameterException.class, () -> a.removeNode("z"));
        assertTrue(unknown.getMessage().contains("unknown node 'z'"), unknown.getMessage());
        assertThrows(NoSuccessException.class, () -> a.setContactSuccessors(List.of("b", "a")));
        BadParameterException v4 = assertThrows(BadParameterException.class, () -> a.addNode("c", InetAddress.getByName("10.0.0.3")));
        assertTrue(v4.getMessage().contains("must be IPv6, not 10.0.0.3"), v4.getMessage());
        assertThrows(BadParameterException.class, () -> a.setContactSuccessors(null));
    }

    @Test
    void handoffMovesStreamsStateAndUnreadBytes() throws Exception {
        Stream c = client();
        Stream served = a.serve(5f);
        c.write(buf("line1\n"));
        assertEquals("line1\n", read(served));
        c.write(buf("unread")); // still in the kernel's queue when the handoff starts
        Thread.sleep(100);
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        b.addCallback(DistributedServer.DISTRIBUTEDSERVER_CLIENTRECEIVED, (m, metric, ctx) -> {
            received.add(attr(metric, "Value"));
            return true;
        });
        // A reader blocked in waitFor on the donor is paused, then told the client moved.
        Task<Stream, Integer> blocked = served.waitFor(TaskMode.ASYNC, Activity.EXCEPTION.getValue(), 10f);
        Thread.sleep(100);
        DistributedServerClient who = a.getClient(served);
        Task<DistributedServer, Void> h = a.handoff(TaskMode.ASYNC, who, "b", "state-42".getBytes());
        h.waitFor(10f);
        h.rethrow();
        assertEquals(State.DONE, h.getState());
        assertEquals(StreamState.CLOSED, served.getState());
        assertThrows(IncorrectStateException.class, () -> served.read(BufferFactory.createBuffer(10)));
        blocked.waitFor(5f);
        assertEquals(State.FAILED, blocked.getState());
        assertTrue(assertThrows(IncorrectStateException.class, blocked::rethrow).getMessage().contains("handed off to b"));
        assertEquals("1", a.getMetric(DistributedServer.DISTRIBUTEDSERVER_HANDOFF).getAttribute("Value"));

        ReceivedClient r = b.receive(5f);
        assertNotNull(r);
        assertEquals("state-42", new String(r.getState()));
        assertEquals(List.of(r.getAddress().getHostAddress()), received);
        Stream moved = r.getStreams().get(0);
        assertEquals("unread", read(moved), "the bytes the donor had not read arrive on the receiver");
        moved.write(buf("from b"));
        assertEquals("from b", read(c));
        assertTrue(a.listClients().isEmpty());
        assertEquals(1, b.listClients().size());
    }

    @Test
    void aFailedHandoffLeavesTheClientHere() throws Exception {
        Stream c = client();
        Stream served = a.serve(5f);
        DistributedServerClient who = a.getClient(served);
        assertThrows(BadParameterException.class, () -> a.handoff(who, "a", new byte[0]), "to itself");
        assertThrows(BadParameterException.class, () -> a.handoff(who, "b", new byte[64 * 1024 + 1]), "state too large");
        BadParameterException unknown = assertThrows(BadParameterException.class, () -> a.handoff(who, "nosuch", new byte[0]));
        assertTrue(unknown.getMessage().contains("no node 'nosuch'") && unknown.getMessage().contains("a, b"), unknown.getMessage());
        b.close(); // node b has no receiver now
        assertThrows(NoSuccessException.class, () -> a.handoff(who, "b", new byte[0]));
        assertEquals("1", a.getMetric(DistributedServer.DISTRIBUTEDSERVER_HANDOFFFAILED).getAttribute("Value"));
        assertEquals(StreamState.OPEN, served.getState());
        c.write(buf("still here"));
        assertEquals("still here", read(served));
    }

    @Test
    void theApplicationsFailingHandlersReachNeitherDscoNorTheDonor() throws Exception {
        // dsco's client library ends the registration when an event handler throws: the node would refuse clients.
        Stream c = client();
        Stream served = a.serve(5f);
        DistributedServerClient who = a.getClient(served);
        a.setHandoffRequestHandler((ds, client, node) -> {
            throw new NoSuccessException("the application refuses");
        });
        dsco.receivers.get("a").handoffRequested(who.getAddress(), "b");
        dsco.receivers.get("a").handoffRequested(InetAddress.getByName("2001:db8::99"), "b"); // not served here
        assertEquals(StreamState.OPEN, served.getState());

        b.setReceiveHandler((ds, client) -> {
            throw new IllegalStateException("the application's handler is broken");
        });
        a.handoff(who, "b", new byte[0]); // committed before b's application is told: the donor's handoff succeeded
        assertEquals(StreamState.CLOSED, served.getState());
        assertEquals(1, b.listClients().size(), "b serves the client whatever its handler did");
        c.close();
    }

    @Test
    void aClientHandedOffBeforeAnyReadIsServedThroughJavaIoStreams() throws Exception {
        Stream c = client();
        Stream served = a.serve(5f);
        c.write(buf("hi\n"));
        a.handoff(a.getClient(served), "b", new byte[0]);
        Stream moved = b.receive(5f).getStreams().get(0);
        java.io.InputStream in = moved.getInputStream();
        assertEquals('h', in.read());
        assertEquals('i', in.read());
        assertEquals('\n', in.read());
        moved.getOutputStream().write("ok".getBytes());
        assertEquals("ok", read(c));
    }
}
