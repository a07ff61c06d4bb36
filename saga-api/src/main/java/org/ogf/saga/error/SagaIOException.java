package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/**
 * Thrown when an I/O call failed where the specification would return a POSIX error code; the code,
 * when known, is kept ({@link #getPosixErrorCode}, 0 if none).
 */
public class SagaIOException extends SagaException {
    private static final long serialVersionUID = 1L;
    private final int posixErrorCode;

    public SagaIOException() {
        this(0, null, null, null);
    }

    public SagaIOException(String message) {
        this(0, message, null, null);
    }

    public SagaIOException(Throwable cause) {
        this(0, cause == null ? null : cause.toString(), cause, null);
    }

    public SagaIOException(String message, Throwable cause) {
        this(0, message, cause, null);
    }

    public SagaIOException(String message, SagaObject object) {
        this(0, message, null, object);
    }

    public SagaIOException(Throwable cause, SagaObject object) {
        this(0, cause == null ? null : cause.toString(), cause, object);
    }

    public SagaIOException(String message, Throwable cause, SagaObject object) {
        this(0, message, cause, object);
    }

    public SagaIOException(int posixErrorCode, String message, SagaObject object) {
        this(posixErrorCode, message, null, object);
    }

    private SagaIOException(int posixErrorCode, String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
        this.posixErrorCode = posixErrorCode;
    }

    /** The POSIX error code, or 0 when none is known. */
    public int getPosixErrorCode() {
        return posixErrorCode;
    }

    @Override
    protected int specificity() {
        return 11;
    }
}
