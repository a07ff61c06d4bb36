package org.ogf.saga.file;

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
 * Factory of the file package (GFD.90 section 4.3): files, directories, file streams and I/O vectors.
 * This implementation (Distributed Servers) does not provide the package: every method throws
 * {@link NotImplementedException} saying so (as the binding allows), before it does anything else; the I/O
 * vector calls, which the binding does not let throw it, throw {@link NoSuccessException} caused by it.
 */
public abstract class FileFactory {
    /** Implementation of {@link #createIOVec(byte[], int)}. */
    protected abstract IOVec doCreateIOVec(byte[] data, int lenIn) throws BadParameterException, NoSuccessException;

    /** Implementation of {@link #createIOVec(int, int)}. */
    protected abstract IOVec doCreateIOVec(int size, int lenIn) throws BadParameterException, NoSuccessException;

    /**
     * The factory for I/O vectors. The binding's I/O vector calls cannot throw NotImplementedException, so the
     * bootstrap answers them with the factory itself, and the factory says the package is missing with a
     * {@link NoSuccessException} (whose cause is the NotImplementedException).
     */
    private static FileFactory iovecFactory(String sagaFactoryClassname) throws NoSuccessException {
        return ImplementationBootstrapLoader.getFileFactory(sagaFactoryClassname);
    }

    /**
     * An I/O vector on the application's array {@code data}, of which {@code lenIn} bytes are to be written. Uses
     * the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static IOVec createIOVec(String sagaFactoryClassname, byte[] data, int lenIn) throws BadParameterException,
            NoSuccessException {
        return iovecFactory(sagaFactoryClassname).doCreateIOVec(data, lenIn);
    }

    /** An I/O vector on the application's array {@code data}, of which {@code lenIn} bytes are to be written. */
    public static IOVec createIOVec(byte[] data, int lenIn) throws BadParameterException, NoSuccessException {
        return createIOVec((String) null, data, lenIn);
    }

    /**
     * An I/O vector on the application's array {@code data}, all of which is to be written. Uses the SAGA
     * implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static IOVec createIOVec(String sagaFactoryClassname, byte[] data) throws BadParameterException,
            NoSuccessException {
        if (data == null) {
            throw new BadParameterException("the I/O vector's data is null");
        }
        return createIOVec(sagaFactoryClassname, data, data.length);
    }

    /** An I/O vector on the application's array {@code data}, all of which is to be written. */
    public static IOVec createIOVec(byte[] data) throws BadParameterException, NoSuccessException {
        return createIOVec((String) null, data);
    }

    /**
     * An implementation-managed I/O vector of {@code size} bytes, {@code lenIn} of them to be read or written. Uses
     * the SAGA implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static IOVec createIOVec(String sagaFactoryClassname, int size, int lenIn) throws BadParameterException,
            NoSuccessException {
        return iovecFactory(sagaFactoryClassname).doCreateIOVec(size, lenIn);
    }

    /** An implementation-managed I/O vector of {@code size} bytes, {@code lenIn} of them to be read or written. */
    public static IOVec createIOVec(int size, int lenIn) throws BadParameterException, NoSuccessException {
        return createIOVec((String) null, size, lenIn);
    }

    /**
     * An implementation-managed I/O vector of {@code size} bytes. Uses the SAGA implementation named by
     * {@code sagaFactoryClassname} (null: the default one).
     */
    public static IOVec createIOVec(String sagaFactoryClassname, int size) throws BadParameterException,
            NoSuccessException, NotImplementedException {
        return createIOVec(sagaFactoryClassname, size, size);
    }

    /** An implementation-managed I/O vector of {@code size} bytes. */
    public static IOVec createIOVec(int size) throws BadParameterException, NoSuccessException, NotImplementedException {
        return createIOVec((String) null, size);
    }

