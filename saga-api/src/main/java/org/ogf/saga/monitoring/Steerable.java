package org.ogf.saga.monitoring;

import org.ogf.saga.error.AlreadyExistsException;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;

/**
 * A monitorable object whose metrics an application may also add, remove and fire (GFD.90 section 3.9): a
 * writable metric's new value is a request to the object that owns it.
 */
public interface Steerable {
    boolean addMetric(Metric metric) throws
            AlreadyExistsException, AuthenticationFailedException, AuthorizationFailedException,
            IncorrectStateException, NoSuccessException, NotImplementedException, PermissionDeniedException,
            TimeoutException;
    void fireMetric(String name) throws
            AuthenticationFailedException, AuthorizationFailedException, DoesNotExistException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
    void removeMetric(String name) throws
            AuthenticationFailedException, AuthorizationFailedException, DoesNotExistException, IncorrectStateException,
            NoSuccessException, NotImplementedException, PermissionDeniedException, TimeoutException;
}
