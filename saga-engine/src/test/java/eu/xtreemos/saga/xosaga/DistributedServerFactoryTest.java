package eu.xtreemos.saga.xosaga;

import eu.xtreemos.saga.engine.EngineSagaFactory;
import eu.xtreemos.xosaga.DistributedServer;
import eu.xtreemos.xosaga.DistributedServerFactory;
import org.junit.jupiter.api.Test;
import org.ogf.saga.bootstrap.AnotherSagaFactory;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.stream.StreamServer;
import org.ogf.saga.task.State;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;
import org.ogf.saga.url.URLFactory;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DistributedServerFactory has the overloads of every SAGA factory (factory name, session, TaskMode), goes through
 * the SAGA bootstrap to the implementation, and refuses a URL whose adaptor serves plain streams.
 */
class DistributedServerFactoryTest {
    private static final URL STANDIN = url(StandInDistributedServerAdaptor.SCHEME + "://[::1]:7000");

    private static URL url(String s) {
        try {
            return URLFactory.createURL(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyFormGivesTheAdaptorsDistributedServer() throws Exception {
        Session session = SessionFactory.createSession(false);
        String engine = EngineSagaFactory.class.getName();
        for (DistributedServer d : new DistributedServer[] {
                DistributedServerFactory.createDistributedServer(STANDIN),
                DistributedServerFactory.createDistributedServer(session, STANDIN),
                DistributedServerFactory.createDistributedServer(engine, STANDIN),
                DistributedServerFactory.createDistributedServer(engine, session, STANDIN),
                DistributedServerFactory.createDistributedServer(TaskMode.SYNC, STANDIN).getResult(),
                DistributedServerFactory.createDistributedServer(TaskMode.ASYNC, session, STANDIN).getResult(),
                DistributedServerFactory.createDistributedServer(engine, TaskMode.ASYNC, STANDIN).getResult(),
                DistributedServerFactory.createDistributedServer(engine, TaskMode.SYNC, session, STANDIN).getResult()}) {
            assertSame(STANDIN, d.getUrl());
        }
    }

    @Test
    void theTaskFormInModeTaskWaitsForRun() throws Exception {
        Task<DistributedServerFactory, DistributedServer> t = DistributedServerFactory.createDistributedServer(TaskMode.TASK, STANDIN);
        assertEquals(State.NEW, t.getState());
        t.run();
        t.waitFor();
        assertEquals(State.DONE, t.getState());
        assertSame(STANDIN, t.getResult().getUrl());
    }

    @Test
    void aUrlWhoseAdaptorServesPlainStreamsIsNotImplementedAndItsServerIsClosedAgain() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        URL tcp = URLFactory.createURL("tcp://[::1]:" + port);
        NotImplementedException e = assertThrows(NotImplementedException.class, () -> DistributedServerFactory.createDistributedServer(tcp));
        assertTrue(e.getMessage().contains("plain streams") && e.getMessage().contains("ds://"), e.getMessage());
        try (StreamServer again = StreamFactory.createStreamServer(tcp)) {
            assertEquals(port, again.getUrl().getPort(), "the tcp server made on the way was closed");
        }

        Task<DistributedServerFactory, DistributedServer> t = DistributedServerFactory.createDistributedServer(TaskMode.ASYNC, tcp);
        t.waitFor();
        assertEquals(State.FAILED, t.getState());
        assertThrows(NotImplementedException.class, t::getResult, "a failed task rethrows the call's own exception");
    }

    @Test
    void anImplementationWithoutDistributedServersIsNotImplemented() throws Exception {
        Session session = SessionFactory.createSession(false);
        assertThrows(NotImplementedException.class, () -> DistributedServerFactory.createDistributedServer(
                AnotherSagaFactory.class.getName(), session, STANDIN));
    }
}
