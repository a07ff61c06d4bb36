package org.ogf.saga.logicalfile;

import java.util.List;
import org.ogf.saga.attributes.AsyncAttributes;
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
 * A directory of a replica catalogue (GFD.90 section 4.4), made by {@link LogicalFileFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface LogicalDirectory extends AsyncAttributes<LogicalDirectory>, NSDirectory {
    List<URL> find(String namePattern, String[] attributePatterns) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    List<URL> find(String namePattern, String[] attributePatterns, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<LogicalDirectory, List<URL>> find(TaskMode mode, String namePattern, String[] attributePatterns) throws
            NotImplementedException;
    Task<LogicalDirectory, List<URL>> find(TaskMode mode, String namePattern, String[] attributePatterns, int flags) throws
            NotImplementedException;
    Task<NSDirectory, Boolean> isFile(TaskMode mode, URL name) throws NotImplementedException;
    boolean isFile(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    LogicalDirectory openLogicalDir(URL name) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    LogicalDirectory openLogicalDir(URL name, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<LogicalDirectory, LogicalDirectory> openLogicalDir(TaskMode mode, URL name) throws NotImplementedException;
    Task<LogicalDirectory, LogicalDirectory> openLogicalDir(TaskMode mode, URL name, int flags) throws
            NotImplementedException;
    LogicalFile openLogicalFile(URL name) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    LogicalFile openLogicalFile(URL name, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<LogicalDirectory, LogicalFile> openLogicalFile(TaskMode mode, URL name) throws NotImplementedException;
    Task<LogicalDirectory, LogicalFile> openLogicalFile(TaskMode mode, URL name, int flags) throws
            NotImplementedException;
}
