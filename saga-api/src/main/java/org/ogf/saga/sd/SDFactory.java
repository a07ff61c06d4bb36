package org.ogf.saga.sd;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * Factory of the service discovery package (OGF GFD.144, shipped with the Java binding 1.1.1): discoverers of services.
 * This implementation (Distributed Servers) does not provide the package: every method throws
 * {@link NotImplementedException} saying so (as the binding allows), before it does anything else.
 */
public abstract class SDFactory {
    /** Implementation of {@link #createDiscoverer}. */
    protected abstract Discoverer doCreateDiscoverer(Session session) throws AuthenticationFailedException,
            AuthorizationFailedException, DoesNotExistException, IncorrectURLException, NoSuccessException,
            NotImplementedException, TimeoutException;

    /** Implementation of {@link #createDiscoverer}. */
    protected abstract Discoverer doCreateDiscoverer(Session session, URL url) throws AuthenticationFailedException,
            AuthorizationFailedException, DoesNotExistException, IncorrectURLException, NoSuccessException,
            NotImplementedException, TimeoutException;

    private static SDFactory factory(String sagaFactoryClassname) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getSDFactory(sagaFactoryClassname);
    }

    /** The given session, or the default session of the named implementation. */
    private static Session session(String sagaFactoryClassname, Session session) throws NotImplementedException,
            NoSuccessException {
        return session != null ? session : SessionFactory.createSession(sagaFactoryClassname, true);
    }

    /**
     * A discoverer using the default information system in {@code session} (default: the default session). Uses
     * the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Discoverer createDiscoverer(String sagaFactoryClassname, Session session)
            throws AuthenticationFailedException, AuthorizationFailedException, DoesNotExistException,
            IncorrectURLException, NoSuccessException, NotImplementedException, TimeoutException {
        SDFactory f = factory(sagaFactoryClassname);
        return f.doCreateDiscoverer(session(sagaFactoryClassname, session));
    }

    /**
     * A discoverer using the default information system in {@code session} (default: the default session).
     */
    public static Discoverer createDiscoverer(Session session) throws AuthenticationFailedException,
            AuthorizationFailedException, DoesNotExistException, IncorrectURLException, NoSuccessException,
            NotImplementedException, TimeoutException {
        return createDiscoverer((String) null, session);
    }

    /**
     * A discoverer using the default information system in {@code session} (default: the default session). Uses
     * the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Discoverer createDiscoverer(String sagaFactoryClassname) throws AuthenticationFailedException,
            AuthorizationFailedException, DoesNotExistException, IncorrectURLException, NoSuccessException,
            NotImplementedException, TimeoutException {
        return createDiscoverer(sagaFactoryClassname, (Session) null);
    }

    /**
     * A discoverer using the default information system in {@code session} (default: the default session).
     */
    public static Discoverer createDiscoverer() throws AuthenticationFailedException, AuthorizationFailedException,
            DoesNotExistException, IncorrectURLException, NoSuccessException, NotImplementedException,
            TimeoutException {
        return createDiscoverer((String) null);
    }

    /**
     * A discoverer using the information system at {@code url} in {@code session}. Uses the SAGA implementation
     * named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Discoverer createDiscoverer(String sagaFactoryClassname, Session session, URL url)
            throws AuthenticationFailedException, AuthorizationFailedException, DoesNotExistException,
            IncorrectURLException, NoSuccessException, NotImplementedException, TimeoutException {
        SDFactory f = factory(sagaFactoryClassname);
        return f.doCreateDiscoverer(session(sagaFactoryClassname, session), url);
    }

    /**
     * A discoverer using the information system at {@code url} in {@code session}.
     */
    public static Discoverer createDiscoverer(Session session, URL url) throws AuthenticationFailedException,
            AuthorizationFailedException, DoesNotExistException, IncorrectURLException, NoSuccessException,
            NotImplementedException, TimeoutException {
        return createDiscoverer((String) null, session, url);
    }
}
