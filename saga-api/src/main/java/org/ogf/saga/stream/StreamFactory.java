package org.ogf.saga.stream;

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
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * Creates streams (client side, state NEW) and stream servers. The implementation picks the adaptor by
 * the URL's scheme; a URL no adaptor handles gives {@link IncorrectURLException} naming the schemes that
 * are handled. Without a session the default session is used.
 */
public abstract class StreamFactory {
    protected abstract Stream doCreateStream(Session session, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException;

    protected abstract StreamServer doCreateStreamServer(Session session, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException;

    protected abstract Task<StreamFactory, Stream> doCreateStream(TaskMode mode, Session session, URL name)
            throws NotImplementedException;

    protected abstract Task<StreamFactory, StreamServer> doCreateStreamServer(TaskMode mode, Session session, URL name)
            throws NotImplementedException;

    private static StreamFactory factory(String factoryName) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getStreamFactory(factoryName);
    }

    private static Session defaultSession(String factoryName) throws NotImplementedException, NoSuccessException {
        return SessionFactory.createSession(factoryName, true);
    }

    public static Stream createStream(String factoryName, Session session, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return factory(factoryName).doCreateStream(session, name);
    }

    public static Stream createStream(String factoryName, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStream(factoryName, defaultSession(factoryName), name);
    }

    public static Stream createStream(Session session, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStream((String) null, session, name);
    }

    public static Stream createStream(URL name) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, IncorrectURLException,
            TimeoutException, NoSuccessException {
        return createStream((String) null, name);
    }

    public static StreamServer createStreamServer(String factoryName, Session session, URL name)
            throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, IncorrectURLException, TimeoutException,
            NoSuccessException {
        return factory(factoryName).doCreateStreamServer(session, name);
    }

    public static StreamServer createStreamServer(String factoryName, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStreamServer(factoryName, defaultSession(factoryName), name);
    }

    public static StreamServer createStreamServer(Session session, URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStreamServer((String) null, session, name);
    }

    public static StreamServer createStreamServer(URL name) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStreamServer((String) null, name);
    }

    public static Task<StreamFactory, Stream> createStream(String factoryName, TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return factory(factoryName).doCreateStream(mode, session, name);
    }

    public static Task<StreamFactory, Stream> createStream(TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return createStream(null, mode, session, name);
    }

    public static Task<StreamFactory, Stream> createStream(TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createStream(null, mode, defaultSession(null), name);
    }

    public static Task<StreamFactory, StreamServer> createStreamServer(String factoryName, TaskMode mode,
            Session session, URL name) throws NotImplementedException, NoSuccessException {
        return factory(factoryName).doCreateStreamServer(mode, session, name);
    }

    public static Task<StreamFactory, StreamServer> createStreamServer(TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return createStreamServer(null, mode, session, name);
    }

    public static Task<StreamFactory, StreamServer> createStreamServer(TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createStreamServer(null, mode, defaultSession(null), name);
    }

    // Stream servers without a URL: the implementation chooses where to serve (GFD.90's default URL ""). Ours
    // has no such default and answers BadParameterException; a URL names the adaptor that serves.

    public static StreamServer createStreamServer(String factoryName, Session session) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStreamServer(factoryName, session, null);
    }

    public static StreamServer createStreamServer(String factoryName) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStreamServer(factoryName, defaultSession(factoryName), null);
    }

    public static StreamServer createStreamServer(Session session) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStreamServer((String) null, session, null);
    }

    public static StreamServer createStreamServer() throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, IncorrectURLException, TimeoutException, NoSuccessException {
        return createStreamServer((String) null, defaultSession(null), null);
    }

    public static Task<StreamFactory, Stream> createStream(String factoryName, TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createStream(factoryName, mode, defaultSession(factoryName), name);
    }

    public static Task<StreamFactory, StreamServer> createStreamServer(String factoryName, TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createStreamServer(factoryName, mode, defaultSession(factoryName), name);
    }

    public static Task<StreamFactory, StreamServer> createStreamServer(String factoryName, TaskMode mode,
            Session session) throws NotImplementedException, NoSuccessException {
        return createStreamServer(factoryName, mode, session, null);
    }

    public static Task<StreamFactory, StreamServer> createStreamServer(String factoryName, TaskMode mode)
            throws NotImplementedException, NoSuccessException {
        return createStreamServer(factoryName, mode, defaultSession(factoryName), null);
    }

    public static Task<StreamFactory, StreamServer> createStreamServer(TaskMode mode, Session session)
            throws NotImplementedException, NoSuccessException {
        return createStreamServer(null, mode, session, null);
    }

    public static Task<StreamFactory, StreamServer> createStreamServer(TaskMode mode)
            throws NotImplementedException, NoSuccessException {
        return createStreamServer(null, mode, defaultSession(null), null);
    }
}
