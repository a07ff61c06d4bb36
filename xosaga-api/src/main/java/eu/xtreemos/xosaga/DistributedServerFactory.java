package eu.xtreemos.xosaga;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.stream.StreamFactory;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * Creates {@link DistributedServer}s, in the manner of every SAGA factory: static methods with and without a
 * session, with and without the factory name (the class name of the {@link org.ogf.saga.bootstrap.SagaFactory} to
 * use; without it the SAGA bootstrap chooses, as for {@link StreamFactory}), and task forms with a
 * {@link TaskMode}. The URL is a {@code ds://} URL, for instance {@code ds://[fd00:5::1]:7000}; one whose adaptor
 * serves plain streams (such as {@code tcp://}) is a {@link NotImplementedException}.
 *
 * <p>The implementation is the one the bootstrap picks, if its stream factory is a
 * {@link DistributedServerSupport}; otherwise every call answers {@link NotImplementedException} naming it.
 */
public abstract class DistributedServerFactory {
    protected DistributedServerFactory() {
    }

    /** A distributed server on {@code url}. To be provided by the implementation. */
    protected abstract DistributedServer doCreateDistributedServer(Session session, URL url)
            throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, IncorrectURLException, TimeoutException,
            NoSuccessException;

    /** A task that creates a distributed server on {@code url}. To be provided by the implementation. */
    protected abstract Task<DistributedServerFactory, DistributedServer> doCreateDistributedServer(TaskMode mode,
            Session session, URL url) throws NotImplementedException;

    private static DistributedServerFactory factory(String factoryName) throws NotImplementedException,
            NoSuccessException {
        StreamFactory streams = ImplementationBootstrapLoader.getStreamFactory(factoryName);
        if (streams instanceof DistributedServerSupport support) {
            return support.getDistributedServerFactory();
        }
        throw new NotImplementedException("the SAGA implementation " + (factoryName != null ? factoryName + " " : "")
                + "(stream factory " + streams.getClass().getName()
                + ") has no XOSAGA Distributed Servers support: use this project's engine (saga-engine)");
    }

    private static Session defaultSession(String factoryName) throws NotImplementedException, NoSuccessException {
        return SessionFactory.createSession(factoryName, true);
    }

    /**
     * A distributed server on {@code url} in {@code session}, made by the SAGA implementation {@code factoryName}.
     *
     * @throws NotImplementedException the implementation, or the adaptor for the URL's scheme, has no Distributed
     *                                 Servers support
     * @throws IncorrectURLException   the URL names no distributed server this node's dsco serves
     * @throws AuthorizationFailedException dsco does not allow this user
     * @throws NoSuccessException      dsco cannot be reached, or the service address cannot be listened on
     */
    public static DistributedServer createDistributedServer(String factoryName, Session session, URL url)
            throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, IncorrectURLException, TimeoutException,
            NoSuccessException {
        return factory(factoryName).doCreateDistributedServer(session, url);
    }

    /** A distributed server on {@code url} in the default session, made by the SAGA implementation {@code factoryName}. */
    public static DistributedServer createDistributedServer(String factoryName, URL url) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createDistributedServer(factoryName, defaultSession(factoryName), url);
    }

    /** A distributed server on {@code url} in {@code session}. */
    public static DistributedServer createDistributedServer(Session session, URL url) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createDistributedServer((String) null, session, url);
    }

    /** A distributed server on {@code url} in the default session. */
    public static DistributedServer createDistributedServer(URL url) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createDistributedServer((String) null, url);
    }

    /** Task form of {@link #createDistributedServer(String, Session, URL)}. */
    public static Task<DistributedServerFactory, DistributedServer> createDistributedServer(String factoryName,
            TaskMode mode, Session session, URL url) throws NotImplementedException, NoSuccessException {
        return factory(factoryName).doCreateDistributedServer(mode, session, url);
    }

    /** Task form of {@link #createDistributedServer(String, URL)}. */
    public static Task<DistributedServerFactory, DistributedServer> createDistributedServer(String factoryName,
            TaskMode mode, URL url) throws NotImplementedException, NoSuccessException {
        return createDistributedServer(factoryName, mode, defaultSession(factoryName), url);
    }

    /** Task form of {@link #createDistributedServer(Session, URL)}. */
    public static Task<DistributedServerFactory, DistributedServer> createDistributedServer(TaskMode mode,
            Session session, URL url) throws NotImplementedException, NoSuccessException {
        return createDistributedServer((String) null, mode, session, url);
    }

    /** Task form of {@link #createDistributedServer(URL)}. */
    public static Task<DistributedServerFactory, DistributedServer> createDistributedServer(TaskMode mode, URL url)
            throws NotImplementedException, NoSuccessException {
        return createDistributedServer((String) null, mode, url);
    }
}
