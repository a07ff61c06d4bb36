package org.ogf.saga.logicalfile;

import org.ogf.saga.bootstrap.ImplementationBootstrapLoader;
import org.ogf.saga.error.AlreadyExistsException;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.namespace.Flags;
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * Factory of the logical file package (GFD.90 section 4.4): replica catalogues.
 * This implementation (Distributed Servers) does not provide the package: every method throws
 * {@link NotImplementedException} saying so (as the binding allows), before it does anything else.
 */
public abstract class LogicalFileFactory {
    /** Implementation of {@link #createLogicalFile}. */
    protected abstract LogicalFile doCreateLogicalFile(Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException;

    /** Implementation of {@link #createLogicalFile} in task form. */
    protected abstract Task<LogicalFileFactory, LogicalFile> doCreateLogicalFile(TaskMode mode,
            Session session, URL name, int flags) throws NotImplementedException;

    /** Implementation of {@link #createLogicalDirectory}. */
    protected abstract LogicalDirectory doCreateLogicalDirectory(Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException;

    /** Implementation of {@link #createLogicalDirectory} in task form. */
    protected abstract Task<LogicalFileFactory, LogicalDirectory> doCreateLogicalDirectory(TaskMode mode,
            Session session, URL name, int flags) throws NotImplementedException;

    private static LogicalFileFactory factory(String sagaFactoryClassname) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getLogicalFileFactory(sagaFactoryClassname);
    }

    /** The given session, or the default session of the named implementation. */
    private static Session session(String sagaFactoryClassname, Session session) throws NotImplementedException,
            NoSuccessException {
        return session != null ? session : SessionFactory.createSession(sagaFactoryClassname, true);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static LogicalFile createLogicalFile(String sagaFactoryClassname, Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        LogicalFileFactory f = factory(sagaFactoryClassname);
        return f.doCreateLogicalFile(session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static LogicalFile createLogicalFile(Session session, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createLogicalFile((String) null, session, name, flags);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static LogicalFile createLogicalFile(String sagaFactoryClassname, Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createLogicalFile(sagaFactoryClassname, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static LogicalFile createLogicalFile(Session session, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createLogicalFile((String) null, session, name);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static LogicalFile createLogicalFile(String sagaFactoryClassname, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createLogicalFile(sagaFactoryClassname, (Session) null, name, flags);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static LogicalFile createLogicalFile(URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createLogicalFile((String) null, name, flags);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static LogicalFile createLogicalFile(String sagaFactoryClassname, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createLogicalFile(sagaFactoryClassname, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static LogicalFile createLogicalFile(URL name) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, AlreadyExistsException, DoesNotExistException, TimeoutException,
            NoSuccessException {
        return createLogicalFile((String) null, name);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<LogicalFileFactory, LogicalFile> createLogicalFile(String sagaFactoryClassname,
            TaskMode mode, Session session, URL name, int flags) throws NotImplementedException, NoSuccessException {
        LogicalFileFactory f = factory(sagaFactoryClassname);
        return f.doCreateLogicalFile(mode, session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<LogicalFileFactory, LogicalFile> createLogicalFile(TaskMode mode, Session session,
            URL name, int flags) throws NotImplementedException, NoSuccessException {
        return createLogicalFile((String) null, mode, session, name, flags);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<LogicalFileFactory, LogicalFile> createLogicalFile(String sagaFactoryClassname,
            TaskMode mode, Session session, URL name) throws NotImplementedException, NoSuccessException {
        return createLogicalFile(sagaFactoryClassname, mode, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<LogicalFileFactory, LogicalFile> createLogicalFile(TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return createLogicalFile((String) null, mode, session, name);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<LogicalFileFactory, LogicalFile> createLogicalFile(String sagaFactoryClassname,
            TaskMode mode, URL name, int flags) throws NotImplementedException, NoSuccessException {
        return createLogicalFile(sagaFactoryClassname, mode, (Session) null, name, flags);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<LogicalFileFactory, LogicalFile> createLogicalFile(TaskMode mode, URL name, int flags)
            throws NotImplementedException, NoSuccessException {
        return createLogicalFile((String) null, mode, name, flags);
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<LogicalFileFactory, LogicalFile> createLogicalFile(String sagaFactoryClassname,
            TaskMode mode, URL name) throws NotImplementedException, NoSuccessException {
        return createLogicalFile(sagaFactoryClassname, mode, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the logical file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<LogicalFileFactory, LogicalFile> createLogicalFile(TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createLogicalFile((String) null, mode, name);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static LogicalDirectory createLogicalDirectory(String sagaFactoryClassname, Session session,
            URL name, int flags) throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        LogicalFileFactory f = factory(sagaFactoryClassname);
        return f.doCreateLogicalDirectory(session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static LogicalDirectory createLogicalDirectory(Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createLogicalDirectory((String) null, session, name, flags);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static LogicalDirectory createLogicalDirectory(String sagaFactoryClassname, Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createLogicalDirectory(sagaFactoryClassname, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static LogicalDirectory createLogicalDirectory(Session session, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createLogicalDirectory((String) null, session, name);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static LogicalDirectory createLogicalDirectory(String sagaFactoryClassname, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createLogicalDirectory(sagaFactoryClassname, (Session) null, name, flags);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static LogicalDirectory createLogicalDirectory(URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createLogicalDirectory((String) null, name, flags);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static LogicalDirectory createLogicalDirectory(String sagaFactoryClassname, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createLogicalDirectory(sagaFactoryClassname, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static LogicalDirectory createLogicalDirectory(URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createLogicalDirectory((String) null, name);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<LogicalFileFactory,
            LogicalDirectory> createLogicalDirectory(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name, int flags) throws NotImplementedException, NoSuccessException {
        LogicalFileFactory f = factory(sagaFactoryClassname);
        return f.doCreateLogicalDirectory(mode, session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<LogicalFileFactory, LogicalDirectory> createLogicalDirectory(TaskMode mode,
            Session session, URL name, int flags) throws NotImplementedException, NoSuccessException {
        return createLogicalDirectory((String) null, mode, session, name, flags);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<LogicalFileFactory,
            LogicalDirectory> createLogicalDirectory(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name) throws NotImplementedException, NoSuccessException {
        return createLogicalDirectory(sagaFactoryClassname, mode, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<LogicalFileFactory, LogicalDirectory> createLogicalDirectory(TaskMode mode,
            Session session, URL name) throws NotImplementedException, NoSuccessException {
        return createLogicalDirectory((String) null, mode, session, name);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<LogicalFileFactory,
            LogicalDirectory> createLogicalDirectory(String sagaFactoryClassname, TaskMode mode, URL name,
            int flags) throws NotImplementedException, NoSuccessException {
        return createLogicalDirectory(sagaFactoryClassname, mode, (Session) null, name, flags);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<LogicalFileFactory, LogicalDirectory> createLogicalDirectory(TaskMode mode, URL name,
            int flags) throws NotImplementedException, NoSuccessException {
        return createLogicalDirectory((String) null, mode, name, flags);
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<LogicalFileFactory,
            LogicalDirectory> createLogicalDirectory(String sagaFactoryClassname, TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createLogicalDirectory(sagaFactoryClassname, mode, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the logical directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<LogicalFileFactory, LogicalDirectory> createLogicalDirectory(TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createLogicalDirectory((String) null, mode, name);
    }
}
