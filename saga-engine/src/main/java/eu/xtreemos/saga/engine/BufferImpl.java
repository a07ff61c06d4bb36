package eu.xtreemos.saga.engine;

import eu.xtreemos.saga.spi.SagaObjectBase;
import org.ogf.saga.buffer.Buffer;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;

/**
 * A buffer on a byte array: application-managed (the application's array) or implementation-managed
 * (allocated here; size -1 means "allocate when first read into": {@link #allocate}).
 */
public final class BufferImpl extends SagaObjectBase implements Buffer {
    /** The size an implementation-managed buffer of unspecified size gets when first used. */
    public static final int DEFAULT_SIZE = 64 * 1024;

    private byte[] data;
    private int size = -1;
    private boolean applicationManaged;
    private boolean closed;

    BufferImpl() {
        super(null);
    }

    private void open() throws IncorrectStateException {
        if (closed) {
            throw new IncorrectStateException("buffer " + getId() + " is closed", this);
        }
    }

    @Override
    public synchronized void setSize(int size) throws BadParameterException, IncorrectStateException {
        open();
        if (size < -1) {
            throw new BadParameterException("buffer size " + size + " is negative (-1: implementation chooses)", this);
        }
        this.size = size;
        this.data = size >= 0 ? new byte[size] : null;
        this.applicationManaged = false;
    }

    @Override
    public void setSize() throws BadParameterException, IncorrectStateException {
        setSize(-1);
    }

    @Override
    public synchronized int getSize() throws IncorrectStateException {
        open();
        return size;
    }

    @Override
    public synchronized void setData(byte[] data) throws BadParameterException, IncorrectStateException {
        open();
        if (data == null) {
            throw new BadParameterException("buffer data is null", this);
        }
        this.data = data;
        this.size = data.length;
        this.applicationManaged = true;
    }

    @Override
    public synchronized byte[] getData() throws DoesNotExistException, IncorrectStateException {
        open();
        if (data == null) {
            throw new DoesNotExistException("buffer " + getId() + " has no data yet (its size is chosen on first read)", this);
        }
        return data;
    }

    /** The array to read into, allocating an implementation-managed buffer of unspecified size. */
    public synchronized byte[] allocate() throws IncorrectStateException {
        open();
        if (data == null) {
            data = new byte[DEFAULT_SIZE];
            size = DEFAULT_SIZE;
        }
        return data;
    }

    public synchronized boolean isApplicationManaged() {
        return applicationManaged;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (!applicationManaged) {
            data = null;
        }
    }

    @Override
    public void close(float timeoutInSeconds) {
        close();
    }

    @Override
    public synchronized Object clone() throws CloneNotSupportedException {
        BufferImpl b = (BufferImpl) super.clone();
        b.data = data == null ? null : data.clone();
        return b;
    }
}
