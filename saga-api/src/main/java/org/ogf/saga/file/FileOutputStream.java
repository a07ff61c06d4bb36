package org.ogf.saga.file;

import org.ogf.saga.SagaObject;
import org.ogf.saga.task.Async;

import java.io.OutputStream;

/**
 * A file written as a {@link java.io.OutputStream}, made by {@link FileFactory#createFileOutputStream}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Only the type and its place in the binding's hierarchy are here, not its operations.
 */
public abstract class FileOutputStream extends OutputStream implements SagaObject, Async {
    /** For implementations. */
    protected FileOutputStream() {
    }

    /** A copy, as {@link SagaObject#clone()} asks (the Object method is protected). */
    @Override
    public abstract Object clone() throws CloneNotSupportedException;
}
