package org.ogf.saga.file;

import org.ogf.saga.error.AlreadyExistsException;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.IncorrectURLException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.namespace.NSDirectory;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * A directory of files (GFD.90 section 4.3), made by {@link FileFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface Directory extends NSDirectory {
    Task<Directory, Long> getSize(TaskMode mode, URL name) throws NotImplementedException;
    Task<Directory, Long> getSize(TaskMode mode, URL name, int flags) throws NotImplementedException;
    long getSize(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    long getSize(URL name, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<Directory, Boolean> isFile(TaskMode mode, URL name) throws NotImplementedException;
    boolean isFile(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Directory openDirectory(URL name) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Directory openDirectory(URL name, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<Directory, Directory> openDirectory(TaskMode mode, URL name) throws NotImplementedException;
    Task<Directory, Directory> openDirectory(TaskMode mode, URL name, int flags) throws NotImplementedException;
    File openFile(URL name) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    File openFile(URL name, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<Directory, File> openFile(TaskMode mode, URL name) throws NotImplementedException;
    Task<Directory, File> openFile(TaskMode mode, URL name, int flags) throws NotImplementedException;
    FileInputStream openFileInputStream(URL name) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<Directory, FileInputStream> openFileInputStream(TaskMode mode, URL name) throws NotImplementedException;
    FileOutputStream openFileOutputStream(URL name) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    FileOutputStream openFileOutputStream(URL name, boolean append) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<Directory, FileOutputStream> openFileOutputStream(TaskMode mode, URL name) throws NotImplementedException;
    Task<Directory, FileOutputStream> openFileOutputStream(TaskMode mode, URL name, boolean append) throws
            NotImplementedException;
}
