package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the operation did not complete within the time allowed. */
public class TimeoutException extends SagaException {
    private static final long serialVersionUID = 1L;

    public TimeoutException() {
        super(TIMEOUT);
    }

    public TimeoutException(String message) {
        super(TIMEOUT, message);
    }

    public TimeoutException(Throwable cause) {
        super(TIMEOUT, cause);
    }

    public TimeoutException(String message, Throwable cause) {
        super(TIMEOUT, message, cause);
    }

    public TimeoutException(String message, SagaObject object) {
        super(TIMEOUT, message, object);
    }

    public TimeoutException(Throwable cause, SagaObject object) {
        super(TIMEOUT, cause, object);
    }

    public TimeoutException(String message, Throwable cause, SagaObject object) {
        super(TIMEOUT, message, cause, object);
    }
}
