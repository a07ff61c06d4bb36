package org.ogf.saga.sd;

import org.ogf.saga.SagaObject;
import org.ogf.saga.attributes.Attributes;

/**
 * The service data of a discovered service, as attributes (GFD.144, service discovery, shipped with the Java
 * binding).
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface ServiceData extends SagaObject, Attributes {

}
