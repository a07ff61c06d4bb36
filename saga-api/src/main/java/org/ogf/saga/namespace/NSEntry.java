package org.ogf.saga.namespace;

import org.ogf.saga.SagaObject;
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
import org.ogf.saga.permissions.Permissions;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * An entry of a hierarchical name space (GFD.90 section 4.2), made by {@link NSFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface NSEntry extends SagaObject, Permissions<NSEntry>, Async {
    Task<NSEntry, Void> close(TaskMode mode) throws NotImplementedException;
    Task<NSEntry, Void> close(TaskMode mode, float timeoutInSeconds) throws NotImplementedException;
    void close() throws NoSuccessException, NotImplementedException;
    void close(float timeoutInSeconds) throws NoSuccessException, NotImplementedException;
    Task<NSEntry, Void> copy(TaskMode mode, URL target) throws NotImplementedException;
    Task<NSEntry, Void> copy(TaskMode mode, URL target, int flags) throws NotImplementedException;
    void copy(URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void copy(URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, URL> getCWD(TaskMode mode) throws NotImplementedException;
    URL getCWD() throws IncorrectStateException, NoSuccessException, NotImplementedException, TimeoutException;
    Task<NSEntry, Long> getMTime(TaskMode mode) throws NotImplementedException;
    long getMTime() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, URL> getName(TaskMode mode) throws NotImplementedException;
    URL getName() throws IncorrectStateException, NoSuccessException, NotImplementedException, TimeoutException;
    Task<NSEntry, URL> getURL(TaskMode mode) throws NotImplementedException;
    URL getURL() throws IncorrectStateException, NoSuccessException, NotImplementedException, TimeoutException;
    Task<NSEntry, Boolean> isDir(TaskMode mode) throws NotImplementedException;
    boolean isDir() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, Boolean> isEntry(TaskMode mode) throws NotImplementedException;
    boolean isEntry() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, Boolean> isLink(TaskMode mode) throws NotImplementedException;
    boolean isLink() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, Void> link(TaskMode mode, URL target) throws NotImplementedException;
    Task<NSEntry, Void> link(TaskMode mode, URL target, int flags) throws NotImplementedException;
    void link(URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void link(URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, Void> move(TaskMode mode, URL target) throws NotImplementedException;
    Task<NSEntry, Void> move(TaskMode mode, URL target, int flags) throws NotImplementedException;
    void move(URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void move(URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, Void> permissionsAllow(TaskMode mode, String id, int permissions, int flags) throws
            NotImplementedException;
    void permissionsAllow(String id, int permissions, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, Void> permissionsDeny(TaskMode mode, String id, int permissions, int flags) throws
            NotImplementedException;
    void permissionsDeny(String id, int permissions, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, URL> readLink(TaskMode mode) throws NotImplementedException;
    URL readLink() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSEntry, Void> remove(TaskMode mode) throws NotImplementedException;
    Task<NSEntry, Void> remove(TaskMode mode, int flags) throws NotImplementedException;
    void remove() throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    void remove(int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
}
