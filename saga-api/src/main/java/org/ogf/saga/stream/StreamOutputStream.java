package org.ogf.saga.stream;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.io.OutputStream;

/**
 * A {@link Stream} as a {@link java.io.OutputStream}, with a task form of each call; every write goes to the
 * stream at once (no buffering).
 */
public abstract class StreamOutputStream extends OutputStream implements SagaObject, Async {
    /** For implementations. */
    public StreamOutputStream() {
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
    public abstract Task<StreamOutputStream, Void> write(TaskMode mode, int b) throws NotImplementedException;

    /** Task form of {@link #write(byte[], int, int)}. */
    public abstract Task<StreamOutputStream, Void> write(TaskMode mode, byte[] b, int off, int len) throws NotImplementedException;

    /** Task form of {@link #write(byte[])}: writes the whole of {@code b}. */
    public Task<StreamOutputStream, Void> write(TaskMode mode, byte[] b) throws NotImplementedException {
        return write(mode, b, 0, b.length);
    }

    /** Task form of {@link #flush()}. */
    public abstract Task<StreamOutputStream, Void> flush(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #close()}. */
    public abstract Task<StreamOutputStream, Void> close(TaskMode mode) throws NotImplementedException;
}
