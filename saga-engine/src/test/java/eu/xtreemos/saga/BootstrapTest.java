package eu.xtreemos.saga;

import org.junit.jupiter.api.Test;
import eu.xtreemos.saga.engine.EngineSagaFactory;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.buffer.BufferFactory;
import org.ogf.saga.context.Context;
import org.ogf.saga.context.ContextFactory;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.SagaException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.url.URLFactory;

import static org.junit.jupiter.api.Assertions.*;

class BootstrapTest {
    @Test
    void theDefaultFactoryAndTheFactoryNameVariantsAgree() throws Exception {
        Session d = SessionFactory.createSession();
        assertSame(d, SessionFactory.createSession(true), "one default session");
        assertSame(d, SessionFactory.createSession(EngineSagaFactory.class.getName(), true));
        assertNotSame(d, SessionFactory.createSession(false));
        assertEquals("ds://[::1]:1", URLFactory.createURL(EngineSagaFactory.class.getName(), "ds://[::1]:1").toString());
    }

    @Test
    void anUnknownFactoryClassIsNamedInTheError() {
        NoSuccessException e = assertThrows(NoSuccessException.class, () -> SessionFactory.createSession("no.such.Factory", true));
        assertTrue(e.getMessage().contains("no.such.Factory"), e.getMessage());
    }

    @Test
    void aSchemeNoAdaptorHandlesIsAnIncorrectUrl() throws Exception {
        IncorrectURLException e = assertThrows(IncorrectURLException.class,
                () -> StreamFactory.createStream(URLFactory.createURL("gsiftp://[::1]:1")));
        assertTrue(e.getMessage().contains("gsiftp"), e.getMessage());
    }

    @Test
    void sessionsKeepCopiesOfTheirContexts() throws Exception {
        Session s = SessionFactory.createSession(false);
        Context c = ContextFactory.createContext("dsco");
        c.setAttribute(Context.SERVER, "/run/dsco/dsco.sock");
        s.addContext(c);
        c.setAttribute(Context.SERVER, "/elsewhere");
        assertEquals("/run/dsco/dsco.sock", s.listContexts()[0].getAttribute(Context.SERVER));
        assertThrows(NoSuccessException.class, () -> s.addContext(ContextFactory.createContext()), "a context needs a Type");
    }

    @Test
    void closedBuffersAndReadOnlyMetricsRefuse() throws Exception {
        Buffer b = BufferFactory.createBuffer(8);
        assertEquals(8, b.getSize());
        b.close();
        assertThrows(IncorrectStateException.class, b::getSize);
    }

    @Test
    void exceptionsOrderBySpecificity() {
        SagaException url = new IncorrectURLException("u"), perm = new PermissionDeniedException("p"), ni = new NotImplementedException("n");
        assertTrue(url.compareTo(perm) < 0);
        assertTrue(perm.compareTo(ni) < 0);
    }
}
