package org.ogf.saga.file;

import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.error.BadParameterException;

/**
 * A buffer for scattered file I/O (GFD.90 section 4.3), made by {@link FileFactory#createIOVec}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public interface IOVec extends Buffer {
    int getLenIn();
    int getLenOut();
    int getOffset();
    void setLenIn(int len) throws BadParameterException;
    void setOffset(int offset) throws BadParameterException;
}