    /** Implementation of {@link #createFile}. */
    protected abstract File doCreateFile(Session session, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException;

    /** Implementation of {@link #createFile} in task form. */
    protected abstract Task<FileFactory, File> doCreateFile(TaskMode mode, Session session, URL name, int flags)
            throws NotImplementedException;

    /** Implementation of {@link #createFileInputStream}. */
    protected abstract FileInputStream doCreateFileInputStream(Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException;

    /** Implementation of {@link #createFileInputStream} in task form. */
    protected abstract Task<FileFactory, FileInputStream> doCreateFileInputStream(TaskMode mode,
            Session session, URL name) throws NotImplementedException;

    /** Implementation of {@link #createFileOutputStream}. */
    protected abstract FileOutputStream doCreateFileOutputStream(Session session, URL name, boolean append)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException;

    /** Implementation of {@link #createFileOutputStream} in task form. */
    protected abstract Task<FileFactory, FileOutputStream> doCreateFileOutputStream(TaskMode mode,
            Session session, URL name, boolean append) throws NotImplementedException;

    /** Implementation of {@link #createDirectory}. */
    protected abstract Directory doCreateDirectory(Session session, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException;

    /** Implementation of {@link #createDirectory} in task form. */
    protected abstract Task<FileFactory, Directory> doCreateDirectory(TaskMode mode, Session session, URL name,
            int flags) throws NotImplementedException;

    private static FileFactory factory(String sagaFactoryClassname) throws NotImplementedException, NoSuccessException {
        return ImplementationBootstrapLoader.getFileFactory(sagaFactoryClassname);
    }

    /** The given session, or the default session of the named implementation. */
    private static Session session(String sagaFactoryClassname, Session session) throws NotImplementedException,
            NoSuccessException {
        return session != null ? session : SessionFactory.createSession(sagaFactoryClassname, true);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static File createFile(String sagaFactoryClassname, Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        FileFactory f = factory(sagaFactoryClassname);
        return f.doCreateFile(session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session).
     */
    public static File createFile(Session session, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createFile((String) null, session, name, flags);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static File createFile(String sagaFactoryClassname, Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createFile(sagaFactoryClassname, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session).
     */
    public static File createFile(Session session, URL name) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, AlreadyExistsException, DoesNotExistException, TimeoutException,
            NoSuccessException {
        return createFile((String) null, session, name);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static File createFile(String sagaFactoryClassname, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createFile(sagaFactoryClassname, (Session) null, name, flags);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session).
     */
    public static File createFile(URL name, int flags) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, AlreadyExistsException, DoesNotExistException, TimeoutException,
            NoSuccessException {
        return createFile((String) null, name, flags);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static File createFile(String sagaFactoryClassname, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createFile(sagaFactoryClassname, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session).
     */
    public static File createFile(URL name) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, AlreadyExistsException, DoesNotExistException, TimeoutException,
            NoSuccessException {
        return createFile((String) null, name);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static Task<FileFactory, File> createFile(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name, int flags) throws NotImplementedException, NoSuccessException {
        FileFactory f = factory(sagaFactoryClassname);
        return f.doCreateFile(mode, session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session).
     */
    public static Task<FileFactory, File> createFile(TaskMode mode, Session session, URL name, int flags)
            throws NotImplementedException, NoSuccessException {
        return createFile((String) null, mode, session, name, flags);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static Task<FileFactory, File> createFile(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name) throws NotImplementedException, NoSuccessException {
        return createFile(sagaFactoryClassname, mode, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session).
     */
    public static Task<FileFactory, File> createFile(TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return createFile((String) null, mode, session, name);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static Task<FileFactory, File> createFile(String sagaFactoryClassname, TaskMode mode, URL name,
            int flags) throws NotImplementedException, NoSuccessException {
        return createFile(sagaFactoryClassname, mode, (Session) null, name, flags);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session).
     */
    public static Task<FileFactory, File> createFile(TaskMode mode, URL name, int flags) throws NotImplementedException,
            NoSuccessException {
        return createFile((String) null, mode, name, flags);
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null: the default
     * one).
     */
    public static Task<FileFactory, File> createFile(String sagaFactoryClassname, TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createFile(sagaFactoryClassname, mode, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the file {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session} (default: the
     * default session).
     */
    public static Task<FileFactory, File> createFile(TaskMode mode, URL name) throws NotImplementedException,
            NoSuccessException {
        return createFile((String) null, mode, name);
    }

    /**
     * A stream reading the file {@code name} in {@code session} (default: the default session). Uses the SAGA
     * implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static FileInputStream createFileInputStream(String sagaFactoryClassname, Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        FileFactory f = factory(sagaFactoryClassname);
        return f.doCreateFileInputStream(session(sagaFactoryClassname, session), name);
    }

    /**
     * A stream reading the file {@code name} in {@code session} (default: the default session).
     */
    public static FileInputStream createFileInputStream(Session session, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createFileInputStream((String) null, session, name);
    }

    /**
     * A stream reading the file {@code name} in {@code session} (default: the default session). Uses the SAGA
     * implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static FileInputStream createFileInputStream(String sagaFactoryClassname, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createFileInputStream(sagaFactoryClassname, (Session) null, name);
    }

    /**
     * A stream reading the file {@code name} in {@code session} (default: the default session).
     */
    public static FileInputStream createFileInputStream(URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createFileInputStream((String) null, name);
    }

    /**
     * A stream reading the file {@code name} in {@code session} (default: the default session). Uses the SAGA
     * implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Task<FileFactory, FileInputStream> createFileInputStream(String sagaFactoryClassname,
            TaskMode mode, Session session, URL name) throws NotImplementedException, NoSuccessException {
        FileFactory f = factory(sagaFactoryClassname);
        return f.doCreateFileInputStream(mode, session(sagaFactoryClassname, session), name);
    }

    /**
     * A stream reading the file {@code name} in {@code session} (default: the default session).
     */
    public static Task<FileFactory, FileInputStream> createFileInputStream(TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return createFileInputStream((String) null, mode, session, name);
    }

    /**
     * A stream reading the file {@code name} in {@code session} (default: the default session). Uses the SAGA
     * implementation named by {@code sagaFactoryClassname} (null: the default one).
     */
    public static Task<FileFactory, FileInputStream> createFileInputStream(String sagaFactoryClassname,
            TaskMode mode, URL name) throws NotImplementedException, NoSuccessException {
        return createFileInputStream(sagaFactoryClassname, mode, (Session) null, name);
    }

    /**
     * A stream reading the file {@code name} in {@code session} (default: the default session).
     */
    public static Task<FileFactory, FileInputStream> createFileInputStream(TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createFileInputStream((String) null, mode, name);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static FileOutputStream createFileOutputStream(String sagaFactoryClassname, Session session,
            URL name, boolean append) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, AlreadyExistsException, DoesNotExistException, TimeoutException,
            NoSuccessException {
        FileFactory f = factory(sagaFactoryClassname);
        return f.doCreateFileOutputStream(session(sagaFactoryClassname, session), name, append);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session).
     */
    public static FileOutputStream createFileOutputStream(Session session, URL name, boolean append)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createFileOutputStream((String) null, session, name, append);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static FileOutputStream createFileOutputStream(String sagaFactoryClassname, Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createFileOutputStream(sagaFactoryClassname, session, name, false);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session).
     */
    public static FileOutputStream createFileOutputStream(Session session, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createFileOutputStream((String) null, session, name);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static FileOutputStream createFileOutputStream(String sagaFactoryClassname, URL name, boolean append)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createFileOutputStream(sagaFactoryClassname, (Session) null, name, append);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session).
     */
    public static FileOutputStream createFileOutputStream(URL name, boolean append) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createFileOutputStream((String) null, name, append);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static FileOutputStream createFileOutputStream(String sagaFactoryClassname, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createFileOutputStream(sagaFactoryClassname, (Session) null, name, false);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session).
     */
    public static FileOutputStream createFileOutputStream(URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createFileOutputStream((String) null, name);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<FileFactory, FileOutputStream> createFileOutputStream(String sagaFactoryClassname,
            TaskMode mode, Session session, URL name, boolean append) throws NotImplementedException,
            NoSuccessException {
        FileFactory f = factory(sagaFactoryClassname);
        return f.doCreateFileOutputStream(mode, session(sagaFactoryClassname, session), name, append);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session).
     */
    public static Task<FileFactory, FileOutputStream> createFileOutputStream(TaskMode mode, Session session,
            URL name, boolean append) throws NotImplementedException, NoSuccessException {
        return createFileOutputStream((String) null, mode, session, name, append);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<FileFactory, FileOutputStream> createFileOutputStream(String sagaFactoryClassname,
            TaskMode mode, Session session, URL name) throws NotImplementedException, NoSuccessException {
        return createFileOutputStream(sagaFactoryClassname, mode, session, name, false);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session).
     */
    public static Task<FileFactory, FileOutputStream> createFileOutputStream(TaskMode mode, Session session,
            URL name) throws NotImplementedException, NoSuccessException {
        return createFileOutputStream((String) null, mode, session, name);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<FileFactory, FileOutputStream> createFileOutputStream(String sagaFactoryClassname,
            TaskMode mode, URL name, boolean append) throws NotImplementedException, NoSuccessException {
        return createFileOutputStream(sagaFactoryClassname, mode, (Session) null, name, append);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session).
     */
    public static Task<FileFactory, FileOutputStream> createFileOutputStream(TaskMode mode, URL name,
            boolean append) throws NotImplementedException, NoSuccessException {
        return createFileOutputStream((String) null, mode, name, append);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<FileFactory, FileOutputStream> createFileOutputStream(String sagaFactoryClassname,
            TaskMode mode, URL name) throws NotImplementedException, NoSuccessException {
        return createFileOutputStream(sagaFactoryClassname, mode, (Session) null, name, false);
    }

    /**
     * A stream writing the file {@code name} (at its end if {@code append}, default false) in {@code session}
     * (default: the default session).
     */
    public static Task<FileFactory, FileOutputStream> createFileOutputStream(TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createFileOutputStream((String) null, mode, name);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Directory createDirectory(String sagaFactoryClassname, Session session, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        FileFactory f = factory(sagaFactoryClassname);
        return f.doCreateDirectory(session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Directory createDirectory(Session session, URL name, int flags) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createDirectory((String) null, session, name, flags);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Directory createDirectory(String sagaFactoryClassname, Session session, URL name)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createDirectory(sagaFactoryClassname, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Directory createDirectory(Session session, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createDirectory((String) null, session, name);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Directory createDirectory(String sagaFactoryClassname, URL name, int flags)
            throws NotImplementedException, IncorrectURLException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, AlreadyExistsException,
            DoesNotExistException, TimeoutException, NoSuccessException {
        return createDirectory(sagaFactoryClassname, (Session) null, name, flags);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Directory createDirectory(URL name, int flags) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, AlreadyExistsException, DoesNotExistException, TimeoutException,
            NoSuccessException {
        return createDirectory((String) null, name, flags);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Directory createDirectory(String sagaFactoryClassname, URL name) throws NotImplementedException,
            IncorrectURLException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, BadParameterException, AlreadyExistsException, DoesNotExistException,
            TimeoutException, NoSuccessException {
        return createDirectory(sagaFactoryClassname, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Directory createDirectory(URL name) throws NotImplementedException, IncorrectURLException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, AlreadyExistsException, DoesNotExistException, TimeoutException,
            NoSuccessException {
        return createDirectory((String) null, name);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<FileFactory, Directory> createDirectory(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name, int flags) throws NotImplementedException, NoSuccessException {
        FileFactory f = factory(sagaFactoryClassname);
        return f.doCreateDirectory(mode, session(sagaFactoryClassname, session), name, flags);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<FileFactory, Directory> createDirectory(TaskMode mode, Session session, URL name, int flags)
            throws NotImplementedException, NoSuccessException {
        return createDirectory((String) null, mode, session, name, flags);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<FileFactory, Directory> createDirectory(String sagaFactoryClassname, TaskMode mode,
            Session session, URL name) throws NotImplementedException, NoSuccessException {
        return createDirectory(sagaFactoryClassname, mode, session, name, Flags.READ.getValue());
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<FileFactory, Directory> createDirectory(TaskMode mode, Session session, URL name)
            throws NotImplementedException, NoSuccessException {
        return createDirectory((String) null, mode, session, name);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<FileFactory, Directory> createDirectory(String sagaFactoryClassname, TaskMode mode,
            URL name, int flags) throws NotImplementedException, NoSuccessException {
        return createDirectory(sagaFactoryClassname, mode, (Session) null, name, flags);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<FileFactory, Directory> createDirectory(TaskMode mode, URL name, int flags)
            throws NotImplementedException, NoSuccessException {
        return createDirectory((String) null, mode, name, flags);
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session). Uses the SAGA implementation named by {@code sagaFactoryClassname} (null:
     * the default one).
     */
    public static Task<FileFactory, Directory> createDirectory(String sagaFactoryClassname, TaskMode mode, URL name)
            throws NotImplementedException, NoSuccessException {
        return createDirectory(sagaFactoryClassname, mode, (Session) null, name, Flags.READ.getValue());
    }

    /**
     * Opens the directory {@code name} with {@code flags} (default {@link Flags#READ}) in {@code session}
     * (default: the default session).
     */
    public static Task<FileFactory, Directory> createDirectory(TaskMode mode, URL name) throws NotImplementedException,
            NoSuccessException {
        return createDirectory((String) null, mode, name);
    }
}
