package org.ogf.saga.sd;

import java.util.List;
import org.ogf.saga.SagaObject;
import org.ogf.saga.error.AuthenticationFailedException;
import org.ogf.saga.error.AuthorizationFailedException;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.NoSuccessException;
import org.ogf.saga.error.TimeoutException;

/**
 * Finds services in an information system (the service discovery API, GFD.144), made by {@link SDFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface Discoverer extends SagaObject {
    List<ServiceDescription> listServices(String serviceFilter, String dataFilter) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, NoSuccessException,
            TimeoutException;
    List<ServiceDescription> listServices(String serviceFilter, String dataFilter, String authzFilter) throws
            AuthenticationFailedException, AuthorizationFailedException, BadParameterException, NoSuccessException,
            TimeoutException;
}
