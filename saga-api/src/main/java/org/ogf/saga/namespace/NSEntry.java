package org.ogf.saga.namespace;

import org.ogf.saga.SagaObject;
import org.ogf.saga.permissions.Permissions;
import org.ogf.saga.task.Async;

/**
 * An entry of a hierarchical name space (GFD.90 section 4.2), made by {@link NSFactory}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public interface NSEntry extends SagaObject, Async, Permissions<NSEntry> {
}
