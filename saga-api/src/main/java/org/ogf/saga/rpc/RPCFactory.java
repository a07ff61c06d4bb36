package org.ogf.saga.rpc;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
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
 * Factory of the RPC package (GFD.90 section 4.6, GridRPC): remote procedure handles and their parameters.
 * This implementation (Distributed Servers) does not provide the package: every method throws
 * {@link NotImplementedException} saying so (as the binding allows), before it does anything else.
 */
public abstract class RPCFactory {
    /** Implementation of {@link #createParameter}. */
    protected abstract Parameter doCreateParameter(Object data, IOMode mode) throws BadParameterException,
            NoSuccessException, NotImplementedException;

    /** Implementation of {@link #createRPC}. */
    protected abstract RPC doCreateRPC(Session session, URL funcname) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /** Implementation of {@link #createRPC} in task form. */
    protected abstract Task<RPCFactory, RPC> doCreateRPC(TaskMode mode, Session session, URL funcname)
            throws NotImplementedException;

    private static RPCFactory factory(String sagaFactoryClassname) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getRPCFactory(sagaFactoryClassname);
    }

    /** The given session, or the default session of the named implementation. */
    private static Session session(String sagaFactoryClassname, Session session) throws NotImplementedException,
            NoSuccessException {
        return session != null ? session : SessionFactory.createSession(sagaFactoryClassname, true);
    }

    /**
     * A parameter of a remote call holding {@code data} (default none), passed as {@code mode} (default {@link
     * IOMode#IN}). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Parameter createParameter(String sagaFactoryClassname, Object data, IOMode mode)
            throws BadParameterException, NoSuccessException, NotImplementedException {
        RPCFactory f = factory(sagaFactoryClassname);
        return f.doCreateParameter(data, mode);
    }

    /**
     * A parameter of a remote call holding {@code data} (default none), passed as {@code mode} (default {@link
     * IOMode#IN}).
     */
    public static Parameter createParameter(Object data, IOMode mode) throws BadParameterException, NoSuccessException,
            NotImplementedException {
        return createParameter((String) null, data, mode);
    }

    /**
     * A parameter of a remote call holding {@code data} (default none), passed as {@code mode} (default {@link
     * IOMode#IN}). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Parameter createParameter(String sagaFactoryClassname, IOMode mode) throws BadParameterException,
            NoSuccessException, NotImplementedException {
        return createParameter(sagaFactoryClassname, (Object) null, mode);
    }

    /**
     * A parameter of a remote call holding {@code data} (default none), passed as {@code mode} (default {@link
     * IOMode#IN}).
     */
    public static Parameter createParameter(IOMode mode) throws BadParameterException, NoSuccessException,
            NotImplementedException {
        return createParameter((String) null, mode);
    }

    /**
     * A parameter of a remote call holding {@code data} (default none), passed as {@code mode} (default {@link
     * IOMode#IN}). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Parameter createParameter(String sagaFactoryClassname, Object data) throws BadParameterException,
            NoSuccessException, NotImplementedException {
        return createParameter(sagaFactoryClassname, data, IOMode.IN);
    }

    /**
     * A parameter of a remote call holding {@code data} (default none), passed as {@code mode} (default {@link
     * IOMode#IN}).
     */
    public static Parameter createParameter(Object data) throws BadParameterException, NoSuccessException,
            NotImplementedException {
        return createParameter((String) null, data);
    }

    /**
     * A parameter of a remote call holding {@code data} (default none), passed as {@code mode} (default {@link
     * IOMode#IN}). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Parameter createParameter(String sagaFactoryClassname) throws BadParameterException,
            NoSuccessException, NotImplementedException {
        return createParameter(sagaFactoryClassname, (Object) null, IOMode.IN);
    }

    /**
     * A parameter of a remote call holding {@code data} (default none), passed as {@code mode} (default {@link
     * IOMode#IN}).
     */
    public static Parameter createParameter() throws BadParameterException, NoSuccessException,
            NotImplementedException {
        return createParameter((String) null);
    }

    /**
     * A handle on the remote procedure {@code funcname} in {@code session} (default: the default session). Uses
     * the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static RPC createRPC(String sagaFactoryClassname, Session session, URL funcname)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        RPCFactory f = factory(sagaFactoryClassname);
        return f.doCreateRPC(session(sagaFactoryClassname, session), funcname);
    }

    /**
     * A handle on the remote procedure {@code funcname} in {@code session} (default: the default session).
     */
    public static RPC createRPC(Session session, URL funcname) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, DoesNotExistException, TimeoutException, NoSuccessException {
        return createRPC((String) null, session, funcname);
    }

    /**
     * A handle on the remote procedure {@code funcname} in {@code session} (default: the default session). Uses
     * the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static RPC createRPC(String sagaFactoryClassname, URL funcname) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, TimeoutException,
            NoSuccessException {
        return createRPC(sagaFactoryClassname, (Session) null, funcname);
    }

    /**
     * A handle on the remote procedure {@code funcname} in {@code session} (default: the default session).
     */
    public static RPC createRPC(URL funcname) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, DoesNotExistException, TimeoutException, NoSuccessException {
        return createRPC((String) null, funcname);
    }

    /**
     * A handle on the remote procedure {@code funcname} in {@code session} (default: the default session). Uses
     * the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Task<RPCFactory, RPC> createRPC(String sagaFactoryClassname, TaskMode mode, Session session,
            URL funcname) throws NotImplementedException, NoSuccessException {
        RPCFactory f = factory(sagaFactoryClassname);
        return f.doCreateRPC(mode, session(sagaFactoryClassname, session), funcname);
    }

    /**
     * A handle on the remote procedure {@code funcname} in {@code session} (default: the default session).
     */
    public static Task<RPCFactory, RPC> createRPC(TaskMode mode, Session session, URL funcname)
            throws NotImplementedException, NoSuccessException {
        return createRPC((String) null, mode, session, funcname);
    }

    /**
     * A handle on the remote procedure {@code funcname} in {@code session} (default: the default session). Uses
     * the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Task<RPCFactory, RPC> createRPC(String sagaFactoryClassname, TaskMode mode, URL funcname)
            throws NotImplementedException, NoSuccessException {
        return createRPC(sagaFactoryClassname, mode, (Session) null, funcname);
    }

    /**
     * A handle on the remote procedure {@code funcname} in {@code session} (default: the default session).
     */
    public static Task<RPCFactory, RPC> createRPC(TaskMode mode, URL funcname) throws NotImplementedException,
            NoSuccessException {
        return createRPC((String) null, mode, funcname);
    }
}
