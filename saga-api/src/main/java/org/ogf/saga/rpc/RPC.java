package org.ogf.saga.rpc;

import org.ogf.saga.SagaObject;
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

/**
 * A handle on a remote procedure (GFD.90 section 4.6), made by {@link RPCFactory#createRPC}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface RPC extends SagaObject, Permissions<RPC>, Async {
    Task<RPC, Void> call(TaskMode mode, Parameter... parameters) throws NotImplementedException;
    void call(Parameter... parameters) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, DoesNotExistException,
            IncorrectStateException, IncorrectURLException, NoSuccessException, NotImplementedException,
            PermissionDeniedException, TimeoutException;
    Task<RPC, Void> close(TaskMode mode) throws NotImplementedException;
    Task<RPC, Void> close(TaskMode mode, float timeoutInSeconds) throws NotImplementedException;
    void close() throws IncorrectStateException, NoSuccessException, NotImplementedException;
    void close(float timeoutInSeconds) throws IncorrectStateException, NoSuccessException, NotImplementedException;
}
