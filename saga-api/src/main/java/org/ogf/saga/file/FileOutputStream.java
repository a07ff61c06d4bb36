package org.ogf.saga.file;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.io.OutputStream;

/**
 * A file written as a {@link java.io.OutputStream}, made by {@link FileFactory#createFileOutputStream}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public abstract class FileOutputStream extends OutputStream implements SagaObject, Async {
    /** For implementations. */
    public FileOutputStream() {
    }

    /**
     * A copy, as {@link SagaObject#clone()} asks: this one is {@link Object#clone}'s field-by-field copy, which
     * an implementation with state of its own overrides.
     */
    @Override
    public Object clone() throws CloneNotSupportedException {
        return super.clone();
    }

    /** Task form of {@link #write(int)}. */
    public abstract Task<FileOutputStream, Void> write(TaskMode mode, int b) throws NotImplementedException;

    /** Task form of {@link #write(byte[], int, int)}. */
    public abstract Task<FileOutputStream, Void> write(TaskMode mode, byte[] b, int off, int len) throws NotImplementedException;

    /** Task form of {@link #write(byte[])}: writes the whole of {@code b}. */
    public Task<FileOutputStream, Void> write(TaskMode mode, byte[] b) throws NotImplementedException {
        return write(mode, b, 0, b.length);
    }

    /** Task form of {@link #flush()}. */
    public abstract Task<FileOutputStream, Void> flush(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #close()}. */
    public abstract Task<FileOutputStream, Void> close(TaskMode mode) throws NotImplementedException;
}
