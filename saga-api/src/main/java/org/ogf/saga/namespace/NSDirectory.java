package org.ogf.saga.namespace;

import java.util.List;
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
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;
import org.ogf.saga.url.URL;

/**
 * A directory of a hierarchical name space (GFD.90 section 4.2), made by {@link NSFactory}; iterates over the
 * URLs of its entries.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface NSDirectory extends Iterable<URL>, NSEntry {
    Task<NSDirectory, Void> changeDir(TaskMode mode, URL dir) throws NotImplementedException;
    void changeDir(URL dir) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Void> copy(TaskMode mode, String source, URL target) throws NotImplementedException;
    Task<NSDirectory, Void> copy(TaskMode mode, String source, URL target, int flags) throws NotImplementedException;
    Task<NSDirectory, Void> copy(TaskMode mode, URL source, URL target) throws NotImplementedException;
    Task<NSDirectory, Void> copy(TaskMode mode, URL source, URL target, int flags) throws NotImplementedException;
    void copy(String source, URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void copy(String source, URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void copy(URL source, URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void copy(URL source, URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Boolean> exists(TaskMode mode, URL name) throws NotImplementedException;
    boolean exists(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    List<URL> find(String namePattern) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    List<URL> find(String namePattern, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSDirectory, List<URL>> find(TaskMode mode, String namePattern) throws NotImplementedException;
    Task<NSDirectory, List<URL>> find(TaskMode mode, String namePattern, int flags) throws NotImplementedException;
    Task<NSDirectory, URL> getEntry(TaskMode mode, int entry) throws NotImplementedException;
    URL getEntry(int entry) throws
            AuthenticationFailedException, AuthorizationFailedException, DoesNotExistException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Long> getMTime(TaskMode mode, URL name) throws NotImplementedException;
    long getMTime(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Integer> getNumEntries(TaskMode mode) throws NotImplementedException;
    int getNumEntries() throws
            AuthenticationFailedException, AuthorizationFailedException, IncorrectStateException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Boolean> isDir(TaskMode mode, URL name) throws NotImplementedException;
    boolean isDir(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Boolean> isEntry(TaskMode mode, URL name) throws NotImplementedException;
    boolean isEntry(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Boolean> isLink(TaskMode mode, URL name) throws NotImplementedException;
    boolean isLink(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Void> link(TaskMode mode, String source, URL target) throws NotImplementedException;
    Task<NSDirectory, Void> link(TaskMode mode, String source, URL target, int flags) throws NotImplementedException;
    Task<NSDirectory, Void> link(TaskMode mode, URL source, URL target) throws NotImplementedException;
    Task<NSDirectory, Void> link(TaskMode mode, URL source, URL target, int flags) throws NotImplementedException;
    void link(String source, URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void link(String source, URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void link(URL source, URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void link(URL source, URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    List<URL> list() throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    List<URL> list(String pattern) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    List<URL> list(String pattern, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    List<URL> list(int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    Task<NSDirectory, List<URL>> list(TaskMode mode) throws NotImplementedException;
    Task<NSDirectory, List<URL>> list(TaskMode mode, String pattern) throws NotImplementedException;
    Task<NSDirectory, List<URL>> list(TaskMode mode, String pattern, int flags) throws NotImplementedException;
    Task<NSDirectory, List<URL>> list(TaskMode mode, int flags) throws NotImplementedException;
    Task<NSDirectory, Void> makeDir(TaskMode mode, URL target) throws NotImplementedException;
    Task<NSDirectory, Void> makeDir(TaskMode mode, URL target, int flags) throws NotImplementedException;
    void makeDir(URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void makeDir(URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Void> move(TaskMode mode, String source, URL target) throws NotImplementedException;
    Task<NSDirectory, Void> move(TaskMode mode, String source, URL target, int flags) throws NotImplementedException;
    Task<NSDirectory, Void> move(TaskMode mode, URL source, URL target) throws NotImplementedException;
    Task<NSDirectory, Void> move(TaskMode mode, URL source, URL target, int flags) throws NotImplementedException;
    void move(String source, URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void move(String source, URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void move(URL source, URL target) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    void move(URL source, URL target, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    NSEntry open(URL name) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    NSEntry open(URL name, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSDirectory, NSEntry> open(TaskMode mode, URL name) throws NotImplementedException;
    Task<NSDirectory, NSEntry> open(TaskMode mode, URL name, int flags) throws NotImplementedException;
    NSDirectory openDir(URL name) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    NSDirectory openDir(URL name, int flags) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException, BadParameterException,
            DoesNotExistException, IncorrectStateException, IncorrectURLException, NoSuccessException,
            NotImplementedException, PermissionDeniedException, TimeoutException;
    Task<NSDirectory, NSDirectory> openDir(TaskMode mode, URL name) throws NotImplementedException;
    Task<NSDirectory, NSDirectory> openDir(TaskMode mode, URL name, int flags) throws NotImplementedException;
    Task<NSDirectory, Void> permissionsAllow(TaskMode mode, String id, String id2, int permissions) throws
            NotImplementedException;
    Task<NSDirectory, Void> permissionsAllow(TaskMode mode, String id, String id2, int permissions, int flags) throws
            NotImplementedException;
    Task<NSDirectory, Void> permissionsAllow(TaskMode mode, URL name, String id, int permissions) throws
            NotImplementedException;
    Task<NSDirectory, Void> permissionsAllow(TaskMode mode, URL name, String id, int permissions, int flags) throws
            NotImplementedException;
    void permissionsAllow(String id, String id2, int permissions) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    void permissionsAllow(String id, String id2, int permissions, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    void permissionsAllow(URL name, String id, int permissions) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    void permissionsAllow(URL name, String id, int permissions, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    Task<NSDirectory, Void> permissionsDeny(TaskMode mode, String id, String id2, int permissions) throws
            NotImplementedException;
    Task<NSDirectory, Void> permissionsDeny(TaskMode mode, String id, String id2, int permissions, int flags) throws
            NotImplementedException;
    Task<NSDirectory, Void> permissionsDeny(TaskMode mode, URL name, String id, int permissions) throws
            NotImplementedException;
    Task<NSDirectory, Void> permissionsDeny(TaskMode mode, URL name, String id, int permissions, int flags) throws
            NotImplementedException;
    void permissionsDeny(String id, String id2, int permissions) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    void permissionsDeny(String id, String id2, int permissions, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    void permissionsDeny(URL name, String id, int permissions) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    void permissionsDeny(URL name, String id, int permissions, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, IncorrectStateException,
            IncorrectURLException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    Task<NSDirectory, URL> readLink(TaskMode mode, URL name) throws NotImplementedException;
    URL readLink(URL name) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<NSDirectory, Void> remove(TaskMode mode, String source) throws NotImplementedException;
    Task<NSDirectory, Void> remove(TaskMode mode, String source, int flags) throws NotImplementedException;
    Task<NSDirectory, Void> remove(TaskMode mode, URL target) throws NotImplementedException;
    Task<NSDirectory, Void> remove(TaskMode mode, URL target, int flags) throws NotImplementedException;
    void remove(String source) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    void remove(String source, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    void remove(URL target) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    void remove(URL target, int flags) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
}
