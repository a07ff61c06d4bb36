package org.ogf.saga.sd;

import org.ogf.saga.SagaObject;

/**
 * Finds services in an information system (the service discovery API, GFD.144), made by {@link SDFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public interface Discoverer extends SagaObject {
}
