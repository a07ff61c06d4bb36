package eu.xtreemos.ds.saga;

import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.GroupEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.monitoring.Metric;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The group metrics and the manager role of the ds adaptor against an in-process dsco (FakeDsco): events reach
 * callbacks once and in order from where the manager says, a manager that missed a run is told, and a manager's object
 * serves no clients beside the application's.
 */
class GroupEventsTest {
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

    DsServer open(String url, String node) throws Exception {
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

    /** Collects the events fired on {@code metrics} of {@code s}. */
    static BlockingQueue<GroupEvent> watch(DsServer s, String... metrics) throws Exception {
        BlockingQueue<GroupEvent> seen = new LinkedBlockingQueue<>();
        for (String m : metrics) {
            s.addCallback(m, (monitorable, metric, ctx) -> {
                try {
                    seen.add(GroupEvent.parse(metric.getAttribute(Metric.VALUE)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return true;
            });
        }
        return seen;
    }

    static GroupEvent next(BlockingQueue<GroupEvent> q) throws InterruptedException {
        GroupEvent e = q.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no group event within 10 s");
        return e;
    }

    @Test
    void aManagerSeesTheEventsAfterItsCallbackOnceAndInOrder() throws Exception {
        dsco.note(GroupEvent.NODE_JOINED, "a"); // before the callback: not delivered
        DsServer m = open("ds://[::1]:" + port + "?role=manager", "a");
        BlockingQueue<GroupEvent> seen = watch(m, DistributedServer.DISTRIBUTEDSERVER_NODEJOINED, DistributedServer.DISTRIBUTEDSERVER_NODELEFT);
        for (int i = 0; i < 50; i++) {
            dsco.note(i % 2 == 0 ? GroupEvent.NODE_LEFT : GroupEvent.NODE_JOINED, "b");
        }
        for (long seq = 2; seq <= 51; seq++) {
            GroupEvent e = next(seen);
            assertEquals(seq, e.sequence(), "in order, none missing");
            assertEquals(seq % 2 == 0 ? GroupEvent.NODE_LEFT : GroupEvent.NODE_JOINED, e.kind());
            assertEquals("b", e.node());
        }
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "each once");
    }

    @Test
    void aManagerThatReconnectsGetsWhatItMissed() throws Exception {
        for (int i = 0; i < 5; i++) {
            dsco.note(GroupEvent.CONTACT_CHANGED, "b");
        }
        DsServer m = open("ds://[::1]:" + port + "?role=manager", "a");
        BlockingQueue<GroupEvent> seen = watch(m, DistributedServer.DISTRIBUTEDSERVER_CONTACTCHANGED);
        m.watchGroupEvents("run1", 2); // it had handled 1 and 2 before
        assertEquals(List.of(3L, 4L, 5L), List.of(next(seen).sequence(), next(seen).sequence(), next(seen).sequence()));
        assertEquals(List.of(3L, 4L, 5L), m.getGroupEvents("run1", 2, 0).stream().map(GroupEvent::sequence).toList());
    }

    @Test
    void aManagerOfAnEarlierRunIsToldItsEventsAreGone() throws Exception {
        dsco.epoch = "run2";
        dsco.note(GroupEvent.NODE_JOINED, "a");
        DsServer m = open("ds://[::1]:" + port + "?role=manager", "a");
        BlockingQueue<GroupEvent> seen = watch(m, DistributedServer.DISTRIBUTEDSERVER_EVENTSLOST, DistributedServer.DISTRIBUTEDSERVER_NODEJOINED);
        m.watchGroupEvents("run1", 7);
        GroupEvent lost = next(seen);
        assertEquals(GroupEvent.EVENTS_LOST, lost.kind());
        assertEquals("run2", lost.epoch());
        GroupEvent joined = next(seen);
        assertEquals(1, joined.sequence());
        assertEquals("run2", joined.epoch());
    }

    @Test
    void aManagersObjectServesNoClientsBesideTheApplication() throws Exception {
        DsServer app = open("ds://[::1]:" + port, "a"); // listens on the service port
        DsServer m1 = open("ds://[::1]:" + port + "?role=manager", "a");
        DsServer m2 = open("ds://[::1]:" + port + "/demo?role=manager", "a");
        IncorrectStateException e = assertThrows(IncorrectStateException.class, () -> m1.serve(0.1f));
        assertTrue(e.getMessage().contains("role=manager"), e.getMessage());
        assertThrows(IncorrectStateException.class, () -> m2.receive(0.1f));
        assertEquals("demo", m1.getServiceId());
        assertNull(app.serve(0.05f), "the application's object still serves");
        assertThrows(IncorrectURLException.class, () -> open("ds://[::1]:" + port + "?role=boss", "a"));
    }

    @Test
    void drainIsRefusedOnTheContactNodeAndForOrdinaryUsers() throws Exception {
        DsServer onA = open("ds://[::1]:" + port + "?role=manager", "a"); // a is the contact node
        IncorrectStateException e = assertThrows(IncorrectStateException.class, onA::drain);
        assertTrue(e.getMessage().contains("contact node"), e.getMessage());
        DsServer onB = open("ds://127.0.0.1:" + port + "?role=manager", "b");
        assertThrows(PermissionDeniedException.class, onB::drain);
    }

    @Test
    void anEventSurvivesItsMetricValue() {
        GroupEvent e = new GroupEvent("0a1b", 17, 1_700_000_000_000L, GroupEvent.HANDOFF_FAILED, "demo",
                InetAddress.getLoopbackAddress(), "server2", "receiver server2 refused: no application");
        assertEquals(e, GroupEvent.parse(e.toString()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> GroupEvent.parse("run1 x kind 0"));
        assertTrue(bad.getMessage().contains("numbers"), bad.getMessage());
    }
}
