package org.ogf.saga.namespace;

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
import org.ogf.saga.session.Session;
import org.ogf.saga.session.SessionFactory;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * Factory of the namespace package (GFD.90 section 4.2): entries and directories of a hierarchical name space.
 * This implementation (Distributed Servers) does not provide the package: every method throws
 * {@link NotImplementedException} saying so (as the binding allows), before it does anything else.
 */
public abstract class NSFactory {
    /** Implementation of {@link #createNSEntry}. */
    protected abstract NSEntry doCreateNSEntry(Session session, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, AlreadyExistsException,
            TimeoutException, NoSuccessException;

    /** Implementation of {@link #createNSEntry} in task form. */
    protected abstract Task<NSFactory, NSEntry> doCreateNSEntry(TaskMode mode, Session session, URL name, int flags)
            throws NotImplementedException;

    /** Implementation of {@link #createNSDirectory}. */
    protected abstract NSDirectory doCreateNSDirectory(Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, DoesNotExistException,
            AlreadyExistsException, TimeoutException, NoSuccessException;

    /** Implementation of {@link #createNSDirectory} in task form. */
    protected abstract Task<NSFactory, NSDirectory> doCreateNSDirectory(TaskMode mode, Session session,
            URL name, int flags) throws NotImplementedException;

    private static NSFactory factory(String sagaFactoryClassname) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getNamespaceFactory(sagaFactoryClassname);
    }

    /** The given session, or the default session of the named implementation. */
    private static Session session(String sagaFactoryClassname, Session session) throws NotImplementedException,
            NoSuccessException {
        return session != null ? session : SessionFactory.createSession(sagaFactoryClassname, true);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static NSEntry createNSEntry(String sagaFactoryClassname, Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, DoesNotExistException,
            AlreadyExistsException, TimeoutException, NoSuccessException {
        NSFactory f = factory(sagaFactoryClassname);
        return f.doCreateNSEntry(session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static NSEntry createNSEntry(Session session, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, AlreadyExistsException,
            TimeoutException, NoSuccessException {
        return createNSEntry((String) null, session, name, flags);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static NSEntry createNSEntry(String sagaFactoryClassname, Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, DoesNotExistException,
            AlreadyExistsException, TimeoutException, NoSuccessException {
        return createNSEntry(sagaFactoryClassname, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static NSEntry createNSEntry(Session session, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, AlreadyExistsException,
            TimeoutException, NoSuccessException {
        return createNSEntry((String) null, session, name);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static NSEntry createNSEntry(String sagaFactoryClassname, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, DoesNotExistException,
            AlreadyExistsException, TimeoutException, NoSuccessException {
        return createNSEntry(sagaFactoryClassname, (Session) null, name, flags);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static NSEntry createNSEntry(URL name, int flags) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, DoesNotExistException, AlreadyExistsException, TimeoutException,
            NoSuccessException {
        return createNSEntry((String) null, name, flags);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static NSEntry createNSEntry(String sagaFactoryClassname, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, AlreadyExistsException,
            TimeoutException, NoSuccessException {
        return createNSEntry(sagaFactoryClassname, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static NSEntry createNSEntry(URL name) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, DoesNotExistException, AlreadyExistsException, TimeoutException,
            NoSuccessException {
        return createNSEntry((String) null, name);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<NSFactory, NSEntry> createNSEntry(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name, int flags) throws NotImplementedException, NoSuccessException {
        NSFactory f = factory(sagaFactoryClassname);
        return f.doCreateNSEntry(mode, session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<NSFactory, NSEntry> createNSEntry(TaskMode mode, Session session, URL name, int flags)
            throws NotImplementedException, NoSuccessException {
        return createNSEntry((String) null, mode, session, name, flags);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<NSFactory, NSEntry> createNSEntry(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name) throws NotImplementedException, NoSuccessException {
        return createNSEntry(sagaFactoryClassname, mode, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<NSFactory, NSEntry> createNSEntry(TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return createNSEntry((String) null, mode, session, name);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<NSFactory, NSEntry> createNSEntry(String sagaFactoryClassname, TaskMode mode, URL name,
            int flags) throws NotImplementedException, NoSuccessException {
        return createNSEntry(sagaFactoryClassname, mode, (Session) null, name, flags);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<NSFactory, NSEntry> createNSEntry(TaskMode mode, URL name, int flags)
            throws NotImplementedException, NoSuccessException {
        return createNSEntry((String) null, mode, name, flags);
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<NSFactory, NSEntry> createNSEntry(String sagaFactoryClassname, TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createNSEntry(sagaFactoryClassname, mode, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the name space entry {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<NSFactory, NSEntry> createNSEntry(TaskMode mode, URL name) throws NotImplementedException,
            NoSuccessException {
        return createNSEntry((String) null, mode, name);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname}
     * (null: the default one).
     */
    public static NSDirectory createNSDirectory(String sagaFactoryClassname, Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, DoesNotExistException,
            AlreadyExistsException, TimeoutException, NoSuccessException {
        NSFactory f = factory(sagaFactoryClassname);
        return f.doCreateNSDirectory(session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session).
     */
    public static NSDirectory createNSDirectory(Session session, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, AlreadyExistsException,
            TimeoutException, NoSuccessException {
        return createNSDirectory((String) null, session, name, flags);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname}
     * (null: the default one).
     */
    public static NSDirectory createNSDirectory(String sagaFactoryClassname, Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, DoesNotExistException,
            AlreadyExistsException, TimeoutException, NoSuccessException {
        return createNSDirectory(sagaFactoryClassname, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session).
     */
    public static NSDirectory createNSDirectory(Session session, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, AlreadyExistsException,
            TimeoutException, NoSuccessException {
        return createNSDirectory((String) null, session, name);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname}
     * (null: the default one).
     */
    public static NSDirectory createNSDirectory(String sagaFactoryClassname, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, DoesNotExistException,
            AlreadyExistsException, TimeoutException, NoSuccessException {
        return createNSDirectory(sagaFactoryClassname, (Session) null, name, flags);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session).
     */
    public static NSDirectory createNSDirectory(URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, AlreadyExistsException,
            TimeoutException, NoSuccessException {
        return createNSDirectory((String) null, name, flags);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname}
     * (null: the default one).
     */
    public static NSDirectory createNSDirectory(String sagaFactoryClassname, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, DoesNotExistException, AlreadyExistsException,
            TimeoutException, NoSuccessException {
        return createNSDirectory(sagaFactoryClassname, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session).
     */
    public static NSDirectory createNSDirectory(URL name) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, DoesNotExistException, AlreadyExistsException, TimeoutException,
            NoSuccessException {
        return createNSDirectory((String) null, name);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname}
     * (null: the default one).
     */
    public static Task<NSFactory, NSDirectory> createNSDirectory(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name, int flags) throws NotImplementedException, NoSuccessException {
        NSFactory f = factory(sagaFactoryClassname);
        return f.doCreateNSDirectory(mode, session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session).
     */
    public static Task<NSFactory, NSDirectory> createNSDirectory(TaskMode mode, Session session, URL name,
            int flags) throws NotImplementedException, NoSuccessException {
        return createNSDirectory((String) null, mode, session, name, flags);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname}
     * (null: the default one).
     */
    public static Task<NSFactory, NSDirectory> createNSDirectory(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name) throws NotImplementedException, NoSuccessException {
        return createNSDirectory(sagaFactoryClassname, mode, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session).
     */
    public static Task<NSFactory, NSDirectory> createNSDirectory(TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return createNSDirectory((String) null, mode, session, name);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname}
     * (null: the default one).
     */
    public static Task<NSFactory, NSDirectory> createNSDirectory(String sagaFactoryClassname, TaskMode mode,
            URL name, int flags) throws NotImplementedException, NoSuccessException {
        return createNSDirectory(sagaFactoryClassname, mode, (Session) null, name, flags);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session).
     */
    public static Task<NSFactory, NSDirectory> createNSDirectory(TaskMode mode, URL name, int flags)
            throws NotImplementedException, NoSuccessException {
        return createNSDirectory((String) null, mode, name, flags);
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname}
     * (null: the default one).
     */
    public static Task<NSFactory, NSDirectory> createNSDirectory(String sagaFactoryClassname, TaskMode mode,
            URL name) throws NotImplementedException, NoSuccessException {
        return createNSDirectory(sagaFactoryClassname, mode, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the name space directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code
     * session} (default: the default session).
     */
    public static Task<NSFactory, NSDirectory> createNSDirectory(TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createNSDirectory((String) null, mode, name);
    }
}
