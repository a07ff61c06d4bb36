package org.ogf.saga.monitoring;

import org.ogf.saga.SagaObject;
import org.ogf.saga.attributes.Attributes;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.error.PermissionDeniedException;
import org.ogf.saga.error.TimeoutException;

/**
 * A monitored quantity or event of an object (GFD.90, section 3.9). Its description is in read-only
 * attributes: {@value #NAME}, {@value #DESCRIPTION}, {@value #MODE} (ReadOnly/ReadWrite/Final),
 * {@value #UNIT}, {@value #TYPE} (String, Int, Enum, Float, Bool, Time, Trigger) and {@value #VALUE}.
 */
public interface Metric extends SagaObject, Attributes {
    String NAME = "Name";
    String DESCRIPTION = "Description";
    String MODE = "Mode";
    String UNIT = "Unit";
    String TYPE = "Type";
    String VALUE = "Value";

    /**
     * Registers a callback, called each time the metric fires.
     *
     * @return a cookie for {@link #removeCallback}
     * @throws IncorrectStateException the metric's object is closed: it will never fire again
     */
    int addCallback(Callback cb) throws NotImplementedException, AuthenticationFailedException,
            AuthorizationFailedException, PermissionDeniedException, IncorrectStateException, TimeoutException,
            NoSuccessException;

    /**
     * Removes a callback.
     *
     * @throws BadParameterException no callback has that cookie
     */
    void removeCallback(int cookie) throws NotImplementedException, BadParameterException,
            AuthenticationFailedException, AuthorizationFailedException, PermissionDeniedException,
            TimeoutException, NoSuccessException;

    /**
     * Pushes the metric's value to its object (ReadWrite metrics only).
     *
     * @throws PermissionDeniedException the metric is not ReadWrite
     */
    void fire() throws NotImplementedException, AuthenticationFailedException, AuthorizationFailedException,
            PermissionDeniedException, IncorrectStateException, TimeoutException, NoSuccessException;
}
