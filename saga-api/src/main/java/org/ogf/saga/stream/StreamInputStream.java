package org.ogf.saga.stream;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.io.InputStream;

/**
 * A {@link Stream}'s data as a {@link java.io.InputStream}, with a task form of each call. Reading it is reading
 * the stream: it keeps no bytes of its own beyond the ones a single {@code read} call returns.
 */
public abstract class StreamInputStream extends InputStream implements SagaObject, Async {
    /** For implementations. */
    public StreamInputStream() {
    }

    /**
     * A copy, as {@link SagaObject#clone()} asks: this one is {@link Object#clone}'s field-by-field copy, which
     * an implementation with state of its own overrides.
     */
    @Override
    public Object clone() throws CloneNotSupportedException {
        return super.clone();
    }

    /** Task form of {@link #read()}. */
    public abstract Task<StreamInputStream, Integer> read(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #read(byte[], int, int)}. */
    public abstract Task<StreamInputStream, Integer> read(TaskMode mode, byte[] b, int off, int len) throws NotImplementedException;

    /** Task form of {@link #read(byte[])}: reads into the whole of {@code b}. */
    public Task<StreamInputStream, Integer> read(TaskMode mode, byte[] b) throws NotImplementedException {
        return read(mode, b, 0, b.length);
    }

    /** Task form of {@link #skip(long)}. */
    public abstract Task<StreamInputStream, Long> skip(TaskMode mode, long n) throws NotImplementedException;

    /** Task form of {@link #available()}. */
    public abstract Task<StreamInputStream, Integer> available(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #close()}. */
    public abstract Task<StreamInputStream, Void> close(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #mark(int)}. */
    public abstract Task<StreamInputStream, Void> mark(TaskMode mode, int readlimit) throws NotImplementedException;

    /** Task form of {@link #reset()}. */
    public abstract Task<StreamInputStream, Void> reset(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #markSupported()}. */
    public abstract Task<StreamInputStream, Boolean> markSupported(TaskMode mode) throws NotImplementedException;
}
