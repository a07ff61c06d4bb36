package org.ogf.saga.isn;

import org.ogf.saga.SagaObject;
import org.ogf.saga.attributes.Attributes;

/**
 * One entity of an information system, as a set of attributes (the Java binding's information system navigator
 * package, not part of GFD.90).
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface EntityData extends SagaObject, Attributes {

}
