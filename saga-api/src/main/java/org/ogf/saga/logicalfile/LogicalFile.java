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
import org.ogf.saga.namespace.NSEntry;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * A logical file of a replica catalogue (GFD.90 section 4.4), made by {@link LogicalFileFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface LogicalFile extends AsyncAttributes<LogicalFile>, NSEntry {
    Task<LogicalFile, Void> addLocation(TaskMode mode, URL name) throws NotImplementedException;
    void addLocation(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    List<URL> listLocations() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<LogicalFile, List<URL>> listLocations(TaskMode mode) throws NotImplementedException;
    Task<LogicalFile, Void> removeLocation(TaskMode mode, URL name) throws NotImplementedException;
    void removeLocation(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<LogicalFile, Void> replicate(TaskMode mode, URL target) throws NotImplementedException;
    Task<LogicalFile, Void> replicate(TaskMode mode, URL target, int flags) throws NotImplementedException;
    void replicate(URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void replicate(URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<LogicalFile, Void> updateLocation(TaskMode mode, URL oldName, URL newName) throws NotImplementedException;
    void updateLocation(URL oldName, URL newName) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
}
