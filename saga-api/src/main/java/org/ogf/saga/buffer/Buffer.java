package org.ogf.saga.buffer;

import org.ogf.saga.SagaObject;
import org.ogf.saga.error.BadParameterException;
import org.ogf.saga.error.DoesNotExistException;
import org.ogf.saga.error.IncorrectStateException;
import org.ogf.saga.error.NoSuccessException;

/**
 * A byte buffer for I/O (GFD.90, section 3.4). Application-managed: created on the application's byte
 * array, or implementation-managed: created with a size (or none: the implementation allocates on
 * the first read). After {@link #close} every call but close throws {@link IncorrectStateException}.
 */
public interface Buffer extends SagaObject {
    /**
     * Makes this an implementation-managed buffer of {@code size} bytes (-1: the implementation chooses).
     *
     * @throws BadParameterException size is below -1
     */
    void setSize(int size) throws BadParameterException, IncorrectStateException, NoSuccessException;

    /** Makes this an implementation-managed buffer whose size the implementation chooses. */
    void setSize() throws BadParameterException, IncorrectStateException, NoSuccessException;

    /** The size in bytes (-1 if not allocated yet). */
    int getSize() throws IncorrectStateException;

    /**
     * Makes this an application-managed buffer on {@code data} (not copied).
     *
     * @throws BadParameterException data is null
     */
    void setData(byte[] data) throws BadParameterException, IncorrectStateException, NoSuccessException;

    /**
     * The bytes (the array itself, not a copy).
     *
     * @throws DoesNotExistException an implementation-managed buffer that has not been allocated yet
     */
    byte[] getData() throws DoesNotExistException, IncorrectStateException;

    /** Releases the buffer. */
    void close();

    /** Releases the buffer. */
    void close(float timeoutInSeconds);
}
