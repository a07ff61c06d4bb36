package org.ogf.saga.rpc;

import org.ogf.saga.SagaObject;

/**
 * A parameter of a remote procedure call (GFD.90 section 4.6), made by {@link RPCFactory#createParameter}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface Parameter extends SagaObject {
    Object getData();
    IOMode getIOMode();
    void setData(Object data);
    void setIOMode(IOMode mode);
}
