package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/**
 * Thrown when an I/O call failed where GFD.90 would return a POSIX error code (the Java binding's exception for
 * the specification's negative return values); the code, when known, is kept ({@link #getPosixErrorCode}, 0 if
 * none).
 */
public class SagaIOException extends SagaException {
    private static final long serialVersionUID = 1L;
    private final int posixErrorCode;

    public SagaIOException() {
        this(null, null, 0, null);
    }

    public SagaIOException(String message) {
        this(message, null, 0, null);
    }

    public SagaIOException(String message, int posixErrorCode) {
        this(message, null, posixErrorCode, null);
    }

    public SagaIOException(Throwable cause) {
        this(cause == null ? null : cause.toString(), cause, 0, null);
    }

    public SagaIOException(String message, Throwable cause) {
        this(message, cause, 0, null);
    }

    public SagaIOException(String message, SagaObject object) {
        this(message, null, 0, object);
    }

    public SagaIOException(Throwable cause, SagaObject object) {
        this(cause == null ? null : cause.toString(), cause, 0, object);
    }

    public SagaIOException(String message, Throwable cause, SagaObject object) {
        this(message, cause, 0, object);
    }

    public SagaIOException(String message, Throwable cause, int posixErrorCode, SagaObject object) {
        super(IO_EXCEPTION, message, cause, object);
        this.posixErrorCode = posixErrorCode;
    }

    /** The POSIX error code, or 0 when none is known. */
    public int getPosixErrorCode() {
        return posixErrorCode;
    }
}
