package org.ogf.saga.error;

import org.ogf.saga.SagaObject;

/** Thrown when a parameter is out of range, of the wrong form or otherwise unusable. */
public class BadParameterException extends SagaException {
    private static final long serialVersionUID = 1L;

    public BadParameterException() {
        super();
    }

    public BadParameterException(String message) {
        super(message);
    }

    public BadParameterException(Throwable cause) {
        super(cause);
    }

    public BadParameterException(String message, Throwable cause) {
        super(message, cause);
    }

    public BadParameterException(String message, SagaObject object) {
        super(message, object);
    }

    public BadParameterException(Throwable cause, SagaObject object) {
        super(cause, object);
    }

    public BadParameterException(String message, Throwable cause, SagaObject object) {
        super(message, cause, object);
    }

    @Override
    protected int specificity() {
        return 2;
    }
}
