package org.ogf.saga.permissions;

import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

/**
 * Access control of an object (GFD.90, section 3.7): allow, deny and check {@link Permission} bits for an
 * id ({@code "*"} is anyone), and ask for owner and group. {@code T} is the object's type.
 */
public interface Permissions<T> extends Async {
    void permissionsAllow(String id, int permissions) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, TimeoutException,
            NoSuccessException;

    void permissionsDeny(String id, int permissions) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, BadParameterException, TimeoutException,
            NoSuccessException;

    boolean permissionsCheck(String id, int permissions) throws NotImplementedException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            BadParameterException, TimeoutException, NoSuccessException;

    String getOwner() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException;

    String getGroup() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, TimeoutException, NoSuccessException;

    Task<T, Void> permissionsAllow(TaskMode mode, String id, int permissions) throws NotImplementedException;

    Task<T, Void> permissionsDeny(TaskMode mode, String id, int permissions) throws NotImplementedException;

    Task<T, Boolean> permissionsCheck(TaskMode mode, String id, int permissions) throws NotImplementedException;

    Task<T, String> getOwner(TaskMode mode) throws NotImplementedException;

    Task<T, String> getGroup(TaskMode mode) throws NotImplementedException;
}
