package org.ogf.saga.monitoring;

import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;

/** An object that has metrics, on which callbacks can be registered (GFD.90, section 3.9). */
public interface Monitorable {
    /** The names of this object's metrics. */
    String[] listMetrics() throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, TimeoutException, NoSuccessException;

    /**
     * The metric called {@code name}.
     *
     * @throws DoesNotExistException this object has no such metric
     */
    Metric getMetric(String name) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, DoesNotExistException, TimeoutException,
            NoSuccessException;

    /**
     * Registers {@code cb} on the metric called {@code name}.
     *
     * @return a cookie for {@link #removeCallback}
     * @throws DoesNotExistException   no such metric
     * @throws IncorrectStateException the metric cannot fire any more (its object is closed)
     */
    int addCallback(String name, Callback cb) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, DoesNotExistException, TimeoutException,
            IncorrectStateException, NoSuccessException;

    /**
     * Removes a callback registered with {@link #addCallback}.
     *
     * @throws BadParameterException the cookie is not registered on that metric
     */
    void removeCallback(String name, int cookie) throws NotImplementedException, DoesNotExistException,
            BadParameterException, TimeoutException, NoSuccessException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException;
}
