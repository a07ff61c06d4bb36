package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when the operation did not complete within the time allowed. */
public class TimeoutException extends SagaException {
    private static final long serialVersionUID = 1L;

    public TimeoutException() {
        super();
    }

    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(Throwable cause) {
        super(cause);
    }

    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    public TimeoutException(String message, SagaObject object) {
        super(message, object);
    }

    public TimeoutException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public TimeoutException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 9;
    }
}
