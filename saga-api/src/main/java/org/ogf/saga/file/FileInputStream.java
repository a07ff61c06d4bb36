package org.ogf.saga.file;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.NotImplementedException;
import org.ogf.saga.task.Async;
import org.ogf.saga.task.Task;
import org.ogf.saga.task.TaskMode;

import java.io.InputStream;

/**
 * A file read as a {@link java.io.InputStream}, made by {@link FileFactory#createFileInputStream}.
 * Shipped so that applications using the binding compile; this implementation (Distributed Servers) does not
 * provide the package, so no object of this type is ever made: the factory throws NotImplementedException first.
 * Its operations are declared as the binding declares them, so code that calls them compiles.
 */
public abstract class FileInputStream extends InputStream implements SagaObject, Async {
    /** For implementations. */
    public FileInputStream() {
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
    public abstract Task<FileInputStream, Integer> read(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #read(byte[], int, int)}. */
    public abstract Task<FileInputStream, Integer> read(TaskMode mode, byte[] b, int off, int len) throws NotImplementedException;

    /** Task form of {@link #read(byte[])}: reads into the whole of {@code b}. */
    public Task<FileInputStream, Integer> read(TaskMode mode, byte[] b) throws NotImplementedException {
        return read(mode, b, 0, b.length);
    }

    /** Task form of {@link #skip(long)}. */
    public abstract Task<FileInputStream, Long> skip(TaskMode mode, long n) throws NotImplementedException;

    /** Task form of {@link #available()}. */
    public abstract Task<FileInputStream, Integer> available(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #close()}. */
    public abstract Task<FileInputStream, Void> close(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #mark(int)}. */
    public abstract Task<FileInputStream, Void> mark(TaskMode mode, int readlimit) throws NotImplementedException;

    /** Task form of {@link #reset()}. */
    public abstract Task<FileInputStream, Void> reset(TaskMode mode) throws NotImplementedException;

    /** Task form of {@link #markSupported()}. */
    public abstract Task<FileInputStream, Boolean> markSupported(TaskMode mode) throws NotImplementedException;
}
