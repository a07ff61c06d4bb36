package org.ogf.saga.isn;

import org.ogf.saga.SagaObject;

/**
 * Entities read from an information system (the information system navigator API, GFD.195), made by
 * {@link ISNFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public interface EntityDataSet extends SagaObject {
}
